package feed

import (
	"bytes"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// htmlText is goldmark's text writer with a fast path, for the article
// bodies' prose. Text without a backslash, an ampersand or a NUL byte holds
// no escape, no entity reference and nothing to replace: goldmark's own
// writer then only escapes <, >, & and ", and does it in two passes of a
// byte at a time. This writes such text in runs between the bytes to
// escape, and hands anything else to goldmark's writer: the same bytes
// either way (TestHTMLText, FuzzHTMLText).
type htmlText struct{ html.Writer }

// htmlSpecial marks the bytes goldmark escapes.
var htmlSpecial = func() (t [256]bool) {
	for b := range 256 {
		t[b] = util.EscapeHTMLByte(byte(b)) != nil
	}
	return t
}()

func (w htmlText) Write(out util.BufWriter, src []byte) {
	if bytes.IndexByte(src, '\\') >= 0 || bytes.IndexByte(src, '&') >= 0 || bytes.IndexByte(src, 0) >= 0 {
		w.Writer.Write(out, src)
		return
	}
	w.RawWrite(out, src)
}

func (w htmlText) RawWrite(out util.BufWriter, src []byte) {
	from := 0
	for i, b := range src {
		if htmlSpecial[b] {
			out.Write(src[from:i])
			out.Write(util.EscapeHTMLByte(b))
			from = i + 1
		}
	}
	out.Write(src[from:])
}
