package upload

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScanSiteSymlinks: a symlink in the site folder is the file or folder
// it points at, when that is inside the site folder; one that points
// outside, at nothing, or at a folder it is in is refused with its path,
// all of them at once.
func TestScanSiteSymlinks(t *testing.T) {
	outside := t.TempDir()
	writeSite(t, outside, map[string]string{"secret.txt": "not for the public"})
	site := filepath.Join(t.TempDir(), "public")
	writeSite(t, site, map[string]string{
		"feed.xml":           "<rss/>",
		"media/real.mp3":     "audio bytes",
		"transcripts/1.html": "<p>one</p>",
	})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(site, name)); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(site, "audio"), 0o755)
	link("../media/real.mp3", "audio/relative.mp3")
	link(filepath.Join(site, "media", "real.mp3"), "audio/absolute.mp3")
	link("transcripts", "pages") // a folder inside: its files are the site's too
	good, err := ScanSite(site, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range good {
		got = append(got, f.Path+" "+f.MD5)
	}
	audio, page := md5Hex([]byte("audio bytes")), md5Hex([]byte("<p>one</p>"))
	want := []string{
		"audio/absolute.mp3 " + audio,
		"audio/relative.mp3 " + audio,
		"feed.xml " + md5Hex([]byte("<rss/>")),
		"media/real.mp3 " + audio,
		"pages/1.html " + page,
		"transcripts/1.html " + page,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}

	link(filepath.Join(outside, "secret.txt"), "audio/secret.mp3")
	link(outside, "elsewhere")
	link("gone.mp3", "audio/dangling.mp3")
	link("..", "transcripts/up")
	_, err = ScanSite(site, nil)
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		filepath.Join(site, "audio", "secret.mp3") + ": a symlink to " + filepath.Join(outside, "secret.txt") + ", outside the site folder",
		filepath.Join(site, "elsewhere") + ": a symlink to " + outside + ", outside the site folder",
		filepath.Join(site, "audio", "dangling.mp3") + ": a symlink to gone.mp3, which does not exist",
		filepath.Join(site, "transcripts", "up") + ": a symlink to a folder it is in (" + site + ")",
		filepath.Join(site, "pages", "up") + ": a symlink to a folder it is in (" + site + ")", // the same, through pages
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("err = %v\nwant %q", err, w)
		}
	}
	if strings.Count(err.Error(), "\n") != 4 {
		t.Errorf("want 5 errors, one a line:\n%v", err)
	}
}

// TestPublishSymlink: what a symlink points at is uploaded, not the link.
func TestPublishSymlink(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, map[string]string{"feed.xml": "<rss/>", "media/real.mp3": "audio bytes"})
	os.MkdirAll(filepath.Join(site, "audio"), 0o755)
	if err := os.Symlink("../media/real.mp3", filepath.Join(site, "audio", "1.mp3")); err != nil {
		t.Fatal(err)
	}
	m := newMemBucket()
	if _, _, err := publish(t, m, site, PlanOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if got := string(m.objects["audio/1.mp3"].data); got != "audio bytes" {
		t.Errorf("audio/1.mp3 in the bucket: %q", got)
	}
}
