package feed

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

	cacheFile := filepath.Join(t.TempDir(), "build.json")
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
		b, _ := os.ReadFile(cacheFile)
		b = bytes.ReplaceAll(b, []byte(`"md5":"`+md5mp3), []byte(`"md5":"cafef00d`))
		b = bytes.ReplaceAll(b, []byte(`"md5":"`+md5m4a), []byte(`"md5":"deadbeef`))
		os.WriteFile(cacheFile, b, 0o644)
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

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCacheChecked(t *testing.T) {
	c := OpenCache("")
	doc := []byte(goodFeed(t))
	if c.checked(doc) {
		t.Fatal("an empty cache says checked")
	}
	c.setChecked(doc)
	if !c.checked(doc) || c.checked(append(doc, ' ')) {
		t.Error("checked must hold for exactly the bytes that passed")
	}
	var nilCache *Cache
	if nilCache.checked(doc) {
		t.Error("a nil cache says checked")
	}
	// A corrupt cache file is an empty cache.
	file := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(file, []byte("{oops"), 0o644)
	if c := OpenCache(file); c.checked(doc) || len(c.data.Media) != 0 {
		t.Error("corrupt cache file was trusted")
	}
}
