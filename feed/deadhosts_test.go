package feed

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/parse"
)

// deadHosts starts, on loopback, a port that refuses connections and a
// server that accepts them and never answers; it counts the connections
// the second one accepts.
func deadHosts(t *testing.T) (refused, silent string, accepted *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused = l.Addr().String()
	l.Close() // nothing listens there now
	s, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = new(atomic.Int64)
	var conns []net.Conn
	go func() {
		for {
			c, err := s.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conns = append(conns, c) // held open, never answered
		}
	}()
	t.Cleanup(func() { s.Close() })
	return refused, s.Addr().String(), accepted
}

// manyEpisodes is an archive of n articles of the seed's shape whose
// covers are at cover(i).
func manyEpisodes(t *testing.T, cfg *Config, n int, cover func(i int) string) *archive.Archive {
	t.Helper()
	seed, err := parse.Parser{}.Parse("testdata/articles/000_ab612374b3f95bb2.txt", mustRead(t, "testdata/articles/000_ab612374b3f95bb2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	arch := &archive.Archive{Keys: map[string]cache.Key{}}
	cfg.Episodes = map[string]Override{} // the example's overrides are of articles not here
	cfg.AudioDir = t.TempDir()           // an audio file each, named by its id
	audio := mustRead(t, "audio/testdata/cbr-xing.mp3")
	for i := range n {
		if err := os.WriteFile(filepath.Join(cfg.AudioDir, fmt.Sprint(3000000+i)+".mp3"), audio, 0o644); err != nil {
			t.Fatal(err)
		}
		a := seed
		a.PostID = fmt.Sprint(3000000 + i)
		a.File = fmt.Sprintf("articles/%d.md", 3000000+i)
		a.Cover = cover(i)
		arch.Articles = append(arch.Articles, a)
		arch.Keys[a.File] = cache.KeyOf("test article", a.File, a.Cover)
		cfg.Episodes[a.PostID] = Override{Date: time.Unix(int64(1e9+i), 0)}
	}
	return arch
}

// TestDeadHosts: covers on a host that refuses connections, and on one
// that accepts and never answers, cost one failure each: the host is not
// asked again in the build, every episode falls back to the channel
// artwork with a warning of one kind, and the next build, within a day,
// asks neither host at all.
func TestDeadHosts(t *testing.T) {
	refused, silent, accepted := deadHosts(t)
	cacheDir := t.TempDir()
	const n = 12
	build := func() *Result {
		t.Helper()
		cfg := testConfig(t, t.TempDir())
		cfg.MirrorCovers, cfg.CoversDir, cfg.FetchTimeout = true, t.TempDir(), 300*time.Millisecond
		cfg.Cache, cfg.Code = cache.Open(cacheDir), "test"
		arch := manyEpisodes(t, &cfg, n, func(i int) string {
			if i%2 == 0 {
				return "http://" + refused + fmt.Sprintf("/%d.jpg", i)
			}
			return "http://" + silent + fmt.Sprintf("/%d.jpg", i)
		})
		res, err := Build(t.Context(), cfg, arch)
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Cache.Save(); err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := build()
	if len(res.Episodes) != n {
		t.Fatalf("%d episodes, want %d", len(res.Episodes), n)
	}
	for _, e := range res.Episodes {
		if e.ImageURL != "" {
			t.Errorf("%s: cover %s, want the channel artwork", e.GUID, e.ImageURL)
		}
	}
	groups := map[string]int{}
	for _, w := range res.Warnings {
		kind, counted := GroupOf(w)
		if !counted {
			t.Errorf("%v: its kind %q is not named to follow a count", w, kind)
		}
		groups[kind]++
	}
	want := map[string]int{
		"covers not mirrored (" + refused + ": connection refused): the episodes use the channel artwork": n / 2,
		"covers not mirrored (" + silent + ": no answer in time): the episodes use the channel artwork":   n / 2,
	}
	if d := cmp.Diff(want, groups); d != "" {
		t.Errorf("warnings by kind (-want +got):\n%s", d)
	}
	if a := accepted.Load(); a == 0 || a > fetch.Slots {
		t.Errorf("the silent host was asked %d times; a host that failed is not asked again", a)
	}
	before := accepted.Load()
	res = build()
	if a := accepted.Load() - before; a != 0 {
		t.Errorf("the next build asked the silent host %d times", a)
	}
	for _, w := range res.Warnings {
		if !strings.Contains(w.Error(), "as an earlier build found at ") || !strings.Contains(w.Error(), "; not asked again until a day after that, or by a build with --cache-dir '')") {
			t.Errorf("warning %q does not say it is remembered", w)
		}
	}
}
