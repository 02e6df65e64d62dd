package feed

import (
	"bytes"
	"os"
	"testing"

	"github.com/sakurafm/podgen/parse"
)

// sameProse reports a difference between proseHTML and goldmark (as
// bodyHTML sets it up) on src, and whether proseHTML took src as prose.
func sameProse(t *testing.T, src string) bool {
	t.Helper()
	var want bytes.Buffer
	if err := markdown.Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	prefix := []byte("kept")
	got, ok := proseHTML(prefix, src)
	if !bytes.HasPrefix(got, prefix) {
		t.Fatalf("%q: the bytes before were changed: %q", src, got)
	}
	if !ok {
		if len(got) != len(prefix) {
			t.Errorf("%q: not prose, yet %q was appended", src, got[len(prefix):])
		}
		return false
	}
	if got := got[len(prefix):]; !bytes.Equal(got, want.Bytes()) {
		t.Errorf("%q:\n goldmark %q\n prose    %q", src, want.Bytes(), got)
	}
	return true
}

var proseCases = []struct {
	src   string
	prose bool // taken by proseHTML; if not, goldmark renders it
}{
	{"", true},
	{"\n\n  \n", true},
	{"中文的段落，没有特殊字符。", true},
	{"【编者按】一段。\n\n第二段 \"引号\" > 'a' 2C2P。\n", true},
	{"  three spaces\n   one\n  \n\n\ntwo", true},
	{"soft \nbreak\n    lazy continuation", true},
	{"hard  \nbreak   \nand   \n\nend  ", true},
	{"4月18日，宣布。\n![](https://lh5.googleusercontent.com/6oE_Ym8U-a=w1600)\n2018年，", true},
	{"text ![alt \"q\"](https://x.org/a.png?x=1;y=%41%zz) and [link > 链接](https://gnews.org/zh-hans/2442/) end", true},
	{"![](https://x.org/中文 路径.png) ![](javascript:alert) [a](data:text/html) [](x) ![x](data:image/png;base64,AA)", false}, // the space
	{"![](https://x.org/中文路径.png) ![](javascript:alert) [a](data:text/html) [](x) ![x](data:image/png;base64,AA)", true},
	{"bang! and !! and ends with !", true},
	{"2018年 and 1234567890. ten digits", true},
	{"文字版原文：[樱花深度报道┃基于（上）](https://gnews.org/zh-hans/2442/)", true},
	{"1. list", false},
	{"3) list", false},
	{"- list", false},
	{"+ list", false},
	{"* list", false},
	{"# heading", false},
	{"> quote", false},
	{"para\n===", false},
	{"para\n---", false},
	{"___", false},
	{"```\ncode\n```", false},
	{"~~~\ncode\n~~~", false},
	{"    indented code", false},
	{"<div>raw</div>", false},
	{"[ref]: https://x.org\n\n[ref]", false},
	{"**bold**", false},
	{"_em_", false},
	{"`code`", false},
	{"back\\slash", false},
	{"R&amp;D", false},
	{"a <b> c", false},
	{"tab\there", false},
	{"cr\r\nlf", false},
	{"nul\x00", false},
	{"![](https://x.org/a.png \"title\")", false},
	{"[a](<https://x.org>)", false},
	{"[a](https://x.org/(1))", false},
	{"[a] alone", false},
	{"[a][ref]", false},
	{"![unclosed", false},
	{"a ] b", false},
	{"[a](x", false},
	{"[a]()", false},
	{"[**a**](x)", false},
	{"\xff\xfe invalid UTF-8", true},
}

// TestProseHTML: what proseHTML takes as prose it renders as goldmark
// does, and it takes the seed's body; anything else is left to goldmark.
func TestProseHTML(t *testing.T) {
	for _, c := range proseCases {
		if got := sameProse(t, c.src); got != c.prose {
			t.Errorf("%q: taken as prose %v, want %v", c.src, got, c.prose)
		}
	}
	files, _ := os.ReadDir("testdata/articles")
	if len(files) == 0 {
		t.Fatal("no articles in testdata")
	}
	for _, f := range files {
		a, err := parse.Parser{}.Parse(f.Name(), mustRead(t, "testdata/articles/"+f.Name()))
		if err != nil || a.Body == "" {
			continue // not an episode
		}
		// The seed is prose; the second example has **emphasis**.
		if prose := sameProse(t, a.Body); prose != (f.Name() == "000_ab612374b3f95bb2.txt") {
			t.Errorf("%s: body taken as prose %v", f.Name(), prose)
		}
		// And the whole article, footer and all, is not prose: goldmark's.
		sameProse(t, string(mustRead(t, "testdata/articles/"+f.Name())))
	}
}

func FuzzProseHTML(f *testing.F) {
	for _, c := range proseCases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, s string) { sameProse(t, s) })
}

// BenchmarkBodyHTML renders the seed's body, through proseHTML and through
// goldmark alone.
func BenchmarkBodyHTML(b *testing.B) {
	a, err := parse.Parser{}.Parse("seed.md", mustRead(b, "testdata/articles/000_ab612374b3f95bb2.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("prose", func(b *testing.B) {
		b.SetBytes(int64(len(a.Body)))
		var out []byte // as a build renders it: into room made for it
		for b.Loop() {
			if out, err = appendBodyHTML(out[:0], &a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goldmark", func(b *testing.B) {
		b.SetBytes(int64(len(a.Body)))
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			if err := markdown.Convert([]byte(a.Body), &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
