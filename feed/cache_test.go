package feed

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sakurafm/podgen/feed/audio"
	"github.com/sakurafm/podgen/feed/cache"
)

// cachedBuild builds feed/testdata with a cache in dir and returns the
// feed.
func cachedBuild(t *testing.T, dir, out string, edit func(*Config)) []byte {
	t.Helper()
	cfg := testConfig(t, out)
	cfg.Cache, cfg.Code = cache.Open(dir), "test code"
	if edit != nil {
		edit(&cfg)
	}
	if _, err := buildTestdata(t, cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Cache.Save(); err != nil {
		t.Fatal(err)
	}
	return mustRead(t, filepath.Join(out, FeedFile))
}

// TestCacheUsed poisons what the cache holds to prove that a rebuild takes
// it from there, and that a change to what an entry is made of is not
// answered from it.
func TestCacheUsed(t *testing.T) {
	dir := t.TempDir()
	audioDir := t.TempDir()
	for _, f := range []string{"vbr-noxing.mp3", "faststart.m4a"} {
		os.WriteFile(filepath.Join(audioDir, f), mustRead(t, filepath.Join("audio", "testdata", f)), 0o644)
	}
	withAudio := func(cfg *Config) { cfg.AudioDir = audioDir }
	first := cachedBuild(t, dir, t.TempDir(), withAudio)

	// The probe of vbr-noxing.mp3 says 5 s; make the cache say 99 s.
	c := cache.Open(dir)
	data := mustRead(t, filepath.Join(audioDir, "vbr-noxing.mp3"))
	probe := cache.KeyOf("probe", "test code", md5hex(string(data)), strconv.Itoa(len(data)))
	var m audio.Media
	if !c.GetJSON(probe, &m) {
		t.Fatal("the probe is not in the cache")
	}
	m.Duration = 99 * time.Second
	c.PutJSON(probe, m)
	c.Save()
	poisoned := cachedBuild(t, dir, t.TempDir(), withAudio)
	if !bytes.Contains(poisoned, []byte("<itunes:duration>99</itunes:duration>")) {
		t.Fatal("the rebuild did not take the probe from the cache")
	}
	// Touched, the file is hashed again, but its content is the same: the
	// probe still comes from the cache. Changed, it is probed again.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(audioDir, "vbr-noxing.mp3"), later, later)
	if b := cachedBuild(t, dir, t.TempDir(), withAudio); !bytes.Contains(b, []byte("<itunes:duration>99</itunes:duration>")) {
		t.Error("a touched file with the same content was probed again")
	}
	os.WriteFile(filepath.Join(audioDir, "vbr-noxing.mp3"), append(data, 0), 0o644)
	if b := cachedBuild(t, dir, t.TempDir(), withAudio); bytes.Contains(b, []byte(">99<")) || !bytes.Contains(b, []byte("<itunes:duration>5</itunes:duration>")) {
		t.Error("a changed file was not probed again")
	}
	// Another podgen probes and renders everything again.
	os.WriteFile(filepath.Join(audioDir, "vbr-noxing.mp3"), data, 0o644)
	other := cachedBuild(t, dir, t.TempDir(), func(cfg *Config) { withAudio(cfg); cfg.Code = "other code" })
	if !bytes.Equal(other, first) {
		t.Error("another code's build differs from the first build")
	}
}

// TestCacheSameSite: whatever the cache holds (what an earlier build of
// other inputs left, a damaged file, nothing), a build gives the site a
// build without a cache gives.
func TestCacheSameSite(t *testing.T) {
	want := cachedBuild(t, t.TempDir(), t.TempDir(), func(cfg *Config) { cfg.Cache = nil })
	dir := t.TempDir()
	out := t.TempDir()
	// An earlier build with another channel and other dates.
	cachedBuild(t, dir, out, func(cfg *Config) {
		cfg.Channel.Author = "someone else"
		cfg.Episodes["2455369"] = Override{Date: time.Unix(1e9, 0), Audio: "vbr-noxing.mp3"}
	})
	if got := cachedBuild(t, dir, out, nil); !bytes.Equal(got, want) {
		t.Error("a build over a cache of other inputs differs")
	}
	// A damaged cache file.
	file := filepath.Join(dir, cache.FileName)
	b := mustRead(t, file)
	b[len(b)/2] ^= 0xff
	os.WriteFile(file, b, 0o644)
	if got := cachedBuild(t, dir, out, nil); !bytes.Equal(got, want) {
		t.Error("a build over a damaged cache differs")
	}
	// A transcript edited in the site folder is written again.
	script := filepath.Join(out, TranscriptsDir, "2455369.html")
	os.WriteFile(script, []byte("edited"), 0o644)
	cachedBuild(t, dir, out, nil)
	if s := mustRead(t, script); !strings.Contains(string(s), "<h1>") {
		t.Errorf("an edited transcript was left as it was: %q", s)
	}
}
