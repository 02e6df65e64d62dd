package feed

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// archiveWithImages writes an archive of one article whose body starts
// with a paragraph of Markdown (its images), and an images folder beside
// it; it returns the archive's folder, a site folder and the articles'.
func archiveWithImages(t *testing.T, markdown string) (dir, out, articles string) {
	t.Helper()
	dir, out = t.TempDir(), t.TempDir()
	writeArchive(t, dir, 0, 1)
	articles = filepath.Join(dir, "articles")
	file := filepath.Join(articles, "3000000.md")
	text := strings.Replace(string(mustRead(t, file)), "正文第一段。", markdown+"\n\n正文第一段。", 1)
	if text == string(mustRead(t, file)) {
		t.Fatal("the article's text has no 正文第一段。 to put the images before")
	}
	os.WriteFile(file, []byte(text), 0o644)
	os.MkdirAll(filepath.Join(articles, "images"), 0o755)
	return dir, out, articles
}

// TestLocalImagesWritten: images written as Markdown may write a path
// (escapes, angle brackets, a query, parentheses, a link inside the
// folder) are each served and linked, build after build.
func TestLocalImagesWritten(t *testing.T) {
	dir, out, articles := archiveWithImages(t, `![](images/a\_b.jpg) ![](<images/sp ace.jpg> 't') ![](images/q.jpg?v=2) ![](images/p(1).jpg) ![](images/in.jpg) ![](images/amp&amp;c.jpg)`)
	os.MkdirAll(filepath.Join(articles, "shared"), 0o755)
	jpeg := mustRead(t, "testdata/artwork.jpg")
	for _, name := range []string{"a_b.jpg", "sp ace.jpg", "q.jpg", "p(1).jpg", "amp&c.jpg"} {
		os.WriteFile(filepath.Join(articles, "images", name), jpeg, 0o644)
	}
	os.WriteFile(filepath.Join(articles, "shared", "s.jpg"), append(jpeg, 1), 0o644)
	if err := os.Symlink(filepath.Join("..", "shared", "s.jpg"), filepath.Join(articles, "images", "in.jpg")); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a second build over the first: nothing in the way
		res := buildArchive(t, dir, out, nil)
		for _, w := range res.Warnings {
			if strings.Contains(w.Error(), "image") {
				t.Errorf("warning: %v", w)
			}
		}
		page := string(mustRead(t, filepath.Join(out, "transcripts", "3000000.html")))
		if n := strings.Count(page, `<img src="https://podcast.example.org/sakurafm/images/`); n != 6 {
			t.Errorf("the page links %d images of the site, want 6", n)
		}
		names, _ := filepath.Glob(filepath.Join(out, "images", "*"))
		for _, name := range names {
			if fi, err := os.Lstat(name); err != nil || !fi.Mode().IsRegular() {
				t.Errorf("%s is not a file: %v", name, err)
			}
		}
		if len(names) != 6 {
			t.Errorf("the site serves %d images, want 6: %v", len(names), names)
		}
	}
}

// TestLocalImages: an article's images given by a path beside it are
// served from the site's images folder under names made of their bytes,
// and the feed and the page link them at their absolute URL; one that is
// not there, lies outside the articles folder (by a path or a symlink) or
// is no image is warned of and stays as written; an image whose bytes
// change gets a new name, and the old file goes.
func TestLocalImages(t *testing.T) {
	dir, out, articles := archiveWithImages(t, "![图](images/pic.jpg) [原图](images/pic.jpg) ![](images/none.png) ![](../outside.jpg) ![](images/link.jpg) ![](images/x.svg)")
	os.WriteFile(filepath.Join(articles, "images", "pic.jpg"), mustRead(t, "testdata/artwork.jpg"), 0o644)
	os.WriteFile(filepath.Join(articles, "images", "x.svg"), []byte("<svg/>"), 0o644)
	os.WriteFile(filepath.Join(dir, "outside.jpg"), []byte("jpeg"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "outside.jpg"), filepath.Join(articles, "images", "link.jpg")); err != nil {
		t.Fatal(err)
	}

	res := buildArchive(t, dir, out, nil)
	var warnings []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Error(), "image ") {
			warnings = append(warnings, w.Error()[strings.Index(w.Error(), "image "):])
		}
	}
	want := []string{
		"image images/none.png: no such file; pages and apps cannot show it",
		"image ../outside.jpg: outside the articles folder; pages and apps cannot show it",
		"image images/link.jpg: outside the articles folder, or unreadable; pages and apps cannot show it",
		"image images/x.svg: not a JPEG, PNG, GIF or WebP image, which podgen serves; pages and apps cannot show it",
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	served := func() string {
		t.Helper()
		names, _ := filepath.Glob(filepath.Join(out, "images", "*"))
		if len(names) != 1 || !regexp.MustCompile(`/images/pic-[0-9a-f]{8}\.jpg$`).MatchString(filepath.ToSlash(names[0])) {
			t.Fatalf("the site's images: %v, want one pic-<hash>.jpg", names)
		}
		if !bytes.Equal(mustRead(t, names[0]), mustRead(t, filepath.Join(articles, "images", "pic.jpg"))) {
			t.Errorf("%s is not the article's image", names[0])
		}
		u := "https://podcast.example.org/sakurafm/images/" + filepath.Base(names[0])
		feed, page := string(mustRead(t, filepath.Join(out, FeedFile))), string(mustRead(t, filepath.Join(out, "transcripts", "3000000.html")))
		for what, doc := range map[string]string{"feed": feed, "page": page} {
			if !strings.Contains(doc, `<img src="`+u+`" alt="图">`) || !strings.Contains(doc, `<a href="`+u+`">原图</a>`) {
				t.Errorf("the %s does not link %s", what, u)
			}
			if !strings.Contains(doc, `<img src="images/none.png"`) {
				t.Errorf("the %s lost the image it cannot serve", what)
			}
		}
		return names[0]
	}
	first := served()

	os.WriteFile(filepath.Join(articles, "images", "pic.jpg"), append(mustRead(t, "testdata/artwork.jpg"), 0), 0o644)
	buildArchive(t, dir, out, nil)
	if second := served(); second == first {
		t.Errorf("the image changed and kept its name %s", first)
	}
}

// TestLocalCover: a cover beside the article is made Apple-ready from its
// file, covers: link or not (it has no URL to link); a missing one is a
// warning, and the episode uses the channel artwork.
func TestLocalCover(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	writeArchive(t, dir, 0, 2)
	articles := filepath.Join(dir, "articles")
	for id, cover := range map[string]string{"3000000": "images/pic.jpg", "3000001": "images/none.jpg"} {
		file := filepath.Join(articles, id+".md")
		text := strings.Replace(string(mustRead(t, file)), "https://assets.gnews.org/wp-content/uploads/2022/05/example-cover-2.jpeg", cover, 1)
		os.WriteFile(file, []byte(text), 0o644)
	}
	os.MkdirAll(filepath.Join(articles, "images"), 0o755)
	os.WriteFile(filepath.Join(articles, "images", "pic.jpg"), mustRead(t, "testdata/artwork.jpg"), 0o644)

	res := buildArchive(t, dir, out, func(c *Config) { c.MirrorCovers = false })
	byGUID := map[string]string{}
	for _, e := range res.Episodes {
		byGUID[e.GUID] = e.ImageURL
	}
	if u := byGUID["gnews-3000000"]; !regexp.MustCompile(`^https://podcast.example.org/sakurafm/covers/3000000-[0-9a-f]{8}\.jpg$`).MatchString(u) {
		t.Errorf("the local cover's URL is %q, want the site's covers/3000000-<hash>.jpg", u)
	} else if b := mustRead(t, filepath.Join(out, strings.TrimPrefix(u, "https://podcast.example.org/sakurafm/"))); !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
		t.Errorf("%s is not a JPEG", u)
	}
	if u := byGUID["gnews-3000001"]; u != "" {
		t.Errorf("the missing cover's URL is %q, want the channel artwork", u)
	}
	var warned bool
	for _, w := range res.Warnings {
		warned = warned || strings.Contains(w.Error(), "cover images/none.jpg: no such file; the episode uses the channel artwork")
	}
	if !warned {
		t.Errorf("no warning of the missing cover in %v", res.Warnings)
	}
}
