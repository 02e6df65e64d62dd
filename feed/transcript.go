package feed

import (
	"bufio"
	"bytes"
	"html/template"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/sakurafm/podgen/parse"
)

// markdown renders article bodies. goldmark's default leaves raw HTML out
// (it writes "<!-- raw HTML omitted -->"): article text never injects markup
// into the feed or the transcript pages. Its text writer is goldmark's with
// a fast path for plain prose (htmlText).
var markdown = goldmark.New(goldmark.WithRendererOptions(html.WithWriter(htmlText{html.DefaultWriter})))

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

// bodyHTML renders an article's body as HTML, for content:encoded and the
// transcript page.
func bodyHTML(a *parse.Article) (string, error) {
	r := htmlPool.Get().(*htmlWriter)
	defer htmlPool.Put(r)
	r.buf.Reset()
	r.w.Reset(&r.buf)
	// goldmark writes through a bufio.Writer of its own unless it is given
	// one: a pooled one spares an allocation per article.
	if err := markdown.Convert([]byte(a.Body), r.w); err != nil {
		return "", err
	}
	return r.buf.String(), nil
}

type htmlWriter struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var htmlPool = sync.Pool{New: func() any {
	r := &htmlWriter{}
	r.w = bufio.NewWriterSize(&r.buf, 16<<10)
	return r
}}

// transcriptPage is the page the feed links with podcast:transcript: the
// body the narrator reads, with its title and credit.
func transcriptPage(a *parse.Article, lang, body string) ([]byte, error) {
	var page bytes.Buffer
	n := a.Narrator()
	narrator := n.Name
	if n.Organisation != "" {
		narrator = n.Organisation + "/" + n.Name
	}
	page.Grow(len(body) + 1024)
	err := transcriptTmpl.Execute(&page, struct {
		Lang, Title, Narrator, Link string
		Body                        template.HTML
	}{
		Lang: lang, Title: a.Title, Narrator: narrator, Link: a.Link,
		Body: template.HTML(body), // goldmark output, raw HTML omitted
	})
	return page.Bytes(), err
}
