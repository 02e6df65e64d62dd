package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/parse"
)

// article is a small article of the archive's shape.
func article(heading string) string {
	return "###  [:house:返回](README.md)\n---\n\n\n" + heading + "\n` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/1/)\n\n" +
		"音频：东京樱花团/战友520\n\n![](https://example.org/c.jpg)\n\n【编者按】编者的话。\n\n正文。\n\n编辑：东京樱花团/南雁\n"
}

// TestRead: every article file under the folder is parsed, in path
// order; hidden folders, index pages and other files are left out; a file
// of another series is skipped, a broken one is an error at its line, and
// neither stops the others.
func TestRead(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "arch")
	for name, text := range map[string]string{
		"README.md":          "# index\n",
		"2022/b.md":          article("## 樱花FM┃乙"),
		"2022/a.txt":         string(mustRead(t, "../testdata/articles/000_ab612374b3f95bb2.txt")),
		"other.md":           article("## 樱花深度报道┃丙"),
		"broken.md":          article("## 樱花FM┃"),
		"cover.jpg":          "\xff\xd8",
		".git/x.md":          "## 樱花FM┃hidden",
		".hidden.md":         article("## 樱花FM┃hidden"),
		"2022/empty.txt":     "",
		"2022/zz-notes.text": "x",
		"丁.markdown":         article("## 樱花FM┃丁"),
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	arch, err := Read(t.Context(), dir, parse.Parser{}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range arch.Articles {
		titles = append(titles, strings.TrimPrefix(a.File, dir+"/")+"="+a.Title)
	}
	want := []string{"2022/a.txt=基于中国的云和金融服务对美国和全球民主构成威胁（上）", "2022/b.md=乙", "丁.markdown=丁"}
	if d := cmp.Diff(want, titles); d != "" {
		t.Errorf("articles (-want +got):\n%s", d)
	}
	var skipped []string
	for _, s := range arch.Skipped {
		skipped = append(skipped, strings.TrimPrefix(s.Error(), dir+"/"))
	}
	wantSkipped := []string{"2022/empty.txt: skipped: empty", "README.md: skipped: index page", "other.md: skipped: not 樱花FM (樱花深度报道)"}
	if d := cmp.Diff(wantSkipped, skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	var perr *parse.Error
	if len(arch.Errors) != 1 || !errors.As(arch.Errors[0], &perr) || perr.File != dir+"/broken.md" || perr.Line != 5 {
		t.Errorf("errors = %v, want one for broken.md:5", arch.Errors)
	}
}

// TestReadCached: an article parsed before is taken from the cache
// when its bytes are the same: from another working directory (a relative
// folder name) too, where its File names it as that build knows it; an
// edited file is parsed again, and so is every file for another code.
func TestReadCached(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "articles")
	os.MkdirAll(dir, 0o755)
	file := filepath.Join(dir, "2455369.md")
	os.WriteFile(file, []byte(article("## 樱花FM┃甲")), 0o644)
	c := cache.Open(t.TempDir())
	if _, err := Read(t.Context(), dir, parse.Parser{}, c, "code"); err != nil {
		t.Fatal(err)
	}
	// Poison the cached article: a build that reads the cache shows it.
	r := &reader{dir: dir, parser: parse.Parser{}, cache: c, code: "code"}
	r.loadState()
	if len(r.old.Tree) != 1 {
		t.Fatal("the article is not in the cache")
	}
	r.now = r.old
	r.now.Tree[0].Parsed.Article.Title = "from the cache"
	r.changed = true
	r.saveState()

	t.Chdir(root)
	arch, err := Read(t.Context(), "articles", parse.Parser{}, c, "code")
	if err != nil {
		t.Fatal(err)
	}
	a := &arch.Articles[0]
	if a.Title != "from the cache" || a.File != "articles/2455369.md" {
		t.Errorf("recalled article: %q from %s", a.Title, a.File)
	}
	if body, err := arch.Body(a); err != nil || !strings.Contains(body, "正文") {
		t.Errorf("the recalled article's body: %q, %v", body, err)
	}
	// Another code, or other bytes: parsed again.
	if arch, _ := Read(t.Context(), "articles", parse.Parser{}, c, "other code"); arch.Articles[0].Title != "甲" {
		t.Errorf("another code's build took %q from the cache", arch.Articles[0].Title)
	}
	os.WriteFile(file, []byte(article("## 樱花FM┃乙")), 0o644)
	if arch, _ := Read(t.Context(), "articles", parse.Parser{}, c, "code"); arch.Articles[0].Title != "乙" {
		t.Errorf("an edited article was taken from the cache: %q", arch.Articles[0].Title)
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
