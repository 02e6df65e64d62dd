package feed

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/parse"
)

// TestSiteLinks reads every page of the testdata site as a browser does:
// each of the site's own files a page links (pages, audio, images) is in
// the site folder, and no page shows an image of another host but in the
// article's text (whose script makes a dead one a link to its archived
// copy).
func TestSiteLinks(t *testing.T) {
	out := t.TempDir()
	cfg := testConfig(t, out)
	if _, err := buildTestdata(t, cfg); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out, cfg.BaseURL)
}

// checkLinks checks the links of every page of a site folder.
func checkLinks(t *testing.T, out, base string) {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join(out, "*.html"))
	more, _ := filepath.Glob(filepath.Join(out, TranscriptsDir, "*.html"))
	pages = append(pages, more...)
	if len(pages) < 2 {
		t.Fatalf("pages of the site: %v", pages)
	}
	for _, p := range pages {
		rel, _ := filepath.Rel(out, p)
		pageURL, _ := url.Parse(base + "/" + filepath.ToSlash(rel))
		root, err := html.Parse(bytes.NewReader(mustRead(t, p)))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node, inText bool)
		walk = func(n *html.Node, inText bool) {
			for _, a := range n.Attr {
				if a.Key == "class" && a.Val == "text" {
					inText = true
				}
			}
			for _, a := range n.Attr {
				if n.Type != html.ElementNode || !(a.Key == "href" || a.Key == "src" || a.Key == "data-src") {
					continue
				}
				u, err := pageURL.Parse(a.Val)
				if err != nil {
					t.Errorf("%s: <%s %s=%q>: %v", rel, n.Data, a.Key, a.Val, err)
					continue
				}
				if n.Data == "img" && !inText && !strings.HasPrefix(u.String(), base+"/") {
					t.Errorf("%s: an image of another host: %s", rel, a.Val)
				}
				file, ok := strings.CutPrefix(u.Scheme+"://"+u.Host+u.Path, base+"/")
				if !ok || u.Fragment != "" && file == filepath.ToSlash(rel) {
					continue // another host's, or on this page
				}
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(file))); err != nil {
					t.Errorf("%s: <%s %s=%q>: not in the site: %v", rel, n.Data, a.Key, a.Val, err)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inText)
			}
		}
		walk(root, false)
	}
}

// writeArchive writes n articles in the seed's shape (ids 3000000 and
// on, dated an hour apart in front matter, the newest last) into
// dir/articles, each with its own audio file in dir/audio.
func writeArchive(t *testing.T, dir string, from, n int) {
	t.Helper()
	tmpl := string(mustRead(t, "testdata/articles/001_2457120.md"))
	mp3 := mustRead(t, filepath.Join("audio", "testdata", "cbr-xing.mp3"))
	for _, d := range []string{"articles", "audio"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	start := time.Date(2022, 4, 27, 0, 0, 0, 0, time.UTC)
	for i := from; i < from+n; i++ {
		id := fmt.Sprint(3000000 + i)
		text := strings.ReplaceAll(tmpl, "2457120", id)
		text = strings.Replace(text, "威胁（下）", fmt.Sprintf("威胁（第%d期）", i), 1)
		text = "---\ndate: " + start.Add(time.Duration(i)*time.Hour).Format(time.RFC3339) + "\n---\n" + text
		if err := os.WriteFile(filepath.Join(dir, "articles", id+".md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "audio", id+".mp3"), mp3, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func buildArchive(t *testing.T, dir, out string, edit func(*Config)) *Result {
	t.Helper()
	cfg := testConfig(t, out)
	cfg.AudioDir, cfg.Episodes = filepath.Join(dir, "audio"), nil
	if edit != nil {
		edit(&cfg)
	}
	arch, err := archive.Read(context.Background(), filepath.Join(dir, "articles"), parse.Parser{}, cfg.Cache, cfg.Code)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), cfg, arch)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestIndexPages: the index is PageSize episodes a page, newest first;
// each episode's page links the episodes before and after it; a podcast
// that shrinks loses its last pages.
func TestIndexPages(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	n := 2*page.PageSize + 3
	writeArchive(t, dir, 0, n)
	res := buildArchive(t, dir, out, nil)
	if len(res.Episodes) != n {
		t.Fatalf("%d episodes, want %d", len(res.Episodes), n)
	}
	for i, want := range []int{page.PageSize, page.PageSize, 3} {
		p := mustRead(t, filepath.Join(out, page.IndexName(i+1)))
		if got := bytes.Count(p, []byte(`<li class="episode"`)); got != want {
			t.Errorf("%s lists %d episodes, want %d", page.IndexName(i+1), got, want)
		}
		// Newest first: page 1 starts with the newest, the last page ends
		// with the oldest.
		first := fmt.Sprintf(`id="gnews-%d"`, 3000000+n-1-i*page.PageSize)
		if !bytes.Contains(p, []byte(first)) {
			t.Errorf("%s does not list %s", page.IndexName(i+1), first)
		}
	}
	for _, tt := range []struct {
		id           int
		older, newer string
	}{
		{3000000 + n - 1, `href="3000101.html" rel="prev"`, ""},
		{3000050, `href="3000049.html" rel="prev"`, `href="3000051.html" rel="next"`},
		{3000000, "", `href="3000001.html" rel="next"`},
	} {
		p := string(mustRead(t, filepath.Join(out, TranscriptsDir, fmt.Sprint(tt.id)+".html")))
		for rel, want := range map[string]string{"prev": tt.older, "next": tt.newer} {
			if want == "" && strings.Contains(p, `rel="`+rel+`"`) || want != "" && !strings.Contains(p, want) {
				t.Errorf("%d.html: rel=%s should be %q", tt.id, rel, want)
			}
		}
	}
	checkLinks(t, out, testConfig(t, out).BaseURL)

	// Fewer episodes: the index pages past the last are removed.
	for i := page.PageSize; i < n; i++ {
		os.Remove(filepath.Join(dir, "articles", fmt.Sprint(3000000+i)+".md"))
	}
	buildArchive(t, dir, out, func(c *Config) { c.AllowShrink = true })
	if _, err := os.Stat(filepath.Join(out, page.IndexName(2))); !os.IsNotExist(err) {
		t.Errorf("%s of a podcast of one page: %v", page.IndexName(2), err)
	}
	checkLinks(t, out, testConfig(t, out).BaseURL)
}

// TestNewEpisodeWrites: a warm rebuild with one new episode renders the
// new episode's page and its older neighbour's, whose next link changed,
// and no other episode's page.
func TestNewEpisodeWrites(t *testing.T) {
	dir, out, cacheDir := t.TempDir(), t.TempDir(), t.TempDir()
	writeArchive(t, dir, 0, 5)
	withCache := func(c *Config) { c.Cache, c.Code = cache.Open(cacheDir), "test code" }
	build := func() *Result {
		var cfg Config
		res := buildArchive(t, dir, out, func(c *Config) { withCache(c); cfg = *c })
		if err := cfg.Cache.Save(); err != nil {
			t.Fatal(err)
		}
		return res
	}
	build()
	stamps := map[string]time.Time{}
	pages, _ := filepath.Glob(filepath.Join(out, TranscriptsDir, "*.html"))
	past := time.Now().Add(-time.Hour)
	for _, p := range pages {
		os.Chtimes(p, past, past)
		st, _ := os.Stat(p)
		stamps[filepath.Base(p)] = st.ModTime()
	}
	writeArchive(t, dir, 5, 1)
	build()
	var changed []string
	for name, stamp := range stamps {
		st, err := os.Stat(filepath.Join(out, TranscriptsDir, name))
		if err != nil || !st.ModTime().Equal(stamp) {
			changed = append(changed, name)
		}
	}
	if len(changed) != 1 || changed[0] != "3000004.html" {
		t.Errorf("episode pages written again: %v, want only 3000004.html (the new episode's older neighbour)", changed)
	}
	if p := mustRead(t, filepath.Join(out, TranscriptsDir, "3000004.html")); !bytes.Contains(p, []byte(`href="3000005.html" rel="next"`)) {
		t.Error("3000004.html does not link the new episode")
	}
}

// TestNeighboursOfLeftOut: an episode left out after the others were
// rendered (its remote audio fails) is not linked: its neighbours link
// each other.
func TestNeighboursOfLeftOut(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	defer gone.Close()
	dir, out := t.TempDir(), t.TempDir()
	writeArchive(t, dir, 0, 3)
	os.Remove(filepath.Join(dir, "audio", "3000001.mp3"))
	res := buildArchive(t, dir, out, func(c *Config) {
		c.Episodes = map[string]Override{"3000001": {Audio: gone.URL + "/3000001.mp3"}}
		c.Client = gone.Client()
	})
	if len(res.Episodes) != 2 || len(res.Warnings) != 1 {
		t.Fatalf("episodes %d, warnings %v: want 2 and the one left out", len(res.Episodes), res.Warnings)
	}
	newest := string(mustRead(t, filepath.Join(out, TranscriptsDir, "3000002.html")))
	oldest := string(mustRead(t, filepath.Join(out, TranscriptsDir, "3000000.html")))
	if !strings.Contains(newest, `href="3000000.html" rel="prev"`) || !strings.Contains(oldest, `href="3000002.html" rel="next"`) || strings.Contains(newest+oldest, "3000001.html") {
		t.Errorf("the neighbours of the episode left out do not link each other")
	}
	if _, err := os.Stat(filepath.Join(out, TranscriptsDir, "3000001.html")); !os.IsNotExist(err) {
		t.Errorf("the page of the episode left out: %v", err)
	}
	checkLinks(t, out, testConfig(t, out).BaseURL)
}
