package parse

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	utf16enc "unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite golden files")

const seedFile = "testdata/000_ab612374b3f95bb2.txt"

// TestParseSeed checks every field of the seed article against a golden
// JSON file (go test ./parse -run Seed -update rewrites it).
func TestParseSeed(t *testing.T) {
	src, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parser{}.Parse(seedFile, src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); d != "" {
		t.Errorf("seed article (-want +got):\n%s", d)
	}
	// The facts the golden file must hold, so that a wrong golden cannot be
	// blessed with -update.
	if a.Title != "基于中国的云和金融服务对美国和全球民主构成威胁（上）" || a.PostID != "2455369" ||
		a.Narrator().Name != "战友520" || a.Narrator().Organisation != "东京樱花团" ||
		!strings.HasPrefix(a.Description, "中国最大的电子商务提供商") ||
		!strings.HasPrefix(a.Cover, "https://lh5.googleusercontent.com/73XMBH") ||
		a.TextURL != "https://gnews.org/zh-hans/2442437/" || len(a.Warnings) != 0 {
		t.Errorf("seed article misread: %+v", a)
	}
	for _, footer := range []string{"免责声明", "ROL Foundation", "编辑：", "文字版原文", "返回", "轉載自"} {
		if strings.Contains(a.Body, footer) || strings.Contains(a.Description, footer) {
			t.Errorf("footer/header text %q leaked into body or description", footer)
		}
	}
	if !strings.Contains(a.Body, "（未完待续）") || !strings.HasPrefix(a.Body, "【编者按】") {
		t.Errorf("body lost its text: %.200q", a.Body)
	}
}

// article builds a seed-shaped article with parts replaced.
func article(heading, source, credit, cover, note string) string {
	return "###  [:house:返回](README.md)\n---\n\n\n" + heading + "\n" + source + "\n\n" + credit +
		"\n  \n" + cover + "\n \n" + note + "\n \n正文第一段。\n \n（未完待续）\n \n" +
		"文字版原文：[樱花深度报道┃标题](https://gnews.org/zh-hans/1/)\n \n编辑：东京樱花团/南雁\n发布：东京樱花团/平安卿卿\n" +
		"免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。\n- [ROL Foundation](https://rolfoundation.org/)\n"
}

const (
	hd     = "## 樱花FM┃标题"
	src    = "` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/2455369/)"
	credit = "音频：东京樱花团/战友520"
	cover  = "![](https://example.org/cover)"
	note   = "【编者按】编者的话。"
)

func TestParseVariants(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            Article // only the non-zero fields are compared
		warn            []string
		err             string // substring of the error; "skip: …" for skipped files
	}{
		{name: "seed shape", src: article(hd, src, credit, cover, note),
			want: Article{Title: "标题", PostID: "2455369", Description: "编者的话。", Cover: "https://example.org/cover"}},
		{name: "level 1 heading, ASCII bar", src: article("# 樱花FM|标题", src, credit, cover, note), want: Article{Title: "标题"}},
		{name: "level 3 heading, spaced full-width bar", src: article("### 樱花FM ｜ 标题", src, credit, cover, note), want: Article{Title: "标题"}},
		{name: "丨 separator", src: article("## 樱花FM丨标题", src, credit, cover, note), want: Article{Title: "标题"}},
		{name: "simplified 转载自", src: article(hd, "` 樱花FM` [转载自GNews](https://gnews.org/2455370)", credit, cover, note),
			want: Article{PostID: "2455370", Link: "https://gnews.org/2455370"}},
		{name: "traditional 音頻, ASCII colon, spaces", src: article(hd, src, "音頻 : 东京樱花团 / 战友520", cover, note),
			want: Article{Credits: []Credit{{Role: Narrator, Organisation: "东京樱花团", Name: "战友520", Line: 8}}}},
		{name: "HTML img cover", src: article(hd, src, credit, `<p><img alt="x" src="https://example.org/a.jpg?w=1&amp;h=2"></p>`, note),
			want: Article{Cover: "https://example.org/a.jpg?w=1&h=2"}},
		{name: "traditional 【編者按】", src: article(hd, src, credit, cover, "【編者按】編者的話。"), want: Article{Description: "編者的話。"}},
		{name: "编者按： with colon and inline markup", src: article(hd, src, credit, cover, "编者按：**重要**，见[原文](https://x.org)。"),
			want: Article{Description: "重要，见原文。"}},
		{name: "editor's note over two lines", src: article(hd, src, credit, cover, "【编者按】编者\n的话。"), want: Article{Description: "编者的话。"}},
		{name: "marker broken over two lines", src: article(hd, src, credit, cover, "【编者\n按】编者的话。"), want: Article{Description: "编者的话。"}},
		{name: "no editor's note: the body's opening, and no warning", src: article(hd, src, credit, cover, ""),
			want: Article{Description: "正文第一段。", DescriptionLine: 14}},
		{name: "a NUL in the editor's note", src: article(hd, src, credit, cover, "【编者按】编者\x00的话。"),
			want: Article{Description: "编者的话。"}, warn: []string{"12: control character U+0000 removed"}},
		{name: "control and zero-width characters in the title", src: article("## 樱花FM┃标\u200b题\x01\ufeff", src, credit, cover, note+"\x1b\x7f"),
			want: Article{Title: "标题", Description: "编者的话。"}, warn: []string{"5: 3 control characters removed, the first (U+0001) on this line"}},
		{name: "a bidi override in the title", src: article("## 樱花FM┃标题\u202e3mp.exe\u202c", src, credit, cover, note+"\u200f"),
			want: Article{Title: "标题3mp.exe", Description: "编者的话。\u200f"}, warn: []string{"5: 2 control characters removed, the first (U+202E) on this line"}},
		{name: "no source link", file: "樱花FM-03.md", src: article(hd, "", credit, cover, note),
			warn: []string{"5: no source link (轉載自/转载自); the episode guid comes from the file name"}},
		{name: "no credit, no cover", src: article(hd, src, "", "", note),
			warn: []string{"5: no audio credit", "5: no cover image"}},
		{name: "BOM and CRLF", src: "\uFEFF" + strings.ReplaceAll(article(hd, src, credit, cover, note), "\n", "\r\n"),
			want: Article{Title: "标题", Description: "编者的话。", TitleLine: 5}},
		{name: "old Mac CR", src: strings.ReplaceAll(article(hd, src, credit, cover, note), "\n", "\r"), want: Article{Title: "标题"}},
		{name: "GB18030", src: gb18030(t, article(hd, src, credit, cover, note)), want: Article{Title: "标题", Description: "编者的话。"}},
		{name: "UTF-16LE with its BOM", src: utf16Text(article(hd, src, credit, cover, note), false), want: Article{Title: "标题", Description: "编者的话。", TitleLine: 5}},
		{name: "UTF-16BE with its BOM", src: utf16Text(strings.ReplaceAll(article(hd, src, credit, cover, note), "\n", "\r\n"), true), want: Article{Title: "标题", Description: "编者的话。"}},
		{name: "UTF-16 with a lone surrogate", src: utf16Text("## 樱花FM┃标题\n正文\n", false) + "\x00\xd8", err: "x.md:3: UTF-16 text with a lone surrogate (U+D800)"},
		{name: "UTF-16 cut short", src: utf16Text("## 樱花FM┃标题\n正文", true) + "\x00", err: "x.md:2: UTF-16 text cut short"},
		{name: "UTF-16 with U+FFFD", src: utf16Text(article(hd, src, credit, cover, "【编者按】编者\uFFFD的话。"), false), want: Article{Description: "编者\uFFFD的话。"}},
		{name: "neither UTF-8 nor GB18030", src: "## 樱花FM┃标题\n\xff\xfe\xff\n", err: "x.md:2: not UTF-8 and not GB18030"},
		{name: "neither, old Mac CR", src: "## 樱花FM┃标题\r正文\r\r\xff\xfe\xff\r", err: "x.md:4: not UTF-8 and not GB18030"},
		{name: "neither, CRLF", src: "## 樱花FM┃标题\r\n正文\r\n\xff\xfe\xff\r\n", err: "x.md:3: not UTF-8 and not GB18030"},
		{name: "UTF-16 with a lone surrogate, old Mac CR", src: utf16Text("## 樱花FM┃标题\r正文\r\r", false) + "\x00\xd8", err: "x.md:4: UTF-16 text with a lone surrogate"},
		{name: "UTF-16 with a lone surrogate, CRLF", src: utf16Text("## 樱花FM┃标题\r\n正文\r\n", false) + "\x00\xd8", err: "x.md:3: UTF-16 text with a lone surrogate"},
		{name: "other series", src: article("## 樱花深度报道┃标题", src, credit, cover, note), err: "skip: not 樱花FM (樱花深度报道)"},
		{name: "other series, line too long", src: article("## 樱花深度报道┃标题", src, credit, cover, note+"\n"+strings.Repeat("长", 5000)),
			err: "skip: not 樱花FM (樱花深度报道)"},
		{name: "other series, file too large", src: article("## 樱花深度报道┃标题", src, credit, cover, note) + strings.Repeat("长。\n", 1<<17),
			err: "skip: not 樱花FM (樱花深度报道)"},
		{name: "index page", file: "sub/README.md", src: "# 樱花FM\n- [a](a.md)\n", err: "skip: index page"},
		{name: "no heading at all", src: "hello\n", err: "skip: no episode heading"},
		{name: "empty", src: "", err: "skip: empty"},
		{name: "blank lines only", src: " \n\t\n\n", err: "skip: empty"},
		{name: "tagged but no heading", src: strings.Replace(article(hd, src, credit, cover, note), hd, "", 1),
			err: "x.md:6: no episode heading"},
		{name: "heading without title", src: article("## 樱花FM┃ ", src, credit, cover, note), err: "x.md:5: heading \"樱花FM┃\" has no title"},
		{name: "heading without separator", src: article("## 樱花FM 标题", src, credit, cover, note), err: "x.md:5: heading \"樱花FM 标题\": no separator"},
		{name: "no text", src: "## 樱花FM┃标题\n" + src + "\n" + credit + "\n", err: "x.md:1: no text between the heading and the footer"},
		{name: "audio link", src: article(hd, src, credit+"\n[收听](audio/2455369.mp3)", cover, note),
			want: Article{Audio: "audio/2455369.mp3", AudioLine: 9}},
		{name: "audio tag", src: article(hd, src, credit, cover, note+"\n<audio controls src=\"https://cdn.example.org/a.m4a\"></audio>"),
			want: Article{Audio: "https://cdn.example.org/a.m4a"}},
		{name: "source tag", src: article(hd, src, credit, cover, note+"\n<audio controls><source src='x.MP3' type='audio/mpeg'></audio>"),
			want: Article{Audio: "x.MP3"}},
		{name: "front matter", src: "---\ndate: 2022-05-18T08:00:00+08:00\naudio: ep.m4a\n---\n" + article(hd, src, credit, cover, note),
			want: Article{Date: time.Date(2022, 5, 18, 0, 0, 0, 0, time.UTC), DateLine: 2, Audio: "ep.m4a", AudioLine: 3}},
		{name: "dated line", src: article(hd, src, credit+"\n日期：2022年5月18日", cover, note),
			want: Article{Date: time.Date(2022, 5, 18, 0, 0, 0, 0, time.UTC), DateLine: 9}},
		{name: "file too large", src: article(hd, src, credit, cover, note) + strings.Repeat("长。\n", 1<<17), err: "x.md: 918"},
		{name: "line too long", src: article(hd, src, credit, cover, note+"\n"+strings.Repeat("[a](", 2500)), err: "x.md:13: line of 10000 bytes; an article's line is at most 8192"},
		{name: "nested too deep", src: article(hd, src, credit, cover, note+"\n"+strings.Repeat("- ", 17)+"x"), err: "x.md:13: lists or quotes nested 17 deep; at most 16"},
		{name: "quotes nested too deep", src: article(hd, src, credit, cover, note+"\n"+strings.Repeat("> ", 40)+"x"), err: "x.md:13: lists or quotes nested 40 deep"},
		{name: "numbered lists count", src: article(hd, src, credit, cover, note+"\n"+strings.Repeat("1. ", 20)+"x"), err: "x.md:13: lists or quotes nested 20 deep"},
		{name: "ordinary nesting", src: article(hd, src, credit, cover, note+"\n- a\n  - b\n> - 1. c"), want: Article{Title: "标题"}},
		{name: "bad date", src: article(hd, src, credit+"\n日期：昨天", cover, note), warn: []string{"9: date \"昨天\" not understood"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "x.md"
			}
			a, err := Parser{}.Parse(file, []byte(tt.src))
			if tt.err != "" {
				got := ""
				var skip *SkipError
				switch {
				case errors.As(err, &skip):
					got = "skip: " + skip.Reason
				case err != nil:
					got = err.Error()
				}
				if !strings.HasPrefix(got, tt.err) {
					t.Fatalf("error = %q, want prefix %q", got, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			checkFields(t, tt.want, a)
			var warns []string
			for _, w := range a.Warnings {
				warns = append(warns, strings.TrimPrefix(w.Error(), file+":"))
			}
			if len(warns) != len(tt.warn) {
				t.Fatalf("warnings = %q, want %q", warns, tt.warn)
			}
			for i := range warns {
				if !strings.HasPrefix(warns[i], tt.warn[i]) {
					t.Errorf("warning %d = %q, want prefix %q", i, warns[i], tt.warn[i])
				}
			}
			if tt.file != "" && a.PostID == "" && a.ID() != "樱花FM-03" {
				t.Errorf("ID() = %q, want the file stem", a.ID())
			}
		})
	}
}

// checkFields compares the fields set in want.
func checkFields(t *testing.T, want, got Article) {
	t.Helper()
	check := func(name string, w, g any, zero bool) {
		if !zero && !cmp.Equal(w, g) {
			t.Errorf("%s = %v, want %v", name, g, w)
		}
	}
	check("Title", want.Title, got.Title, want.Title == "")
	check("TitleLine", want.TitleLine, got.TitleLine, want.TitleLine == 0)
	check("PostID", want.PostID, got.PostID, want.PostID == "")
	check("Link", want.Link, got.Link, want.Link == "")
	check("Description", want.Description, got.Description, want.Description == "")
	check("DescriptionLine", want.DescriptionLine, got.DescriptionLine, want.DescriptionLine == 0)
	check("Cover", want.Cover, got.Cover, want.Cover == "")
	check("Audio", want.Audio, got.Audio, want.Audio == "")
	check("AudioLine", want.AudioLine, got.AudioLine, want.AudioLine == 0)
	check("DateLine", want.DateLine, got.DateLine, want.DateLine == 0)
	if !want.Date.IsZero() && !want.Date.Equal(got.Date) {
		t.Errorf("Date = %v, want %v", got.Date, want.Date)
	}
	if want.Credits != nil {
		check("narrator", want.Credits[0], got.Narrator(), false)
	}
}

// utf16Text is s in UTF-16 with its byte order mark, as Notepad saves it.
func utf16Text(s string, bigEndian bool) string {
	var b []byte
	for _, u := range utf16enc.Encode([]rune("\uFEFF" + s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

func gb18030(t testing.TB, s string) string {
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCredits(t *testing.T) {
	src, _ := os.ReadFile(seedFile)
	a, err := Parser{}.Parse("seed.md", src)
	if err != nil {
		t.Fatal(err)
	}
	want := []Credit{
		{Role: Narrator, Organisation: "东京樱花团", Name: "战友520", Line: 8},
		{Role: Editor, Organisation: "东京樱花团", Name: "南雁", Line: 42},
		{Role: Publisher, Organisation: "东京樱花团", Name: "平安卿卿", Line: 43},
	}
	if d := cmp.Diff(want, a.Credits); d != "" {
		t.Errorf("credits (-want +got):\n%s", d)
	}
}

// FuzzParse: Parse never panics, returns a typed error that names its file,
// and an article with a title, an id and no control character in any
// field (a NUL once made a feed invalid XML).
func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile(seedFile)
	f.Add(seed)
	f.Add(mustReadFile(f, "testdata/real/2425679.md"))
	f.Add([]byte(archiveShape.String()))
	f.Add([]byte(article(hd, src, credit, cover, note)))
	f.Add([]byte("---\ndate: x\n---\n## 樱花FM┃t\n![](<>)\n<img src=''>"))
	f.Add([]byte(gb18030(f, article(hd, src, credit, cover, ""))))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := Parser{}.Parse("f.md", src)
		var perr *Error
		var skip *SkipError
		switch {
		case err == nil:
			if a.Title == "" || a.ID() == "" {
				t.Fatalf("article without title or id: %+v", a)
			}
			for _, c := range a.Credits {
				checkClean(t, "credit", c.Organisation+c.Name, false)
			}
			for name, s := range map[string]string{"title": a.Title, "description": a.Description, "caption": a.CoverCaption,
				"cover": a.Cover, "text url": a.TextURL, "link": a.Link} {
				checkClean(t, name, s, false)
			}
			checkClean(t, "body", a.Body, true)
		case errors.As(err, &skip):
			if skip.File != "f.md" || skip.Reason == "" {
				t.Fatalf("skipped without a reason: %#v", skip)
			}
		case errors.As(err, &perr):
			if perr.File != "f.md" || perr.Line < 0 {
				t.Fatalf("error without its place: %v", err)
			}
		default:
			t.Fatalf("untyped error %T: %v", err, err)
		}
	})
}

// checkClean fails when s holds a control character (but line ends and
// tabs where lines are allowed) or a zero-width space.
func checkClean(t *testing.T, name, s string, lines bool) {
	t.Helper()
	for _, r := range s {
		if lines && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' || r == 0xFFFE || r == 0xFFFF {
			t.Fatalf("%s holds %U: %q", name, r, s)
		}
	}
}

// TestParseKeepsNoSource: what Parse returns holds nothing of src, which
// its caller may then reuse: the seed, with a warning, a body of one line
// (a substring of the text as it is read), a CRLF file and an error, each
// parsed again after its bytes were overwritten.
func TestParseKeepsNoSource(t *testing.T) {
	seed := mustReadFile(t, seedFile)
	noNote := strings.Replace(string(seed), "【编者按】", "", 1)
	oneLine := hd + "\n" + src + "\n\n" + credit + "\n\n" + cover + "\n\n" + note + "\n编辑：东京樱花团/南雁\n"
	for _, src := range []string{string(seed), noNote, oneLine, strings.ReplaceAll(string(seed), "\n", "\r\n"),
		"\ufeff## 樱花FM┃标题\n\xff\xfe\xff\n", "## other series\n"} {
		b := []byte(src)
		a, err := Parser{}.Parse("x.md", b)
		want, wantErr := Parser{}.Parse("x.md", []byte(src))
		for i := range b {
			b[i] = 'x'
		}
		if d := cmp.Diff(articleText(t, want), articleText(t, a)); d != "" {
			t.Errorf("after src was overwritten (-want +got):\n%s", d)
		}
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("error after src was overwritten: %v, want %v", err, wantErr)
		}
	}
}

func mustReadFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// articleText is every field of a, its warnings' messages among them.
func articleText(t *testing.T, a Article) string {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(string(b), a.Warnings)
}

// TestNoSourceLink: an article of the archive's editions without its
// source link is warned of (each of the 1,581 has one); one of a series of
// one's own is the episode of its file's name.
func TestNoSourceLink(t *testing.T) {
	src := article(hd, "", credit, cover, note)
	a, err := Parser{}.Parse("樱花FM-03.md", []byte(src))
	if err != nil || len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0].Error(), "no source link") {
		t.Errorf("樱花FM: %v, warnings %v, want one of no source link", err, a.Warnings)
	}
	own := strings.Replace(src, "樱花FM┃", "我的播客┃", 1)
	if a, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(own)); err != nil || len(a.Warnings) > 0 || a.ID() != "ep1" {
		t.Errorf("a series of one's own: %v, ID %q, warnings %v, want ep1 and none", err, a.ID(), a.Warnings)
	}
	// Nor need it credit a narrator, which the archive's articles do.
	bare := strings.Replace(article(hd, "", "", cover, note), "樱花FM┃", "我的播客┃", 1)
	if a, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(bare)); err != nil || len(a.Warnings) > 0 || a.Narrator().Name != "" {
		t.Errorf("a series of one's own without a narrator: %v, warnings %v, narrator %v, want none and no warning", err, a.Warnings, a.Narrator())
	}
}

// TestNoCovers: with NoCovers no image is an episode's cover: the first
// stays in the body, and an article without one is not warned of, as it
// is without NoCovers.
func TestNoCovers(t *testing.T) {
	warned := func(a Article) bool {
		return slices.ContainsFunc(a.Warnings, func(w error) bool { return strings.Contains(w.Error(), "no cover image") })
	}
	a, err := Parser{NoCovers: true}.Parse("a.md", []byte(article(hd, src, credit, cover, note)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Cover != "" || !strings.HasPrefix(a.Body, cover+"\n") || len(a.Warnings) > 0 {
		t.Errorf("NoCovers, with a cover: Cover %q, Body %q, warnings %v", a.Cover, a.Body, a.Warnings)
	}
	without := []byte(article(hd, src, credit, "", note))
	if a, err := (Parser{}).Parse("a.md", without); err != nil || !warned(a) || a.Cover != "" {
		t.Errorf("without NoCovers, no cover: %v, Cover %q, warnings %v", err, a.Cover, a.Warnings)
	}
	// A podcast of one's own is pointed at covers: none; the archive, whose
	// articles have covers but for a few, is not.
	own := []byte(strings.Replace(string(without), "樱花FM┃", "我的播客┃", 1))
	if a, err := (Parser{Series: "我的播客"}).Parse("a.md", own); err != nil || len(a.Warnings) != 1 || !strings.HasSuffix(a.Warnings[0].Error(), "(covers: none, for articles without covers)") {
		t.Errorf("a series of one's own, no cover: %v, warnings %v", err, a.Warnings)
	}
	if a, _ := (Parser{}).Parse("a.md", without); !warned(a) || slices.ContainsFunc(a.Warnings, func(w error) bool { return strings.Contains(w.Error(), "covers: none") }) {
		t.Errorf("樱花FM, no cover: %v, want the warning without covers: none", a.Warnings)
	}
	if a, err := (Parser{NoCovers: true}).Parse("a.md", without); err != nil || len(a.Warnings) > 0 {
		t.Errorf("NoCovers, no cover: %v, warnings %v", err, a.Warnings)
	}
}

// TestPlain: inline Markdown and HTML become the text a title or a
// description shows; a < or > that starts no tag is text.
func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"**粗体**与*斜体*":                       "粗体与斜体",
		"[链接](https://x.org/a)的文字":          "链接的文字",
		"![图](https://x.org/a.jpg)图后":       "图后",
		"<b>标</b><br/>题<img src=\"x.jpg\">": "标题",
		"5 < 6 > 4":                         "5 < 6 > 4",
		"Tom &amp; Jerry <live>":            "Tom & Jerry",
		"见 <https://x.org/a> 与 <!-- 注 -->":  "见 https://x.org/a 与",
		"x &lt;tag&gt; y":                   "x <tag> y",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBodyKeepsIndentation: a line's indentation stays in the body, where
// it nests a list or makes a code block; trailing space goes.
func TestBodyKeepsIndentation(t *testing.T) {
	src := "## 我的播客┃标题\n\n音频：我的电台/小明\n\n第一段。\n\n- 一\n  - 一之一\n- 二   \n\n    code()\n"
	a, err := Parser{Series: "我的播客", NoCovers: true}.Parse("a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if want := "第一段。\n\n- 一\n  - 一之一\n- 二\n\n    code()"; a.Body != want {
		t.Errorf("Body = %q, want %q", a.Body, want)
	}
}

// TestRelativeImages: an image of the body given by a path beside the
// article is one of its Images, each once; one that is neither such a
// path nor an http(s) URL is warned of at its line.
func TestRelativeImages(t *testing.T) {
	src := "## 我的播客┃标题\n\n正文。\n\n![图](images/a.jpg) 与 ![](https://x.org/b.jpg)\n\n![](/c.png) ![](images/a.jpg) ![](../d.png)\n"
	a, err := Parser{Series: "我的播客", NoCovers: true}.Parse("a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]Image{{"images/a.jpg", 5}, {"../d.png", 7}}, a.Images); d != "" {
		t.Errorf("Images (-want +got):\n%s", d)
	}
	var got []string
	for _, w := range a.Warnings {
		got = append(got, w.Error())
	}
	want := []string{"a.md:7: image /c.png is neither a path beside the article nor an http(s) URL: pages and apps cannot show it"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}
}

// TestFrontMatterTitle: an article of a series of one's own may name its
// title in front matter, as Hugo and Jekyll write it, and its headings are
// then the text's; the archive's series need their heading.
func TestFrontMatterTitle(t *testing.T) {
	src := "---\ntitle: \"第一集：开始\"\ndate: 2024-03-01\n---\n\n音频：我的电台/小明\n\n## 引言\n\n正文。\n"
	a, err := Parser{Series: "我的播客", NoCovers: true}.Parse("ep1.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "第一集：开始" || a.TitleLine != 2 || a.Series != "我的播客" || a.Narrator().Name != "小明" ||
		a.Body != "## 引言\n\n正文。" || a.Date.IsZero() || len(a.Warnings) > 0 {
		t.Errorf("got title %q (line %d), series %q, narrator %q, body %q, date %v, warnings %v",
			a.Title, a.TitleLine, a.Series, a.Narrator().Name, a.Body, a.Date, a.Warnings)
	}
	// Credits in front matter, as a Hugo post gives them.
	credited := strings.Replace(src, "date:", "narrator: Anna\neditor: 我的电台/小红\npublisher: \"\"\ndate:", 1)
	if a, err := (Parser{Series: "我的播客", NoCovers: true}).Parse("ep1.md", []byte(credited)); err != nil ||
		!slices.Equal(a.Credits, []Credit{{Role: Narrator, Name: "Anna", Line: 3}, {Role: Editor, Organisation: "我的电台", Name: "小红", Line: 4}, {Role: Narrator, Organisation: "我的电台", Name: "小明", Line: 9}}) ||
		len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0].Error(), "ep1.md:5: publisher credit names nobody") {
		t.Errorf("front matter credits: %v, %+v, warnings %v", err, a.Credits, a.Warnings)
	}
	// A draft is not published.
	var skip *SkipError
	if _, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(strings.Replace(src, "date:", "draft: true\ndate:", 1))); !errors.As(err, &skip) || skip.Reason != "draft (front matter draft: true)" {
		t.Errorf("a draft: %v, want it skipped as one", err)
	}
	for _, d := range []string{"draft: True", "draft: yes", "published: false"} {
		if _, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(strings.Replace(src, "date:", d+"\ndate:", 1))); !errors.As(err, &skip) {
			t.Errorf("%s: %v, want it skipped as a draft", d, err)
		}
	}
	if a, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(strings.Replace(src, "date:", "draft: false\ndate:", 1))); err != nil || a.Title == "" {
		t.Errorf("draft: false: %v", err)
	}
	// A title of null is none.
	if _, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(strings.Replace(src, "\"第一集：开始\"", "~", 1))); !errors.As(err, &skip) {
		t.Errorf("title: ~: %v, want no title, and the file skipped", err)
	}
	// A file that starts with a rule and text keeps its text.
	ruled := "---\n## 我的播客┃标题\n\n正文。\n\n---\n\n更多。\n"
	if a, err := (Parser{Series: "我的播客", NoCovers: true}).Parse("ep1.md", []byte(ruled)); err != nil || a.Title != "标题" {
		t.Errorf("a file that starts with a rule: %v, title %q", err, a.Title)
	}
	// A Jekyll post is dated by its file's name, when nothing else dates it.
	undated := strings.Replace(src, "date: 2024-03-01\n", "", 1)
	if a, err := (Parser{Series: "我的播客"}).Parse("_posts/2024-03-02-first.md", []byte(undated)); err != nil || a.Date.Format("2006-01-02") != "2024-03-02" || a.DateLine != 0 {
		t.Errorf("a dated name: %v, date %v (line %d)", err, a.Date, a.DateLine)
	}
	if a, err := (Parser{Series: "我的播客"}).Parse("_posts/2024-03-02-first.md", []byte(src)); err != nil || a.Date.Format("2006-01-02") != "2024-03-01" {
		t.Errorf("a dated name and a date: %v, date %v, want the front matter's", err, a.Date)
	}
	// A Hugo page bundle is an article of its folder's name; an index
	// page of the archive's is not.
	if a, err := (Parser{Series: "我的播客"}).Parse("posts/ep-one/index.md", []byte(src)); err != nil || a.ID() != "ep-one" {
		t.Errorf("a page bundle: %v, id %q, want ep-one", err, a.ID())
	}
	if _, err := (Parser{}).Parse("posts/ep-one/index.md", []byte(src)); !errors.As(err, &skip) || skip.Reason != "index page" {
		t.Errorf("樱花FM's index.md: %v, want it skipped as an index page", err)
	}
	// A description in front matter is the episode's.
	a, err = Parser{Series: "我的播客", NoCovers: true}.Parse("ep1.md", []byte(strings.Replace(src, "date:", "description: 第一集的简介。\ndate:", 1)))
	if err != nil || a.Description != "第一集的简介。" || a.DescriptionLine != 3 {
		t.Errorf("with a description: %v, %q (line %d)", err, a.Description, a.DescriptionLine)
	}
	// A heading of the series wins over the front matter's title.
	a, err = Parser{Series: "我的播客", NoCovers: true}.Parse("ep1.md", []byte(strings.Replace(src, "## 引言", "## 我的播客┃标题", 1)))
	if err != nil || a.Title != "标题" {
		t.Errorf("with a series heading: %v, title %q, want 标题", err, a.Title)
	}
	if _, err := (Parser{}).Parse("ep1.md", []byte(src)); !errors.As(err, &skip) || !strings.Contains(skip.Reason, "set series: in config.yaml") {
		t.Errorf("樱花FM: %v, want the file skipped, saying to set series:", err)
	}
	if _, err := (Parser{Series: "我的播客"}).Parse("ep1.md", []byte(strings.Replace(src, "第一集：开始", "", 1))); err == nil || !strings.Contains(err.Error(), "ep1.md:2: the front matter's title is empty") {
		t.Errorf("an empty title: %v", err)
	}
}

// TestFrontMatterLanguages: front matter is read as the YAML or TOML it
// is (quotes, folded text, Jekyll's dates, TOML's), its lines kept for
// what is said of it; a block that is neither is read line by line, with
// a warning.
func TestFrontMatterLanguages(t *testing.T) {
	own := Parser{Series: "我的播客", NoCovers: true}
	for _, tc := range []struct {
		name, front, title, description, date string
		titleLine                             int
		warn                                  string
	}{
		{name: "YAML", front: "---\ntitle: 'It''s a \"quoted\": title'\ndescription: >-\n  A folded\n  description.\ndate: 2024-03-02 10:00:00 +0100\ntags: [a, b]\n---\n",
			title: `It's a "quoted": title`, description: "A folded description.", date: "2024-03-02T09:00:00Z", titleLine: 2},
		{name: "TOML", front: "+++\ndate = 2024-03-02T10:00:00+01:00\ntitle = \"TOML 的标题\"\n[params]\nx = 1\n+++\n",
			title: "TOML 的标题", date: "2024-03-02T09:00:00Z", titleLine: 3},
		{name: "TOML local date", front: "+++\ntitle = \"T\"\ndate = 2024-03-02\n+++\n", title: "T", date: "2024-03-02T00:00:00Z", titleLine: 2},
		{name: "neither", front: "---\ntitle: a: b\ndate: 2024-03-02\n---\n", title: "a: b", date: "2024-03-02T00:00:00Z", titleLine: 2,
			warn: "ep.md:2: the front matter is not YAML (mapping values are not allowed"},
		{name: "YAML broken at its fourth line", front: "---\ntitle: T\ndate: 2024-03-02\nx: a: b\n---\n", title: "T", date: "2024-03-02T00:00:00Z", titleLine: 2,
			warn: "ep.md:4: the front matter is not YAML (mapping values are not allowed"},
		{name: "a quote never closed", front: "---\ntitle: \"Second\ndate: 2024-03-02\n---\n", title: "Second", date: "2024-03-02T00:00:00Z", titleLine: 2,
			warn: `ep.md:2: the front matter is not YAML (a quote that is never closed: title: "Second)`},
		{name: "TOML that is not", front: "+++\ntitle = \"T\"\ntitle = \"U\"\ndate = 2024-03-02\n+++\n", title: "U", date: "2024-03-02T00:00:00Z", titleLine: 3,
			warn: "ep.md:1: the front matter is not TOML"},
		{name: "local date-time", front: "+++\ntitle = \"T\"\ndate = 2024-03-02T10:00:00\n+++\n", title: "T", date: "2024-03-02T10:00:00Z", titleLine: 2},
		{name: "YAML without a zone", front: "---\nTitle: T\ndate: 2024-03-02T10:00:00\n---\n", title: "T", date: "2024-03-02T10:00:00Z", titleLine: 2},
		{name: "a rule inside a text", front: "---\ntitle: T\ndescription: |\n  a\n  ---\n  b\ndate: 2024-03-02\n---\n", title: "T", description: "a --- b", date: "2024-03-02T00:00:00Z", titleLine: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := own.Parse("ep.md", []byte(tc.front+"\n正文。\n"))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tc.title || a.TitleLine != tc.titleLine || a.Date.UTC().Format(time.RFC3339) != tc.date || (tc.description != "" && a.Description != tc.description) {
				t.Errorf("title %q (line %d), description %q, date %v", a.Title, a.TitleLine, a.Description, a.Date.UTC())
			}
			switch {
			case tc.warn == "" && len(a.Warnings) > 0:
				t.Errorf("warnings %v, want none", a.Warnings)
			case tc.warn != "" && (len(a.Warnings) != 1 || !strings.HasPrefix(a.Warnings[0].Error(), tc.warn)):
				t.Errorf("warnings %v, want %s", a.Warnings, tc.warn)
			}
		})
	}
}

// TestOwnPageMistakes: in a series of one's own, a page with front matter
// and no title, front matter never closed, and a date that is not
// understood are errors at their line, not a file skipped in silence or an
// episode dated by its file; the archive's editions keep the bad date a
// warning (their dates are the git history's). A Hugo shortcode, shown as
// written, is warned of.
func TestOwnPageMistakes(t *testing.T) {
	own := Parser{Series: "My Podcast", NoCovers: true}
	for _, tc := range []struct{ name, src, err string }{
		{"no title", "---\ndate: 2024-03-01\ndescription: d\n---\n\nThe text.\n", "ep.md:1: no title: the front matter has no title:"},
		{"never closed", "---\ntitle: T\ndate: 2024-03-01\n--\n\nThe text.\n", "ep.md:1: the front matter's --- is never closed"},
		{"a date not understood", "---\ntitle: T\ndate: 15/03/2024\n---\n\nThe text.\n", `ep.md:3: date "15/03/2024" not understood`},
		{"a date line not understood", "## My Podcast┃T\n\nDate: March 15\n\nThe text.\n", `ep.md:3: date "March 15" not understood`},
		{"a title that is a list", "---\ntitle: [a, b]\ndate: 2024-03-01\n---\n\nThe text.\n", "ep.md:2: title: is a list, not a text: write it as one (in quotes when it holds [ ] or { })"},
		{"a TOML title that is a table", "+++\ndate = 2024-03-01\n[title]\nx = 1\n+++\n\nThe text.\n", "ep.md:3: title: is a table, not a text"},
		{"only front matter", "---\ntitle: T\ndate: 2024-03-01\n---\n", "ep.md:2: no text after the front matter"},
		{"a day no calendar has", "---\ntitle: T\ndate: 2024-02-30\n---\n\nThe text.\n", `ep.md:3: date "2024-02-30": day out of range: the calendar has no such date or time`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := own.Parse("ep.md", []byte(tc.src)); err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("err = %v, want %s…", err, tc.err)
			}
		})
	}
	// A Hugo shortcode is warned of, once, at its line.
	a, err := own.Parse("ep.md", []byte("---\ntitle: T\ndate: 2024-03-01\n---\n\nText.\n\n{{< figure src=\"a.jpg\" >}}\n\n{{% note %}}x{{% /note %}}\n"))
	if err != nil || len(a.Warnings) != 1 || !strings.HasPrefix(a.Warnings[0].Error(), "ep.md:8: a Hugo shortcode") {
		t.Errorf("shortcodes: %v, warnings %v", err, a.Warnings)
	}
	// A page without a cover is told so in its terms: it has no audio credit.
	a, err = Parser{Series: "My Podcast"}.Parse("ep.md", []byte("---\ntitle: T\ndate: 2024-03-01\n---\n\nText.\n"))
	if err != nil || len(a.Warnings) != 1 || !strings.HasPrefix(a.Warnings[0].Error(), "ep.md:2: no cover image at the top of the text; the episode uses the channel artwork (covers: none") {
		t.Errorf("a page without a cover: %v, warnings %v", err, a.Warnings)
	}
	// A draft: that is neither true nor false is said, and not taken for one.
	for _, v := range []string{"1", "yes please"} {
		a, err = own.Parse("ep.md", []byte("---\ntitle: T\ndate: 2024-03-01\ndraft: "+v+"\n---\n\nText.\n"))
		if err != nil || len(a.Warnings) != 1 || a.Warnings[0].Error() != fmt.Sprintf("ep.md:4: draft: %q is not true or false; the page is taken for an episode", v) {
			t.Errorf("draft: %s: %v, warnings %v", v, err, a.Warnings)
		}
	}
	// A text file with neither front matter nor heading is still no page.
	var skip *SkipError
	if _, err := own.Parse("notes.md", []byte("Some notes.\n")); !errors.As(err, &skip) {
		t.Errorf("notes: %v, want skipped", err)
	}
}

// TestFrontMatterTooLarge: front matter past MaxFrontMatterBytes is not
// given to the TOML or YAML decoder (go-toml recurses once per [, and a
// megabyte of them overflowed the stack, killing the build) but read line
// by line, with a warning; a file past MaxFileBytes is refused.
func TestFrontMatterTooLarge(t *testing.T) {
	own := Parser{Series: "我的播客", NoCovers: true}
	deep := strings.Repeat(strings.Repeat("[", 1000)+"\n", 90) // 90 lines, each under MaxLineBytes
	for _, fence := range []string{"+++", "---"} {
		sep := map[string]string{"+++": " = ", "---": ": "}[fence]
		src := fence + "\ntitle" + sep + "T\ndate" + sep + "2024-03-02\nx" + sep + deep + fence + "\n\n正文。\n"
		a, err := own.Parse("ep.md", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", fence, err)
		}
		if a.Title != "T" || len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0].Error(), "bytes, over the 65536 podgen reads as YAML or TOML") {
			t.Errorf("%s: title %q, warnings %v", fence, a.Title, a.Warnings)
		}
	}
	huge := "+++\ntitle = \"T\"\na = " + strings.Repeat("[", 1<<20) + "\n+++\n\n正文。\n"
	if _, err := own.Parse("ep.md", []byte(huge)); err == nil || !strings.Contains(err.Error(), "an article is at most") {
		t.Errorf("a megabyte of [: %v, want the file refused", err)
	}
}

// TestEnglishCredits: a series of one's own reads English credit lines
// (Narrator:, Read by:, Editor:, Published by:) as the archive's own, and
// they leave the text; the archive's editions do not, so a line of their
// text that starts with "Editor:" stays text.
func TestEnglishCredits(t *testing.T) {
	own := "## My Podcast┃First\n\nNarrator: My Station/Alice\n\nThe text.\n\nEditor: Bob\nPublished by: My Station/Carol\n"
	a, err := Parser{Series: "My Podcast", NoCovers: true}.Parse("ep.md", []byte(own))
	if err != nil {
		t.Fatal(err)
	}
	want := []Credit{{Role: Narrator, Organisation: "My Station", Name: "Alice", Line: 3}, {Role: Editor, Name: "Bob", Line: 7}, {Role: Publisher, Organisation: "My Station", Name: "Carol", Line: 8}}
	if d := cmp.Diff(want, a.Credits); d != "" || a.Body != "The text." {
		t.Errorf("credits (-want +got):\n%s\nbody %q", d, a.Body)
	}
	archive := article(hd, src, credit, cover, note+"\n\nEditor: 引文的一行。")
	if a, err := (Parser{}).Parse("a.md", []byte(archive)); err != nil || !strings.Contains(a.Body, "Editor: 引文的一行。") {
		t.Errorf("樱花FM: %v, body %q, want the Editor: line kept", err, a.Body)
	}
}

// TestOwnHeaderCredits: an article of one's own may credit its editor
// under the title, beside its narrator and date, and still have its text.
func TestOwnHeaderCredits(t *testing.T) {
	own := "## 我的播客┃标题\n\n音频：我的电台/小明\nDate: 2024-03-01\nEditor: Bob\n\n正文。\n\n第二段。\n"
	a, err := Parser{Series: "我的播客", NoCovers: true}.Parse("ep.md", []byte(own))
	if err != nil {
		t.Fatal(err)
	}
	if a.Body != "正文。\n\n第二段。" || len(a.Credits) != 2 || a.Credits[1].Role != Editor || a.Date.IsZero() {
		t.Errorf("body %q, credits %v, date %v", a.Body, a.Credits, a.Date)
	}
}
