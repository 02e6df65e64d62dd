package page

import (
	"bytes"
	"html/template"
)

// Transcript is what an episode's transcript page shows: the text the
// narrator reads, with its title and credit.
type Transcript struct {
	Lang     string
	Title    string
	Narrator string        // the credit line: organisation/narrator
	Body     template.HTML // the article body, rendered from its Markdown
	Link     string        // the original: the text version, or the source
}

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
{{template "original" .Link}}
</article>
</body>
</html>
{{define "original"}}{{with .}}<p><a href="{{.}}">原文</a></p>{{end}}{{end}}`))

// TranscriptPage renders the page the feed links with podcast:transcript.
func TranscriptPage(t Transcript) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(t.Body) + 1024)
	err := transcriptTmpl.Execute(&b, t)
	return b.Bytes(), err
}

// OriginalLink is the paragraph that links an episode's text to its
// original ("原文"), as the transcript page ends: content:encoded ends
// with it too. Empty for no URL.
func OriginalLink(url string) (string, error) {
	var b bytes.Buffer
	err := transcriptTmpl.ExecuteTemplate(&b, "original", url)
	return b.String(), err
}
