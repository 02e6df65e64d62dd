package feed

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/sakurafm/podgen/parse"
)

// bodyHTML is appendBodyHTML's body as a string, as Episode.ContentHTML
// holds it.
func bodyHTML(a *parse.Article) (string, error) {
	b, err := appendBodyHTML(nil, a)
	return string(b), err
}

// transcriptPage is renderTranscript's page around a body given as it is.
func transcriptPage(a *parse.Article, lang, body string) []byte {
	b := transcriptStart(a, lang, len(body))
	return transcriptEnd(append(b, body...), a)
}

// transcriptTmpl is the transcript page as html/template writes it: the
// reference renderTranscript is held to.
var transcriptTmpl = template.Must(template.New("transcript").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.8 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
img{max-width:100%;height:auto}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}a{color:#8ab4f8}}
</style>
</head>
<body>
<article>
<h1>{{.Title}}</h1>
{{with .Narrator}}<p>音频：{{.}}</p>{{end}}
{{.Body}}
{{with .Link}}<p><a href="{{.}}">原文</a></p>{{end}}
</article>
</body>
</html>
`))

// transcriptByTemplate renders the page through transcriptTmpl.
func transcriptByTemplate(t *testing.T, a *parse.Article, lang, body string) []byte {
	t.Helper()
	n := a.Narrator()
	narrator := n.Name
	if n.Organisation != "" {
		narrator = n.Organisation + "/" + n.Name
	}
	var page bytes.Buffer
	err := transcriptTmpl.Execute(&page, struct {
		Lang, Title, Narrator, Link string
		Body                        template.HTML
	}{Lang: lang, Title: a.Title, Narrator: narrator, Link: a.Link, Body: template.HTML(body)})
	if err != nil {
		t.Fatal(err)
	}
	return page.Bytes()
}

// sameTranscript reports where transcriptPage and the template differ.
func sameTranscript(t *testing.T, title, org, name, link, lang, body string) {
	t.Helper()
	a := &parse.Article{Title: title, Link: link}
	if org != "" || name != "" {
		a.Credits = []parse.Credit{{Role: parse.Narrator, Organisation: org, Name: name}}
	}
	want := transcriptByTemplate(t, a, lang, body)
	if got := transcriptPage(a, lang, body); !bytes.Equal(got, want) {
		t.Errorf("title %q, narrator %q/%q, link %q, lang %q:\n got %q\nwant %q", title, org, name, link, lang, got, want)
	}
}

type transcriptCase struct{ title, org, name, link, lang, body string }

var transcriptCases = []transcriptCase{
	{"基于中国的云和金融服务对美国和全球民主构成威胁（上）", "东京樱花团", "战友520", "https://gnews.org/zh-hans/2455369/", "zh-cn", "<p>正文。</p>\n"},
	{"", "", "", "", "", ""},
	{`<script>alert("x")</script> & 'q' + 1`, "", `"战友" <520>`, "", "zh-cn\" onload=\"x", "<p>a</p>"},
	{"nul\x00byte", "org", "", "javascript:alert(1)", "en", ""},
	{"t", "", "n", "JavaScript:alert(1)", "en", ""},
	{"t", "", "n", "mailto:a@b.org", "en", ""},
	{"t", "", "n", "ftp://x.org/a", "en", ""},
	{"t", "", "n", "/relative/path:with/colon", "en", ""},
	{"t", "", "n", "https://x.org/~u/路径?q=中文&a=b+c#frag", "en", ""},
	{"t", "", "n", "https://x.org/a%20b%zz%4", "en", ""},
	{"t", "", "n", "https://x.org/\"'<>`{}|\\^ \x00\x7f", "en", ""},
	{"\xff\xfe invalid", "", "\xc3", "https://x.org/\xff", "zh\xff", "\xff"},
}

// TestTranscriptPage: transcriptPage writes what html/template writes with
// the reference template, escapes and URL filtering included.
func TestTranscriptPage(t *testing.T) {
	for _, c := range transcriptCases {
		sameTranscript(t, c.title, c.org, c.name, c.link, c.lang, c.body)
	}
	// And the seed article, whole, as a build renders it.
	a := parseSeedArticle(t)
	page, body, err := renderTranscript(&a, "zh-cn")
	if err != nil {
		t.Fatal(err)
	}
	if want := transcriptByTemplate(t, &a, "zh-cn", string(body)); !bytes.Equal(page, want) {
		t.Errorf("the seed's page:\n got %q\nwant %q", page, want)
	}
}

func FuzzTranscriptPage(f *testing.F) {
	for _, c := range transcriptCases {
		f.Add(c.title, c.org, c.name, c.link, c.lang, c.body)
	}
	f.Fuzz(func(t *testing.T, title, org, name, link, lang, body string) {
		sameTranscript(t, title, org, name, link, lang, body)
	})
}

func parseSeedArticle(t *testing.T) parse.Article {
	t.Helper()
	a, err := parse.Parser{}.Parse("testdata/articles/000_ab612374b3f95bb2.txt", mustRead(t, "testdata/articles/000_ab612374b3f95bb2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}
