package feed

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/rss"
)

// TestBuildMirrorsCovers: the seed's cover comes from a local server into
// covers/; a cover that fails warns at its line and the episode falls back
// to the channel artwork.
func TestBuildMirrorsCovers(t *testing.T) {
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 1000, 700)), nil)
	img := jpg.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "73XMBH") {
			w.Write(img)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	out := t.TempDir()
	cfg := testConfig(t, out)
	cfg.MirrorCovers, cfg.Client, cfg.CoversDir = true, srv.Client(), t.TempDir()
	arch := coversFrom(t, cfg, srv.URL)
	res, err := Build(context.Background(), cfg, arch)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), "testdata/articles/001_2457120.md:10: cover "+srv.URL) ||
		!strings.HasSuffix(res.Warnings[0].Error(), "404 Not Found; the episode uses the channel artwork") {
		t.Errorf("warnings = %v", res.Warnings)
	}
	images := map[string]string{}
	for _, e := range res.Episodes {
		images[e.GUID] = e.ImageURL
	}
	seed := images["gnews-2455369"]
	if !strings.HasPrefix(seed, "https://podcast.example.org/sakurafm/covers/2455369-") || !strings.HasSuffix(seed, ".jpg") {
		t.Errorf("seed cover = %s", seed)
	}
	if images["gnews-2457120"] != "" {
		t.Errorf("a failed cover is used: %s", images["gnews-2457120"])
	}
	f, err := os.Open(filepath.Join(out, strings.TrimPrefix(seed, "https://podcast.example.org/sakurafm/")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := rss.CheckArtwork("c.jpg", f); err != nil {
		t.Error(err)
	}
	doc, _ := os.ReadFile(filepath.Join(out, FeedFile))
	if !strings.Contains(string(doc), `<itunes:image href="https://podcast.example.org/sakurafm/artwork-`) {
		t.Error("no channel artwork")
	}
}

// TestTempCoversRemoved: without a covers folder, the covers wait in a
// temporary one, which is gone once the site is written or discarded.
func TestTempCoversRemoved(t *testing.T) {
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 1000, 700)), nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(jpg.Bytes()) }))
	defer srv.Close()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, write := range []bool{true, false} {
		cfg := testConfig(t, t.TempDir())
		cfg.MirrorCovers, cfg.Client, cfg.CoversDir = true, srv.Client(), ""
		arch := coversFrom(t, cfg, srv.URL)
		site, err := Prepare(context.Background(), cfg, arch)
		if err != nil {
			t.Fatal(err)
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "podgen-covers-*", "*.jpg")); len(left) == 0 {
			t.Fatal("no cover was fetched into a temporary folder")
		}
		if write {
			if _, err := site.Write(); err != nil {
				t.Fatal(err)
			}
			if covers, _ := filepath.Glob(filepath.Join(cfg.OutDir, "covers", "*.jpg")); len(covers) == 0 {
				t.Error("the written site holds no cover")
			}
		} else {
			site.Discard()
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "podgen-covers-*")); len(left) > 0 {
			t.Errorf("written %v: the temporary covers folder is left: %v", write, left)
		}
	}
}

// coversFrom is the test archive with its covers' hosts replaced by the
// server at url.
func coversFrom(t *testing.T, cfg Config, url string) *archive.Archive {
	arch := testArchive(t, cfg)
	for i := range arch.Articles {
		a := &arch.Articles[i]
		a.Cover = strings.Replace(a.Cover, "https://lh5.googleusercontent.com", url, 1)
		a.Cover = strings.Replace(a.Cover, "https://assets.gnews.org", url, 1)
	}
	return arch
}
