package feed

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/gob"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sakurafm/podgen/parse"
)

// TestCacheUsed poisons a cached MD5 to prove that a rebuild takes it from
// the cache: a git-tracked file keeps its entry in a fresh clone, whose
// mtimes are all new, as a CI checkout's are (the key is its blob id); a
// file whose stat data changed, or that is not tracked and was touched, is
// probed again.
func TestCacheUsed(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	repo := t.TempDir()
	for _, f := range []string{"vbr-noxing.mp3", "faststart.m4a"} {
		b, _ := os.ReadFile(filepath.Join("testdata", "audio", f))
		os.WriteFile(filepath.Join(repo, f), b, 0o644)
	}
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(repo, "init", "-q")
	git(repo, "add", "vbr-noxing.mp3") // faststart.m4a stays untracked: keyed by stat
	git(repo, "commit", "-qm", "x")

	cacheFile := filepath.Join(t.TempDir(), "build.cache")
	build := func(audio string) map[string]string {
		t.Helper()
		cfg := testConfig(t, t.TempDir())
		cfg.AudioDir = audio
		cfg.Cache = OpenCache(cacheFile)
		res, err := buildTestdata(t, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Cache.Save(); err != nil {
			t.Fatal(err)
		}
		urls := map[string]string{}
		for _, e := range res.Episodes {
			urls[e.GUID] = e.URL
		}
		return urls
	}
	first := build(repo)
	md5mp3, md5m4a := md5Prefix(t, filepath.Join(repo, "vbr-noxing.mp3")), md5Prefix(t, filepath.Join(repo, "faststart.m4a"))
	if !strings.Contains(first["gnews-2455369"], md5mp3) {
		t.Fatalf("first build: %s", first["gnews-2455369"])
	}
	poison := func() {
		resave(t, cacheFile, func(d *cacheData) {
			for k, m := range d.Media {
				switch {
				case strings.HasPrefix(m.MD5, md5mp3):
					m.MD5 = "cafef00d" + m.MD5[8:]
				case strings.HasPrefix(m.MD5, md5m4a):
					m.MD5 = "deadbeef" + m.MD5[8:]
				}
				d.Media[k] = m
			}
		})
	}
	poison()

	// A fresh clone: every mtime is new, the blob id is the same.
	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", repo, clone).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(clone, "faststart.m4a"), mustRead(t, filepath.Join(repo, "faststart.m4a")), 0o644)
	second := build(clone)
	if !strings.Contains(second["gnews-2455369"], "-cafef00d.mp3") {
		t.Errorf("git-tracked file in a fresh clone: %s; want the cached (poisoned) MD5", second["gnews-2455369"])
	}
	if !strings.Contains(second["gnews-2457120"], md5m4a) {
		t.Errorf("untracked file at a new path: %s; want it probed", second["gnews-2457120"])
	}

	// Touched, or changed: probed again, tracked or not.
	poison()
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(repo, "faststart.m4a"), later, later)
	f, _ := os.OpenFile(filepath.Join(repo, "vbr-noxing.mp3"), os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{0})
	f.Close()
	third := build(repo)
	if strings.Contains(third["gnews-2455369"], "cafef00d") || !strings.Contains(third["gnews-2455369"], md5Prefix(t, filepath.Join(repo, "vbr-noxing.mp3"))) {
		t.Errorf("changed tracked file: %s; want its new MD5", third["gnews-2455369"])
	}
	if !strings.Contains(third["gnews-2457120"], md5m4a) {
		t.Errorf("touched untracked file: %s; want it probed again", third["gnews-2457120"])
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCacheCorrupt(t *testing.T) {
	// A corrupt cache file is an empty cache.
	file := filepath.Join(t.TempDir(), "c")
	os.WriteFile(file, []byte("{oops"), 0o644)
	if c := OpenCache(file); len(c.data.Media) != 0 || len(c.data.Episodes) != 0 {
		t.Error("corrupt cache file was trusted")
	}
}

// articleRepo is a git repository of the testdata's articles, committed.
func articleRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	repo := t.TempDir()
	for _, f := range []string{"000_ab612374b3f95bb2.txt", "001_2457120.md", "other-series.md"} {
		os.WriteFile(filepath.Join(repo, f), mustRead(t, filepath.Join("testdata", "articles", f)), 0o644)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-qm", "x"}} {
		git(t, repo, args...)
	}
	return repo
}

// TestEpisodeCache: what a build parsed and rendered is reused by the next
// build of the same code, and only while nothing it is made of changed.
// Poisoned cache entries prove reuse: a rebuild shows the poison.
func TestEpisodeCache(t *testing.T) {
	repo := articleRepo(t)
	cacheFile := filepath.Join(t.TempDir(), "build.cache")
	out := t.TempDir()
	parser := parse.Parser{}
	build := func(code string) (*Result, string) {
		t.Helper()
		cfg := testConfig(t, out)
		cfg.ArticlesDir, cfg.Code, cfg.Cache = repo, code, OpenCache(cacheFile)
		cfg.Cache.Prefetch(context.Background(), repo, cfg.AudioDir) // as podgen build does
		mem := cfg.Cache.ArticleMemory(context.Background(), func() string { return code }, repo, parser)
		arch, err := parse.Walk(os.DirFS(repo), repo, parser, mem)
		mem.Wait()
		if err != nil || len(arch.Errors) > 0 || len(arch.Articles) != 2 || len(arch.Skipped) != 1 {
			t.Fatalf("walk: %v %v, %d articles, %d skipped", err, arch.Errors, len(arch.Articles), len(arch.Skipped))
		}
		res, err := Build(context.Background(), cfg, arch.Articles)
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Cache.Save(); err != nil {
			t.Fatal(err)
		}
		return res, string(mustRead(t, filepath.Join(out, FeedFile)))
	}
	poison := func(edit func(*cacheData)) { resave(t, cacheFile, edit) }
	_, first := build("code-1")
	script := filepath.Join(out, TranscriptsDir, "2455369.html")
	firstScript := mustRead(t, script)
	if _, again := build("code-1"); again != first {
		t.Fatal("a rebuild from the cache gives another feed")
	}

	// Items come from the cache (neither rendered nor checked again: the
	// poisoned value would fail the check) ...
	poison(func(d *cacheData) {
		for file, e := range d.Episodes {
			e.item = bytes.ReplaceAll(e.item, []byte("<itunes:episodeType>full<"), []byte("<itunes:episodeType>fuLL<"))
			d.Episodes[file] = e
		}
	})
	if _, feed := build("code-1"); !strings.Contains(feed, "fuLL") {
		t.Error("the items were rendered again, not taken from the cache")
	}
	// ... and so do the parsed articles.
	poison(func(d *cacheData) {
		for name, a := range d.Articles {
			a.Article.Title = strings.Replace(a.Article.Title, "服务", "服務", 1)
			d.Articles[name] = a
		}
	})
	if res, _ := build("code-1"); !strings.Contains(res.Episodes[1].Title, "服務") {
		t.Errorf("title %q: the article was parsed again, not recalled", res.Episodes[1].Title)
	}

	// Another time zone for the parser parses the articles again: the
	// poisoned title is gone from the parsed articles.
	parser.Location = time.FixedZone("JST", 9*3600)
	if res, _ := build("code-1"); strings.Contains(res.Episodes[1].Title, "服務") {
		t.Error("articles parsed with other settings were recalled")
	}
	parser.Location = nil

	// Other code renders everything again: the poison is gone.
	if _, feed := build("code-2"); feed != first {
		t.Error("other code reused the cache")
	}

	// A transcript the site holds as written is not rendered again: its
	// stamp (size and mtime) stands for it, as a file's does for make.
	st, _ := os.Stat(script)
	marked := bytes.Replace(firstScript, []byte("<article>"), []byte("<ARTICLE>"), 1)
	os.WriteFile(script, marked, 0o644)
	os.Chtimes(script, st.ModTime(), st.ModTime())
	build("code-2")
	if got := mustRead(t, script); !bytes.Equal(got, marked) {
		t.Error("a current transcript was rendered again")
	}

	// A transcript missing from the site is written again.
	os.Remove(script)
	build("code-2")
	if got := mustRead(t, script); !bytes.Equal(got, firstScript) {
		t.Error("the missing transcript was not written again as it was")
	}

	// An edited article is parsed and rendered again: committed (as a
	// nightly pull brings it), and in the work tree. Only the body changes:
	// nothing of the episode's own fields tells the cache the item is old.
	art := filepath.Join(repo, "000_ab612374b3f95bb2.txt")
	was := "中国最大的电子商务提供商阿里巴巴集团，正将其"
	for _, edit := range []struct{ text, commit string }{{"改过的正文，", "edit"}, {"再改的正文，", ""}} {
		os.WriteFile(art, bytes.Replace(mustRead(t, art), []byte(was), []byte(edit.text), 1), 0o644)
		was = edit.text
		if edit.commit != "" {
			git(t, repo, "commit", "-qam", edit.commit)
		}
		_, feed := build("code-2")
		if !strings.Contains(feed, edit.text) {
			t.Errorf("an article edited %s kept its cached episode", map[string]string{"": "in the work tree", "edit": "and committed"}[edit.commit])
		}
		if _, again := build("code-2"); again != feed {
			t.Error("the rebuild after the edit gives another feed")
		}
	}
}

// git runs git in repo, as a test user.
func git(t *testing.T, repo string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// resave edits the entries of a cache file and saves them as a build would
// (checksum included): poisoned entries that a rebuild shows prove reuse.
func resave(t *testing.T, file string, edit func(*cacheData)) {
	t.Helper()
	c := OpenCache(file)
	if len(c.data.Media) == 0 {
		t.Fatal("an empty cache")
	}
	edit(&c.data)
	for name := range c.data.Articles {
		c.used["a:"+name] = true
	}
	for f := range c.data.Episodes {
		c.used["e:"+f] = true
	}
	c.dirty = true
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestCacheDamaged: a cache file damaged anywhere (a flipped byte, a cut)
// is an empty cache, never a panic and never a changed entry.
func TestCacheDamaged(t *testing.T) {
	file := filepath.Join(t.TempDir(), "build.cache")
	c := OpenCache(file)
	c.forCode("code")
	c.putMedia("git:1", Media{Size: 10, Type: typeMP3, Ext: ".mp3", Duration: time.Second}, "0123456789abcdef0123456789abcdef")
	c.putEpisode("a.md", cachedEpisode{Key: "k", Facts: itemFacts{"gnews-1", "gnews-1", "https://x.org/a.mp3"},
		item: []byte("\n    <item><title>t</title></item>"), page: []byte("<article>t</article>\n")})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	good := mustRead(t, file)
	if d, ok := decodeCache(good); !ok || string(d.Episodes["a.md"].item) != "\n    <item><title>t</title></item>" {
		t.Fatalf("the cache does not read back: %v %+v", ok, d)
	}
	for i := range good {
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x20
		if _, ok := decodeCache(bad); ok {
			t.Fatalf("byte %d flipped: the cache was trusted", i)
		}
		if _, ok := decodeCache(good[:i]); ok {
			t.Fatalf("cut at %d: the cache was trusted", i)
		}
	}
}

// TestArticleMemoryBeforeCode: on a first build the walk does not wait for
// the code to be identified; what it parsed meanwhile is kept once it is,
// and recalled by the next build of the same code, not by other code.
func TestArticleMemoryBeforeCode(t *testing.T) {
	repo := articleRepo(t)
	file := filepath.Join(t.TempDir(), "build.cache")
	walk := func(c *Cache, code func() string) *parse.Archive {
		t.Helper()
		mem := c.ArticleMemory(context.Background(), code, repo, parse.Parser{})
		arch, err := parse.Walk(os.DirFS(repo), repo, parse.Parser{}, mem)
		mem.Wait()
		if err != nil || len(arch.Articles) != 2 || len(arch.Skipped) != 1 {
			t.Fatalf("walk: %v, %d articles, %d skipped", err, len(arch.Articles), len(arch.Skipped))
		}
		return arch
	}
	c := OpenCache(file)
	release := make(chan struct{})
	var mem *ArticleMemory
	walked := make(chan error, 1)
	go func() {
		mem = c.ArticleMemory(context.Background(), func() string { <-release; return "code-1" }, repo, parse.Parser{})
		_, err := parse.Walk(os.DirFS(repo), repo, parse.Parser{}, mem)
		walked <- err
	}()
	select {
	case err := <-walked:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the walk waited for the code")
	}
	c.mu.Lock()
	early := len(c.data.Articles)
	c.mu.Unlock()
	if early != 0 {
		t.Errorf("%d articles kept before the code was known", early)
	}
	close(release)
	mem.Wait()
	c.putMedia("git:0", Media{Size: 1, Type: typeMP3, Ext: ".mp3"}, "00000000000000000000000000000000")
	c.mu.Lock()
	kept, digests := len(c.data.Articles), len(c.digests)
	c.mu.Unlock()
	if kept != 3 || digests != 2 {
		t.Fatalf("kept %d articles (skipped one too) and %d digests, want 3 and 2", kept, digests)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// The next build of the same code recalls them (poisoned: no file is
	// parsed again); other code parses them again.
	resave(t, file, func(d *cacheData) {
		for name, a := range d.Articles {
			a.Article.Title += " (cached)"
			d.Articles[name] = a
		}
	})
	same := walk(OpenCache(file), func() string { return "code-1" })
	other := walk(OpenCache(file), func() string { return "code-2" })
	for i := range same.Articles {
		if !strings.HasSuffix(same.Articles[i].Title, " (cached)") || strings.HasSuffix(other.Articles[i].Title, " (cached)") {
			t.Errorf("%s: same code %q, other code %q", same.Articles[i].File, same.Articles[i].Title, other.Articles[i].Title)
		}
	}
}

// TestCacheMapped: a loaded cache reads its items from the mapped file,
// saves them into the next file (which replaces the mapped one by rename),
// and lets the file go on Close.
func TestCacheMapped(t *testing.T) {
	file := filepath.Join(t.TempDir(), "build.cache")
	item := func(n string) []byte { return []byte("\n    <item><title>" + n + "</title></item>") }
	put := func(c *Cache, name string) {
		c.putEpisode(name, cachedEpisode{Key: "k" + name, Facts: itemFacts{"g" + name, "g" + name, "https://x.org/" + name}, item: item(name), page: []byte(name)})
	}
	c := OpenCache(file)
	c.forCode("code")
	put(c, "a.md")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	first := OpenCache(file)
	first.forCode("code")
	if e, ok := first.episode("a.md", "ka.md"); !ok || !bytes.Equal(e.item, item("a.md")) || first.release == nil {
		t.Fatalf("a.md from the mapped file: %q, %v (mapped: %v)", e.item, ok, first.release != nil)
	}
	put(first, "b.md")
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	second := OpenCache(file)
	second.forCode("code")
	first.Close()
	if _, ok := first.episode("a.md", "ka.md"); ok {
		t.Error("a closed cache still has its entries")
	}
	for _, name := range []string{"a.md", "b.md"} {
		if e, ok := second.episode(name, "k"+name); !ok || !bytes.Equal(e.item, item(name)) || string(e.page) != name {
			t.Errorf("%s after a save over the mapped file: %q %q, %v", name, e.item, e.page, ok)
		}
	}
	second.Close()
}

// TestDecodeMetaCounts: counts that the bytes cannot hold (a cache file
// written by a broken podgen, whose checksum is right) are a damaged cache,
// not an allocation or a panic; entries short of the count, too.
func TestDecodeMetaCounts(t *testing.T) {
	for _, h := range []cacheHead{
		{Version: cacheVersion, Media: 1 << 40},
		{Version: cacheVersion, Media: math.MaxInt, Articles: math.MaxInt},
		{Version: cacheVersion, Episodes: -1},
		{Version: cacheVersion, Articles: 2},
		{Version: cacheVersion - 1},
	} {
		var b bytes.Buffer
		enc := gob.NewEncoder(&b)
		if err := enc.Encode(h); err != nil {
			t.Fatal(err)
		}
		enc.Encode(entry[cachedArticle]{Key: "a.md"}) // one entry, whatever the count
		if _, ok := decodeMeta(b.Bytes()); ok {
			t.Errorf("%+v: decoded", h)
		}
	}
	var b bytes.Buffer
	d := cacheData{Version: cacheVersion, Code: "c", Media: map[string]cachedFile{"m": {Size: 1}},
		Articles: map[string]cachedArticle{"a.md": {Blob: "b"}, "b.md": {Skip: "other series"}}, Episodes: map[string]cachedEpisode{"a.md": {Key: "k"}}}
	if err := encodeMeta(&b, &d); err != nil {
		t.Fatal(err)
	}
	got, ok := decodeMeta(b.Bytes())
	if !ok || !reflect.DeepEqual(got, d) {
		t.Fatalf("round trip: %v\n got %+v\nwant %+v", ok, got, d)
	}
}

// TestGitBlobs: the blob ids of dir's tracked files, by path relative to
// dir, leaving out a file changed since (it is probed again) and the
// files outside dir, a changed one among them.
func TestGitBlobs(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	repo := t.TempDir()
	files := map[string]string{"articles/a.md": "a", "articles/sub/b.md": "b", "articles/c.md": "c", "audio/1.mp3": "1", "top.txt": "t"}
	for name, body := range files {
		p := filepath.Join(repo, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-qm", "x"}} {
		git(t, repo, args...)
	}
	for _, name := range []string{"articles/c.md", "audio/1.mp3"} {
		if err := os.WriteFile(filepath.Join(repo, filepath.FromSlash(name)), []byte("changed"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := gitBlobs(context.Background(), filepath.Join(repo, "articles"))
	// git hash-object: "blob <len>\0<content>", SHA-1.
	blob := func(s string) string {
		return fmt.Sprintf("%x", sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(s), s))))
	}
	want := map[string]string{"a.md": blob("a"), "sub/b.md": blob("b")}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("gitBlobs(articles) (-want +got):\n%s", d)
	}
	if got := gitBlobs(context.Background(), t.TempDir()); got != nil {
		t.Errorf("outside a work tree: %v, want nil", got)
	}
}

// TestGitBlobID: the ids a build computes are git's own (git hash-object),
// for text, binary audio and the empty file.
func TestGitBlobID(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"empty":   nil,
		"seed.md": mustRead(t, "testdata/articles/000_ab612374b3f95bb2.txt"),
		"a.mp3":   mustRead(t, "testdata/audio/cbr-xing.mp3"),
		"crlf.md": []byte("## 樱花FM┃t\r\n\r\n正文\r\n"),
	}
	for name, b := range files {
		path := filepath.Join(dir, name)
		os.WriteFile(path, b, 0o644)
		// --no-filters: the file's bytes as they are, as podgen hashes them.
		out, err := exec.Command("git", "hash-object", "--no-filters", path).Output()
		if err != nil {
			t.Fatalf("git hash-object: %v", err)
		}
		if got, want := gitBlobID(b), strings.TrimSpace(string(out)); got != want {
			t.Errorf("%s: gitBlobID = %s, git says %s", name, got, want)
		}
	}
}
