package feed

import (
	"bufio"
	"bytes"
	"os"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"
)

// goldmarkPlain is goldmark as it comes, the reference for htmlText.
var goldmarkPlain = goldmark.New()

// sameHTML reports a difference between the two renderings of src.
func sameHTML(t *testing.T, src []byte) {
	t.Helper()
	var want, got bytes.Buffer
	if err := goldmarkPlain.Convert(src, &want); err != nil {
		t.Fatal(err)
	}
	if err := markdown.Convert(src, &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want.Bytes(), got.Bytes()) {
		t.Errorf("%q:\n goldmark %q\n podgen   %q", src, want.Bytes(), got.Bytes())
	}
	// And the writer alone, on text as it is.
	want.Reset()
	got.Reset()
	ww, gw := bufio.NewWriter(&want), bufio.NewWriter(&got)
	html.DefaultWriter.Write(ww, src)
	htmlText{html.DefaultWriter}.Write(gw, src)
	html.DefaultWriter.RawWrite(ww, src)
	htmlText{html.DefaultWriter}.RawWrite(gw, src)
	ww.Flush()
	gw.Flush()
	if !bytes.Equal(want.Bytes(), got.Bytes()) {
		t.Errorf("writer, %q:\n goldmark %q\n podgen   %q", src, want.Bytes(), got.Bytes())
	}
}

var htmlTextCases = []string{
	"",
	"plain",
	"中文的段落，没有特殊字符。",
	`a < b > c "q" 'a'`,
	"R&D &amp; &#x22; &#34; &copy; &nosuch; & alone",
	`back\slash \* \\ \< \&amp;`,
	"nul\x00byte",
	"**bold** _em_ `code` [link](https://x.org/?a=1&b=\"2\") ![](https://x.org/i.png) <b>raw</b>",
	"<https://x.org/a?b=1&c=2> autolink",
	"# heading <x>\n\n- list & item\n- \"two\"\n\n> quote <q>\n\n    code < & >\n\n```\nfence & <\n```\n",
	"line  \nbreak\\\nbreak",
	"\xff\xfe invalid UTF-8 < &",
}

// TestHTMLText: goldmark with htmlText writes what goldmark does, for the
// seed article, the other articles of the testdata and each case above.
func TestHTMLText(t *testing.T) {
	for _, c := range htmlTextCases {
		sameHTML(t, []byte(c))
	}
	files, _ := os.ReadDir("testdata/articles")
	if len(files) == 0 {
		t.Fatal("no articles in testdata")
	}
	for _, f := range files {
		sameHTML(t, mustRead(t, "testdata/articles/"+f.Name()))
	}
}

func FuzzHTMLText(f *testing.F) {
	for _, c := range htmlTextCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) { sameHTML(t, []byte(s)) })
}
