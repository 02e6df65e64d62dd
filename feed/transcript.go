package feed

import (
	"bufio"
	"bytes"
	"strings"
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

// appendBodyHTML renders an article's body as HTML, for content:encoded and
// the transcript page, appending it to dst.
func appendBodyHTML(dst []byte, a *parse.Article) ([]byte, error) {
	// Plain prose, most bodies, without goldmark's parser: the same bytes.
	if b, ok := proseHTML(dst, a.Body); ok {
		return b, nil
	}
	r := htmlPool.Get().(*htmlWriter)
	defer htmlPool.Put(r)
	r.buf.Reset()
	r.w.Reset(&r.buf)
	// goldmark writes through a bufio.Writer of its own unless it is given
	// one: a pooled one spares an allocation per article.
	if err := markdown.Convert([]byte(a.Body), r.w); err != nil {
		return dst, err
	}
	return append(dst, r.buf.Bytes()...), nil
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

// renderTranscript renders the page the feed links with
// podcast:transcript: the body the narrator reads, with its title and
// credit. It returns the body as HTML too, a part of the page:
// content:encoded takes it from there, rendered once and not copied.
//
// The page is written directly, each field escaped as html/template
// escapes it in its place (appendHTMLText, appendURLAttr): the template in
// transcript_test.go is the page's reference, and TestTranscriptPage and
// FuzzTranscriptPage hold this to its bytes. Through html/template a page
// cost 22 µs, three quarters of it calling the escapers by reflection; a
// build writes one page per episode.
func renderTranscript(a *parse.Article, lang string) (page, body []byte, err error) {
	// Room for the body's HTML: its Markdown and a quarter more.
	page = transcriptStart(a, lang, len(a.Body)+len(a.Body)/4)
	at := len(page)
	if page, err = appendBodyHTML(page, a); err != nil {
		return nil, nil, err
	}
	body = page[at:len(page):len(page)]
	return transcriptEnd(page, a), body, nil
}

// transcriptStart is the page up to the body, in a slice with room for
// the rest when the body is bodyLen bytes.
func transcriptStart(a *parse.Article, lang string, bodyLen int) []byte {
	narrator := narratorCredit(a)
	// Room for the page at once: its fixed text, and each field as if
	// escaping made it a few times longer.
	b := make([]byte, 0, len(transcriptHead)+len(transcriptStyle)+bodyLen+4*(2*len(a.Title)+len(narrator)+len(a.Link)+len(lang))+256)
	b = append(b, "<!DOCTYPE html>\n<html lang=\""...)
	b = appendHTMLText(b, lang)
	b = append(b, transcriptHead...)
	b = appendHTMLText(b, a.Title)
	b = append(b, "</title>\n"...)
	b = append(b, transcriptStyle...)
	b = append(b, "</head>\n<body>\n<article>\n<h1>"...)
	b = appendHTMLText(b, a.Title)
	b = append(b, "</h1>\n"...)
	if narrator != "" {
		b = append(b, "<p>音频："...)
		b = appendHTMLText(b, narrator)
		b = append(b, "</p>"...)
	}
	return append(b, '\n')
}

// transcriptEnd appends what follows the body (goldmark's output, raw
// HTML omitted) to the page.
func transcriptEnd(b []byte, a *parse.Article) []byte {
	b = append(b, '\n')
	if a.Link != "" {
		b = append(b, "<p><a href=\""...)
		b = appendURLAttr(b, a.Link)
		b = append(b, "\">原文</a></p>"...)
	}
	return append(b, "\n</article>\n</body>\n</html>\n"...)
}

// narratorCredit is the page's credit line: organisation/narrator.
func narratorCredit(a *parse.Article) string {
	n := a.Narrator()
	if n.Organisation != "" {
		return n.Organisation + "/" + n.Name
	}
	return n.Name
}

const (
	transcriptHead = `">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`
	transcriptStyle = `<style>
body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.8 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
img{max-width:100%;height:auto}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}a{color:#8ab4f8}}
</style>
`
)

// appendHTMLText appends s escaped as html/template escapes a string in
// text, in RCDATA (<title>) and in a quoted attribute: its
// htmlReplacementTable (NUL, ", &, ', +, <, >), all of them ASCII.
func appendHTMLText(b []byte, s string) []byte {
	from := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b = append(append(b, s[from:i]...), repl...)
		from = i + 1
	}
	return append(b, s[from:]...)
}

// appendURLAttr appends s as html/template writes a string that is a whole
// URL attribute (href="{{.}}"): a scheme other than http, https or mailto
// becomes #ZgotmplZ; bytes a URL may not hold are percent-encoded (its
// normalizer); then escaped as an attribute.
func appendURLAttr(b []byte, s string) []byte {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '+':
			b = append(b, "&#43;"...)
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0,
			c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
