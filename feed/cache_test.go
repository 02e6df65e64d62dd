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
// the cache; a changed audio file is probed again; a git-tracked file keeps
// its entry across an mtime reset (the key is its blob id).
func TestCacheUsed(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	audio := t.TempDir()
	for _, f := range []string{"vbr-noxing.mp3", "faststart.m4a"} {
		b, _ := os.ReadFile(filepath.Join("testdata", "audio", f))
		os.WriteFile(filepath.Join(audio, f), b, 0o644)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", audio, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "vbr-noxing.mp3") // faststart.m4a stays untracked: keyed by stat
	git("commit", "-qm", "x")

	cacheFile := filepath.Join(t.TempDir(), "build.json")
	build := func() *Result {
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
		return res
	}
	url := func(res *Result, guid string) string {
		for _, e := range res.Episodes {
			if e.GUID == guid {
				return e.URL
			}
		}
		return ""
	}
	first := build()
	md5mp3, md5m4a := md5Prefix(t, filepath.Join(audio, "vbr-noxing.mp3")), md5Prefix(t, filepath.Join(audio, "faststart.m4a"))
	if !strings.Contains(url(first, "gnews-2455369"), md5mp3) {
		t.Fatalf("first build: %s", url(first, "gnews-2455369"))
	}
	b, _ := os.ReadFile(cacheFile)
	b = bytes.ReplaceAll(b, []byte(`"md5":"`+md5mp3), []byte(`"md5":"cafef00d`))
	b = bytes.ReplaceAll(b, []byte(`"md5":"`+md5m4a), []byte(`"md5":"deadbeef`))
	os.WriteFile(cacheFile, b, 0o644)

	// Reset every mtime, as a CI checkout does.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(audio, "vbr-noxing.mp3"), later, later)
	os.Chtimes(filepath.Join(audio, "faststart.m4a"), later, later)
	second := build()
	if !strings.Contains(url(second, "gnews-2455369"), "-cafef00d.mp3") {
		t.Errorf("git-tracked file after an mtime reset: %s; want the cached (poisoned) MD5", url(second, "gnews-2455369"))
	}
	if !strings.Contains(url(second, "gnews-2457120"), md5m4a) {
		t.Errorf("untracked file after an mtime change: %s; want it probed again", url(second, "gnews-2457120"))
	}

	// A changed file is probed again, tracked or not.
	f, _ := os.OpenFile(filepath.Join(audio, "vbr-noxing.mp3"), os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{0})
	f.Close()
	third := build()
	if strings.Contains(url(third, "gnews-2455369"), "cafef00d") || !strings.Contains(url(third, "gnews-2455369"), md5Prefix(t, filepath.Join(audio, "vbr-noxing.mp3"))) {
		t.Errorf("changed file: %s; want its new MD5", url(third, "gnews-2455369"))
	}
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
