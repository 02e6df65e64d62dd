package feed

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testConfig builds from feed/testdata: the real seed article, one more in
// its shape and one of another series, with fixture audio named in the
// config and fixed dates, so the feed does not depend on git or mtimes.
func testConfig(t testing.TB, out string) Config {
	t.Helper()
	return Config{
		Channel: rss.Channel{
			Title: "樱花FM", Description: "樱花FM的测试频道", Link: "https://gnews.org/", Language: "zh-cn",
			Copyright: "© 东京樱花团", Author: "东京樱花团", OwnerName: "东京樱花团", OwnerEmail: "owner@example.org",
			Category: "News", Subcategory: "Politics", Type: "episodic", Locked: true, Generator: "podgen test",
		},
		BaseURL:  "https://podcast.example.org/sakurafm",
		Artwork:  "testdata/artwork.jpg",
		AudioDir: "audio/testdata",
		OutDir:   out,
		Episodes: map[string]Override{
			"2455369": {Date: time.Date(2022, 5, 18, 12, 0, 0, 0, time.UTC), Audio: "vbr-noxing.mp3"},
			"2457120": {Date: time.Date(2022, 5, 20, 12, 0, 0, 0, time.UTC), Audio: "faststart.m4a"},
		},
	}
}

func testArchive(t *testing.T, cfg Config) *archive.Archive {
	t.Helper()
	arch, err := archive.Read(context.Background(), "testdata/articles", parse.Parser{}, cfg.Cache, cfg.Code)
	if err != nil {
		t.Fatal(err)
	}
	if len(arch.Errors) > 0 || len(arch.Articles) != 2 || len(arch.Skipped) != 1 {
		t.Fatalf("testdata parsed to %d articles, %d skipped, errors %v", len(arch.Articles), len(arch.Skipped), arch.Errors)
	}
	return arch
}

func buildTestdata(t *testing.T, cfg Config) (*Result, error) {
	t.Helper()
	return Build(context.Background(), cfg, testArchive(t, cfg))
}

// sitePagesOfTestdata are the web site's files a build of testdata writes,
// besides feed.xml and the media: testdata/golden holds them.
var sitePagesOfTestdata = []string{page.IndexFile, "transcripts/2457120.html", "transcripts/2455369.html",
	page.SearchFile, page.SitemapFile, page.RobotsFile}

// TestBuildGolden compares feed.xml and the web site's pages with
// testdata/golden (go test ./feed -run Golden -update rewrites them) and
// reads the feed back with gofeed, a real feed parser, so that a wrong
// golden file cannot be blessed unnoticed; TestSiteLinks reads the pages
// as a browser does.
func TestBuildGolden(t *testing.T) {
	out := t.TempDir()
	res, err := buildTestdata(t, testConfig(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	got, err := os.ReadFile(filepath.Join(out, FeedFile))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "feed.xml")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("feed.xml (-want +got):\n%s", d)
	}

	// The web pages too: the index's pieces must join into the page.
	for _, name := range sitePagesOfTestdata {
		got := mustRead(t, filepath.Join(out, filepath.FromSlash(name)))
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if d := cmp.Diff(string(mustRead(t, golden)), string(got)); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	index := mustRead(t, filepath.Join(out, page.IndexFile))
	if n := bytes.Count(index, []byte(`<li class="episode"`)); n != len(res.Episodes) {
		t.Errorf("index.html lists %d episodes, want %d", n, len(res.Episodes))
	}

	f, err := gofeed.NewParser().Parse(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("gofeed cannot read the feed: %v", err)
	}
	if f.FeedType != "rss" || f.Title != "樱花FM" || f.Language != "zh-cn" || f.ITunesExt == nil ||
		f.ITunesExt.Explicit != "false" || f.ITunesExt.Type != "episodic" || len(f.ITunesExt.Categories) != 1 ||
		f.ITunesExt.Categories[0].Text != "News" || f.ITunesExt.Categories[0].Subcategory.Text != "Politics" ||
		f.ITunesExt.Image != "https://podcast.example.org/sakurafm/artwork-286fd757.jpg" {
		t.Errorf("channel as gofeed reads it: %+v %+v", f, f.ITunesExt)
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(time.Date(2022, 5, 20, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("lastBuildDate = %v, want the newest episode's date", f.UpdatedParsed)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items, want 2", len(f.Items))
	}
	type item struct {
		GUID, Title, Desc, URL, Length, Type, Duration, Image, Narrator, Editor, Transcript string
		Date                                                                                time.Time
	}
	var items []item
	for _, it := range f.Items {
		pod := it.Extensions["podcast"]
		var narrator, editor string
		for _, p := range pod["person"] {
			switch p.Attrs["role"] + "/" + p.Attrs["group"] {
			case "narrator/cast":
				narrator = p.Value
			case "editor/writing":
				editor = p.Value
			}
		}
		items = append(items, item{
			GUID: it.GUID, Title: it.Title, Desc: string([]rune(it.Description)[:10]),
			URL: it.Enclosures[0].URL, Length: it.Enclosures[0].Length, Type: it.Enclosures[0].Type,
			Duration: it.ITunesExt.Duration, Image: it.ITunesExt.Image[:min(len(it.ITunesExt.Image), 40)],
			Narrator: narrator, Editor: editor, Transcript: pod["transcript"][0].Attrs["url"], Date: *it.PublishedParsed,
		})
	}
	wantItems := []item{
		{GUID: "gnews-2457120", Title: "基于中国的云和金融服务对美国和全球民主构成威胁（下）", Desc: "这是为podgen示",
			URL:    "https://podcast.example.org/sakurafm/audio/2457120-" + md5Prefix(t, "audio/testdata/faststart.m4a") + ".m4a",
			Length: "23659", Type: "audio/x-m4a", Duration: "7", Image: "https://assets.gnews.org/wp-content/uplo",
			Narrator: "战友520", Editor: "南雁", Transcript: "https://podcast.example.org/sakurafm/transcripts/2457120.html",
			Date: time.Date(2022, 5, 20, 12, 0, 0, 0, time.UTC)},
		{GUID: "gnews-2455369", Title: "基于中国的云和金融服务对美国和全球民主构成威胁（上）", Desc: "中国最大的电子商务提",
			URL:    "https://podcast.example.org/sakurafm/audio/2455369-" + md5Prefix(t, "audio/testdata/vbr-noxing.mp3") + ".mp3",
			Length: "41517", Type: "audio/mpeg", Duration: "5", Image: "https://lh5.googleusercontent.com/73XMBH",
			Narrator: "战友520", Editor: "南雁", Transcript: "https://podcast.example.org/sakurafm/transcripts/2455369.html",
			Date: time.Date(2022, 5, 18, 12, 0, 0, 0, time.UTC)},
	}
	if d := cmp.Diff(wantItems, items); d != "" {
		t.Errorf("items as gofeed reads them (-want +got):\n%s", d)
	}
	// Every file the feed points to is in the site folder, with the length
	// the feed states.
	for _, it := range f.Items {
		for _, u := range []string{it.Enclosures[0].URL, it.Extensions["podcast"]["transcript"][0].Attrs["url"]} {
			rel := strings.TrimPrefix(u, "https://podcast.example.org/sakurafm/")
			st, err := os.Stat(filepath.Join(out, rel))
			if err != nil {
				t.Errorf("feed points to %s, not in the site: %v", u, err)
			} else if u == it.Enclosures[0].URL && it.Enclosures[0].Length != strconvI(st.Size()) {
				t.Errorf("%s: length %s in the feed, %d on disk", rel, it.Enclosures[0].Length, st.Size())
			}
		}
	}
	if ps := rss.Errors(rss.Check(got)); len(ps) != 0 {
		t.Errorf("the golden feed has problems: %v", ps)
	}
}

// TestBuildDeterministic builds twice, into two folders: the same inputs
// give byte-identical feeds. A third build into the first folder writes
// nothing.
func TestBuildDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if _, err := buildTestdata(t, testConfig(t, a)); err != nil {
		t.Fatal(err)
	}
	if _, err := buildTestdata(t, testConfig(t, b)); err != nil {
		t.Fatal(err)
	}
	fa, _ := os.ReadFile(filepath.Join(a, FeedFile))
	fb, _ := os.ReadFile(filepath.Join(b, FeedFile))
	if len(fa) == 0 || !bytes.Equal(fa, fb) {
		t.Fatalf("two builds differ:\n%s", cmp.Diff(string(fa), string(fb)))
	}
	res, err := buildTestdata(t, testConfig(t, a))
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 0 || res.Removed != 0 {
		t.Errorf("rebuild wrote %d files and removed %d, want 0 and 0", res.Written, res.Removed)
	}
}

// TestRebuildWithoutCache: a build with no cache over a site it wrote
// before (a cache lost, or another podgen's) leaves the pages that hold
// what it renders as they are, and writes the one that does not.
func TestRebuildWithoutCache(t *testing.T) {
	out := t.TempDir()
	if _, err := buildTestdata(t, testConfig(t, out)); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(out, TranscriptsDir, "*.html"))
	if len(pages) < 2 {
		t.Fatalf("pages: %v", pages)
	}
	want := mustRead(t, pages[0])
	os.WriteFile(pages[0], []byte("changed by hand"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(pages[1], old, old)
	res, err := buildTestdata(t, testConfig(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 1 || !bytes.Equal(mustRead(t, pages[0]), want) {
		t.Errorf("wrote %d files; the page changed by hand holds %q", res.Written, mustRead(t, pages[0]))
	}
	if st, err := os.Stat(pages[1]); err != nil || !st.ModTime().Equal(old) {
		t.Errorf("a page that held its text was written again (%v)", err)
	}
}

// TestBuildFailureKeepsPreviousFeed: a build that fails writes nothing, so
// the feed of the last good build stays as it was.
func TestBuildFailureKeepsPreviousFeed(t *testing.T) {
	out := t.TempDir()
	if _, err := buildTestdata(t, testConfig(t, out)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, FeedFile))

	audio := t.TempDir()
	os.WriteFile(filepath.Join(audio, "vbr-noxing.mp3"), []byte("not audio at all"), 0o644)
	cfg := testConfig(t, out)
	cfg.AudioDir = audio
	cfg.Episodes["2457120"] = Override{Date: time.Now(), Audio: "vbr-noxing.mp3"}
	_, err := buildTestdata(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "not an MP3 or M4A file") {
		t.Fatalf("err = %v, want the bad audio named", err)
	}
	if !strings.Contains(err.Error(), "testdata/articles/000_ab612374b3f95bb2.txt:5: audio ") {
		t.Errorf("error does not name the article at its title's line: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(out, FeedFile))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed feed.xml")
	}
}

func TestBuildMissingAudio(t *testing.T) {
	for _, strict := range []bool{false, true} {
		t.Run(map[bool]string{false: "warns", true: "strict fails"}[strict], func(t *testing.T) {
			out := t.TempDir()
			cfg := testConfig(t, out)
			cfg.Strict = strict
			delete(cfg.Episodes, "2457120") // no 2457120.mp3 in testdata/audio
			cfg.Episodes["2457120"] = Override{Date: time.Now()}
			res, err := buildTestdata(t, cfg)
			const want = "testdata/articles/001_2457120.md:5: no audio: none of 2457120.mp3, 2457120.m4a, 001_2457120.mp3, 001_2457120.m4a in the audio folder audio/testdata; episode left out"
			if strict {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("err = %v, want %q", err, want)
				}
				if _, err := os.Stat(filepath.Join(out, FeedFile)); !os.IsNotExist(err) {
					t.Error("strict build with a warning wrote a feed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
				t.Errorf("warnings = %v, want %q", res.Warnings, want)
			}
			if len(res.Episodes) != 1 || res.Episodes[0].GUID != "gnews-2455369" {
				t.Errorf("episodes = %+v, want only gnews-2455369", res.Episodes)
			}
		})
	}
}

// TestBuildRemovesStale: a file podgen wrote before and no longer needs is
// removed; the user's own files stay.
func TestBuildRemovesStale(t *testing.T) {
	out := t.TempDir()
	for name, data := range map[string]string{"audio/old-1234abcd.mp3": "x", "transcripts/old.html": "x", "artwork-00000000.png": "x", "index-2.html": "x",
		"CNAME": "mine", "notes/a.txt": "mine", "index-two.html": "mine",
		// In podgen's folders, but not under names podgen gives: a site
		// folder shared with other things (out: .) keeps them.
		"audio/2455369.mp3": "mine", "audio/Old-1234abcd.mp3": "mine", "transcripts/notes.txt": "mine",
		"covers/cover.jpg": "mine", "artwork-orig.jpg": "mine", "artwork-0000000.png": "mine"} {
		p := filepath.Join(out, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	res, err := buildTestdata(t, testConfig(t, out))
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 4 {
		t.Errorf("removed %d, want 4", res.Removed)
	}
	for _, name := range []string{"CNAME", "notes/a.txt", "index-two.html", "audio/2455369.mp3", "audio/Old-1234abcd.mp3",
		"transcripts/notes.txt", "covers/cover.jpg", "artwork-orig.jpg", "artwork-0000000.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("the user's %s was removed", name)
		}
	}
}

// TestRebuildAudio: a rebuild into the same folder leaves the audio it
// placed as it is (nothing written), and replaces one whose size no longer
// matches (a copy cut short).
func TestRebuildAudio(t *testing.T) {
	out := t.TempDir()
	cfg := testConfig(t, out)
	first, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Written == 0 {
		t.Fatal("the first build wrote nothing")
	}
	files, _ := filepath.Glob(filepath.Join(out, AudioDir, "*"))
	if len(files) != 2 {
		t.Fatalf("audio in the site: %v", files)
	}
	want := mustRead(t, files[0])
	again, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if again.Written != 0 {
		t.Errorf("an unchanged rebuild wrote %d files", again.Written)
	}
	// A new file, not the link cut: the site's audio is the testdata's.
	os.Remove(files[0])
	if err := os.WriteFile(files[0], want[:10], 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, files[0]); third.Written != 1 || !bytes.Equal(got, want) {
		t.Errorf("a cut audio file: %d files written, %d bytes, want 1 and %d bytes", third.Written, len(got), len(want))
	}
}

// TestBuildNamedAudioMissing: audio named by config.yaml (or the article)
// that is not there warns once, at the episode's line, with one file:line.
func TestBuildNamedAudioMissing(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.Episodes["2457120"] = Override{Date: time.Now(), Audio: "nope.mp3"}
	res, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := `testdata/articles/001_2457120.md:5: no audio: config.yaml names "nope.mp3", which is not in the audio folder audio/testdata; episode left out`
	if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
		t.Errorf("warnings %q, want %q", res.Warnings, want)
	}
}

// TestBuildFailureWritesNothing: a build that fails after it wrote some of
// the site's new files early (Config.WriteEarly) removes them again, and the
// folders it made: the site folder is as it was, file for file.
func TestBuildFailureWritesNothing(t *testing.T) {
	for _, previous := range []bool{false, true} {
		t.Run(map[bool]string{false: "fresh folder", true: "over a build"}[previous], func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site", "public")
			if previous {
				if _, err := buildTestdata(t, testConfig(t, out)); err != nil {
					t.Fatal(err)
				}
			}
			before := treeOf(t, filepath.Dir(out))
			// One episode with new audio (a new file in the site), the
			// other with none: a warning, which --strict makes an error,
			// found once the first one's files are written.
			audio := t.TempDir()
			os.WriteFile(filepath.Join(audio, "new.mp3"), append(mustRead(t, "audio/testdata/cbr-xing.mp3"), "ID3 tail"...), 0o644)
			cfg := testConfig(t, out)
			cfg.AudioDir, cfg.Strict = audio, true
			cfg.Episodes["2455369"] = Override{Date: time.Now(), Audio: "new.mp3"}
			cfg.Episodes["2457120"] = Override{Date: time.Now()}
			s, err := Prepare(context.Background(), withEarly(cfg), testArchive(t, cfg))
			if err == nil || !strings.Contains(err.Error(), "no audio") {
				t.Fatalf("err = %v, want no audio", err)
			}
			if n := s.b.early.count(); n != 0 {
				t.Errorf("%d files still counted as written", n)
			}
			if d := cmp.Diff(before, treeOf(t, filepath.Dir(out))); d != "" {
				t.Errorf("the site folder changed (-before +after):\n%s", d)
			}
			// The same build without the error writes those files early.
			cfg.Strict = false
			s, err = Prepare(context.Background(), withEarly(cfg), testArchive(t, cfg))
			if err != nil {
				t.Fatal(err)
			}
			if n := s.b.early.count(); n != map[bool]int{false: 2, true: 1}[previous] {
				t.Errorf("written early: %d files", n)
			}
		})
	}
}

func withEarly(cfg Config) Config {
	cfg.WriteEarly = true
	return cfg
}

// treeOf lists the files under dir with their contents.
func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			if d.IsDir() {
				files[rel+"/"] = ""
			} else {
				b, _ := os.ReadFile(p)
				files[rel] = string(b)
			}
		}
		return nil
	})
	return files
}

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }

func md5Prefix(t *testing.T, path string) string {
	t.Helper()
	s := md5.Sum(mustRead(t, path))
	return hex.EncodeToString(s[:4])
}

func md5hex(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }

// article is a small article of the archive's shape.
func article(heading string) string {
	return "###  [:house:返回](README.md)\n---\n\n\n" + heading + "\n` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/1/)\n\n" +
		"音频：东京樱花团/战友520\n\n![](https://example.org/c.jpg)\n\n【编者按】编者的话。\n\n正文。\n\n编辑：东京樱花团/南雁\n"
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSiteSlug(t *testing.T) {
	for in, want := range map[string]string{"2455369": "2455369", "樱花FM-03": "fm-03-" + md5hex("樱花FM-03")[:6], "樱花": "ep-" + md5hex("樱花")[:8]} {
		if got := siteSlug(in); got != want {
			t.Errorf("siteSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEpisodeGUIDs: the guids publish lets vanish for a removed ID hold
// the guid the episode of that ID has, of a post or of a file.
func TestEpisodeGUIDs(t *testing.T) {
	for _, a := range []*parse.Article{{File: "articles/x.md", PostID: "2455369"}, {File: "articles/樱花FM-03.md"}} {
		if g := guid(a); !slices.Contains(EpisodeGUIDs(a.ID()), g) {
			t.Errorf("EpisodeGUIDs(%q) = %v, without the episode's guid %s", a.ID(), EpisodeGUIDs(a.ID()), g)
		}
	}
}

// TestBuildShrink: a build that finds no episode, or fewer than half of
// those the site's feed.xml has (or its episode pages or audio files, when
// feed.xml was damaged or deleted), writes nothing, unless AllowShrink.
func TestBuildShrink(t *testing.T) {
	out := t.TempDir()
	if _, err := buildTestdata(t, testConfig(t, out)); err != nil {
		t.Fatal(err)
	}
	before := treeOf(t, out)
	cfg := testConfig(t, out)
	cfg.Episodes["2455369"], cfg.Episodes["2457120"] = Override{Remove: true}, Override{Remove: true}
	if _, err := buildTestdata(t, cfg); err == nil || !strings.Contains(err.Error(), "no episode to publish") {
		t.Errorf("err = %v, want no episode", err)
	}
	// A feed of 5 episodes before: 2 is fewer than half.
	os.WriteFile(filepath.Join(out, FeedFile), []byte(strings.Repeat("<item></item>", 5)), 0o644)
	before[FeedFile] = strings.Repeat("<item></item>", 5)
	_, err := buildTestdata(t, testConfig(t, out))
	if err == nil || !strings.Contains(err.Error(), "2 episodes, fewer than half of the 5 of") {
		t.Errorf("err = %v, want fewer than half", err)
	}
	if d := cmp.Diff(before, treeOf(t, out)); d != "" {
		t.Errorf("a refused build changed the site (-before +after):\n%s", d)
	}
	// A damaged feed.xml (cut short, emptied) does not turn the guard
	// off: the episode pages count.
	for i := range 5 {
		os.WriteFile(filepath.Join(out, TranscriptsDir, fmt.Sprintf("%d.html", 1000+i)), nil, 0o644)
	}
	before = treeOf(t, out)
	for _, damaged := range []string{"", `<?xml version="1.0"?><rss><channel><item>`} {
		os.WriteFile(filepath.Join(out, FeedFile), []byte(damaged), 0o644)
		before[FeedFile] = damaged
		_, err = buildTestdata(t, testConfig(t, out))
		if err == nil || !strings.Contains(err.Error(), "2 episodes, fewer than half of the 7 of episode pages in "+filepath.Join(out, TranscriptsDir)) {
			t.Errorf("feed.xml %q: err = %v, want fewer than half of the pages", damaged, err)
		}
		if d := cmp.Diff(before, treeOf(t, out)); d != "" {
			t.Errorf("a refused build changed the site (-before +after):\n%s", d)
		}
	}
	// Nor do feed.xml and the pages deleted: the audio files count.
	os.Remove(filepath.Join(out, FeedFile))
	os.RemoveAll(filepath.Join(out, TranscriptsDir))
	for i := range 5 {
		os.WriteFile(filepath.Join(out, AudioDir, fmt.Sprintf("%d-0123abcd.mp3", 1000+i)), nil, 0o644)
	}
	before = treeOf(t, out)
	_, err = buildTestdata(t, testConfig(t, out))
	if err == nil || !strings.Contains(err.Error(), "2 episodes, fewer than half of the 7 of audio files in "+filepath.Join(out, AudioDir)) {
		t.Errorf("no feed.xml, no pages: err = %v, want fewer than half of the audio files", err)
	}
	if d := cmp.Diff(before, treeOf(t, out)); d != "" {
		t.Errorf("a refused build changed the site (-before +after):\n%s", d)
	}
	cfg.AllowShrink = true
	if res, err := buildTestdata(t, cfg); err != nil || len(res.Episodes) != 0 {
		t.Errorf("allowed to shrink: %v, %v", res, err)
	}
}

// TestAudioOverwrittenInPlace: a source audio file rewritten in place
// (its hard link in the site changes with it) gets a new name in the
// site, holding its new bytes; no file keeps a name its bytes no longer
// match.
func TestAudioOverwrittenInPlace(t *testing.T) {
	audio := t.TempDir()
	src := filepath.Join(audio, "vbr-noxing.mp3")
	os.WriteFile(src, mustRead(t, "audio/testdata/vbr-noxing.mp3"), 0o644)
	out := t.TempDir()
	cfg := testConfig(t, out)
	cfg.AudioDir = audio
	cfg.Episodes["2457120"] = Override{Remove: true}
	cfg.Cache, cfg.Code = cache.Open(t.TempDir()), "test"
	if _, err := buildTestdata(t, cfg); err != nil {
		t.Fatal(err)
	}
	// In place: the same inode, so the site's hard link sees the new bytes.
	f, err := os.OpenFile(src, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(mustRead(t, "audio/testdata/cbr-xing.mp3"))
	f.Close()
	later := time.Now().Add(time.Minute)
	os.Chtimes(src, later, later)
	res, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, AudioDir, "*"))
	if len(files) != 1 {
		t.Fatalf("audio in the site: %v", files)
	}
	b := mustRead(t, files[0])
	if !strings.Contains(filepath.Base(files[0]), md5hex(string(b))[:8]) || !strings.HasSuffix(res.Episodes[0].URL, filepath.Base(files[0])) {
		t.Errorf("%s holds bytes of MD5 %s", files[0], md5hex(string(b)))
	}
}

// TestWriteFailureKeepsSite: a Write that fails, after it has created
// new files and staged changed ones, leaves the site folder as it was,
// file for file: when a page cannot be written, and when feed.xml cannot
// (it is written before any staged file is put in place: a full disk
// there once left new pages beside the old feed).
func TestWriteFailureKeepsSite(t *testing.T) {
	for _, tc := range []struct {
		name  string
		block func(t *testing.T, out string) // puts something in the way
	}{
		{"sitemap.xml", func(t *testing.T, out string) { // a symlink to nowhere
			sitemap := filepath.Join(out, "sitemap.xml")
			os.Remove(sitemap)
			os.Symlink(filepath.Join(out, "no", "such", "file"), sitemap)
		}},
		{"feed.xml", func(t *testing.T, out string) { // a folder
			feed := filepath.Join(out, FeedFile)
			os.Remove(feed)
			if err := os.MkdirAll(filepath.Join(feed, "x"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			articles := t.TempDir()
			for _, f := range []string{"000_ab612374b3f95bb2.txt", "001_2457120.md"} {
				os.WriteFile(filepath.Join(articles, f), mustRead(t, filepath.Join("testdata", "articles", f)), 0o644)
			}
			out := t.TempDir()
			build := func() error {
				cfg := testConfig(t, out)
				cfg.AllowShrink = true // feed.xml may be gone
				arch, err := archive.Read(t.Context(), articles, parse.Parser{}, nil, "")
				if err != nil {
					t.Fatal(err)
				}
				_, err = Build(t.Context(), cfg, arch)
				return err
			}
			if err := build(); err != nil {
				t.Fatal(err)
			}
			// The next build changes an episode's page and adds a page.
			seed := filepath.Join(articles, "000_ab612374b3f95bb2.txt")
			os.WriteFile(seed, []byte(strings.Replace(string(mustRead(t, seed)), "中国最大的电子商务提供商", "中国最大的电商", 1)), 0o644)
			os.WriteFile(filepath.Join(articles, "002.md"), []byte(article("## 樱花FM┃新")), 0o644)
			tc.block(t, out)
			before := treeOf(t, out)
			err := build()
			if err == nil || !strings.Contains(err.Error(), tc.name) {
				t.Fatalf("the build: %v, want it to fail at %s", err, tc.name)
			}
			if d := cmp.Diff(before, treeOf(t, out)); d != "" {
				t.Errorf("a failed Write changed the site (-before +after):\n%s", d)
			}
		})
	}
}

// TestWriteFailureMidCommit: a rename that fails once others have put
// pages in place says so, keeps feed.xml as it was, and leaves no
// temporary file.
func TestWriteFailureMidCommit(t *testing.T) {
	articles := t.TempDir()
	for _, f := range []string{"000_ab612374b3f95bb2.txt", "001_2457120.md"} {
		os.WriteFile(filepath.Join(articles, f), mustRead(t, filepath.Join("testdata", "articles", f)), 0o644)
	}
	out := t.TempDir()
	build := func() error {
		arch, err := archive.Read(t.Context(), articles, parse.Parser{}, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Build(t.Context(), testConfig(t, out), arch)
		return err
	}
	if err := build(); err != nil {
		t.Fatal(err)
	}
	feed := string(mustRead(t, filepath.Join(out, FeedFile)))
	seed := filepath.Join(articles, "000_ab612374b3f95bb2.txt")
	os.WriteFile(seed, []byte(strings.Replace(string(mustRead(t, seed)), "中国最大的电子商务提供商", "中国最大的电商", 1)), 0o644)
	// sitemap.xml, renamed after the index page and the episode pages, is
	// a folder now.
	sitemap := filepath.Join(out, "sitemap.xml")
	os.Remove(sitemap)
	if err := os.MkdirAll(filepath.Join(sitemap, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := build()
	if err == nil || !strings.Contains(err.Error(), "some pages are new, feed.xml is the one before") {
		t.Fatalf("err = %v, want the half-done commit said", err)
	}
	if got := string(mustRead(t, filepath.Join(out, FeedFile))); got != feed {
		t.Error("feed.xml changed")
	}
	for f := range treeOf(t, out) {
		if strings.Contains(f, tmpPrefix) {
			t.Errorf("a temporary file is left: %s", f)
		}
	}
}

// TestBuildRemove: remove: true in config leaves an episode out, though
// its article is in the archive.
func TestBuildRemove(t *testing.T) {
	cfg := testConfig(t, t.TempDir())
	cfg.Episodes["2457120"] = Override{Remove: true}
	res, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Episodes) != 1 || res.Episodes[0].GUID != "gnews-2455369" || res.Left != 1 || len(res.Warnings) != 0 {
		t.Errorf("episodes %v, left %d, warnings %v", res.Episodes, res.Left, res.Warnings)
	}
}

// TestEarlyWriterHeldPage: a page the site folder holds already, with the
// bytes it is given, is done with as the early writer reaches it: nothing
// is written, it is remembered as written for its key (so the next build
// with the cache does not render it), and Write is not handed it; a page
// that differs is left for Write.
func TestEarlyWriterHeldPage(t *testing.T) {
	out := t.TempDir()
	b := &builder{cfg: Config{OutDir: out, Cache: cache.Open(t.TempDir()), Code: "code"}}
	os.MkdirAll(filepath.Join(out, TranscriptsDir), 0o755)
	same, other := path.Join(TranscriptsDir, "1.html"), path.Join(TranscriptsDir, "2.html")
	os.WriteFile(filepath.Join(out, same), []byte("page one"), 0o644)
	os.WriteFile(filepath.Join(out, other), []byte("an older page two"), 0o644)
	key := cache.KeyOf("page one's inputs")

	e := startEarly(b, nil)
	e.script(&rendered{transcript: []byte("page one"), pageKey: key}, same)
	e.script(&rendered{transcript: []byte("page two"), pageKey: cache.KeyOf("page two's inputs")}, other)
	e.wait()
	if p := e.unwritten(same); p != nil {
		t.Errorf("the page the site holds is handed to Write: %q", p)
	}
	if !b.written(same, key) {
		t.Error("the page the site holds is not remembered as written for its key")
	}
	if p := e.unwritten(other); string(p) != "page two" {
		t.Errorf("the page that differs is handed to Write as %q", p)
	}
	if got := mustRead(t, filepath.Join(out, other)); string(got) != "an older page two" || e.count() != 0 {
		t.Errorf("the early writer replaced a file (%q) or counts %d created", got, e.count())
	}
}

// TestBuildBadArtwork: channel artwork that breaks Apple's rules is one
// error, at where the config sets it; the feed's missing itunes:image that
// follows from it is not said again.
func TestBuildBadArtwork(t *testing.T) {
	small := filepath.Join(t.TempDir(), "small.jpg")
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 600, 600)), nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(small, b.Bytes(), 0o644)
	cfg := testConfig(t, t.TempDir())
	cfg.Artwork, cfg.ArtworkAt = small, "config.yaml:12: image"
	_, err := buildTestdata(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "config.yaml:12: image: artwork "+small+" breaks Apple's rules: 600x600") || strings.Contains(err.Error(), "itunes:image") {
		t.Errorf("err = %v, want the artwork's one error at its line", err)
	}
}

// TestBuildVanished: an episode of the site that no article has now (its
// article renamed, deleted or skipped) is a warning that names its page,
// an error under Strict (the site left as it was), and nothing when
// config.yaml removes it.
func TestBuildVanished(t *testing.T) {
	out := t.TempDir()
	if _, err := buildTestdata(t, testConfig(t, out)); err != nil {
		t.Fatal(err)
	}
	// An episode an earlier build wrote, whose article is gone.
	gone := filepath.Join(out, TranscriptsDir, "2460031.html")
	if err := os.WriteFile(gone, []byte("<!DOCTYPE html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	vanishedOf := func(warnings []error) (found []string) {
		for _, w := range warnings {
			if strings.Contains(w.Error(), "no article has this episode now") {
				found = append(found, w.Error())
			}
		}
		return found
	}
	cfg := testConfig(t, out)
	cfg.Strict = true
	before := treeOf(t, out)
	if _, err := buildTestdata(t, cfg); err == nil || !strings.Contains(err.Error(), gone+": no article has this episode now") {
		t.Errorf("Strict: err = %v, want the vanished episode", err)
	}
	if d := cmp.Diff(before, treeOf(t, out)); d != "" {
		t.Errorf("a refused build changed the site (-before +after):\n%s", d)
	}
	res, err := buildTestdata(t, testConfig(t, out))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{gone + ": no article has this episode now (renamed, deleted or skipped): it leaves the feed, and podcast apps drop it from listeners' libraries (episodes.2460031.remove: true in config.yaml says that is meant)"}
	if d := cmp.Diff(want, vanishedOf(res.Warnings)); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}
	// The build removed the page: the next one has nothing to say.
	if res, err = buildTestdata(t, testConfig(t, out)); err != nil || len(vanishedOf(res.Warnings)) > 0 {
		t.Errorf("the build after: %v, %v", vanishedOf(res.Warnings), err)
	}
	// Removed by config.yaml: meant, not said.
	os.WriteFile(gone, []byte("<!DOCTYPE html>"), 0o644)
	cfg = testConfig(t, out)
	cfg.Episodes["2460031"] = Override{Remove: true}
	if res, err = buildTestdata(t, cfg); err != nil || len(vanishedOf(res.Warnings)) > 0 {
		t.Errorf("removed by config: %v, %v", vanishedOf(res.Warnings), err)
	}
}

// TestBuildMovesFeed: a base_url other than the one the site folder's
// feed.xml was built for is a warning that names both, once: the build
// after has the new one. --allow-shrink says it too; under strict it is an
// error that says how a move that is meant is made.
func TestBuildMovesFeed(t *testing.T) {
	out := t.TempDir()
	if _, err := buildTestdata(t, testConfig(t, out)); err != nil {
		t.Fatal(err)
	}
	moved := func(res *Result) (found []string) {
		for _, w := range res.Warnings {
			if strings.Contains(w.Error(), "base_url moves the feed") {
				found = append(found, w.Error())
			}
		}
		return found
	}
	cfg := testConfig(t, out)
	cfg.BaseURL = "https://new.example.org/x"
	res, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(out, FeedFile) + ": base_url moves the feed from https://podcast.example.org/sakurafm/feed.xml, where the site folder's feed.xml says it is, to https://new.example.org/x/feed.xml: the apps subscribed to it keep asking the old URL (keep base_url, or have the old URL answer 301 Moved Permanently with the new one)"}
	if d := cmp.Diff(want, moved(res)); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}
	if res, err = buildTestdata(t, cfg); err != nil || len(moved(res)) > 0 {
		t.Errorf("the build after: %v, %v", moved(res), err)
	}

	cfg.BaseURL, cfg.AllowShrink = "https://podcast.example.org/sakurafm", true
	if res, err = buildTestdata(t, cfg); err != nil || len(moved(res)) != 1 {
		t.Errorf("--allow-shrink: %q, %v; want the warning", moved(res), err)
	}
	cfg.BaseURL, cfg.AllowShrink, cfg.Strict = "https://new.example.org/x", false, true
	if _, err = buildTestdata(t, cfg); err == nil || !strings.Contains(err.Error(), "base_url moves the feed") || !strings.Contains(err.Error(), "a move that is meant needs one build without strict (--strict=false)") {
		t.Errorf("strict: %v; want the move as an error, and how to make it", err)
	}

	// A host typed in capitals before base_url's host was made lower case
	// is the same feed.
	cfg.Strict, cfg.BaseURL = false, "https://Podcast.Example.ORG/sakurafm"
	if _, err = buildTestdata(t, cfg); err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL, cfg.Strict = "https://podcast.example.org/sakurafm", true
	if res, err = buildTestdata(t, cfg); err != nil || len(moved(res)) > 0 {
		t.Errorf("after a build for the host in capitals: %q, %v; want no warning", moved(res), err)
	}

	// A site folder built to be tried on this machine has no subscribers.
	cfg.Strict = false
	for _, local := range []string{"http://localhost:8080", "http://127.0.0.1:8080/sakurafm", "http://[::1]:8080"} {
		cfg.BaseURL = local
		if _, err = buildTestdata(t, cfg); err != nil {
			t.Fatal(err)
		}
		cfg.BaseURL = "https://podcast.example.org/sakurafm"
		if res, err = buildTestdata(t, cfg); err != nil || len(moved(res)) > 0 {
			t.Errorf("after a build for %s: %q, %v; want no warning", local, moved(res), err)
		}
	}
}
