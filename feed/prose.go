package feed

import (
	"strings"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// proseHTML appends to dst the HTML that goldmark (as bodyHTML sets it up)
// renders for src, when src is plain prose; ok is false, and dst comes back
// as it was, for anything else.
//
// The article bodies are paragraphs of text with images and links in
// them, and goldmark spends nearly all of a body's 60 µs asking each byte
// whether it starts a construct. Plain prose here is: lines of text split
// into paragraphs by blank lines; no byte that may start a block at the
// start of a line (#, >, -, +, *, =, _, `, ~, <, [, a number followed by .
// or ), four spaces before a paragraph); in the text no byte that may start
// an inline construct (\, `, *, _, &, <, ], control bytes) other than
// images ![alt](url) and links [text](url) with plain text and a URL of
// no space, parenthesis, quote, bracket, <, >, \, & or control byte. What
// is left is text to escape, soft and hard line breaks, and URLs, which go
// through goldmark's own functions. TestProseHTML and FuzzProseHTML hold
// this to goldmark's bytes.
func proseHTML(dst []byte, src string) (_ []byte, ok bool) {
	start := len(dst)
	open := false // a paragraph is open
	trail := 0    // spaces that ended the paragraph's last line
	for len(src) > 0 {
		line := src
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = ""
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		text := line[indent:]
		if text == "" {
			if open {
				dst = append(dst, "</p>\n"...)
				open = false
			}
			continue
		}
		if (!open && indent > 3) || !proseLineStart(text) {
			return dst[:start], false
		}
		n := len(text)
		for text[n-1] == ' ' {
			n--
		}
		switch {
		case !open:
			dst = append(dst, "<p>"...)
			open = true
		case trail >= 2:
			dst = append(dst, "<br>\n"...)
		default:
			dst = append(dst, '\n')
		}
		trail = len(text) - n
		if dst, ok = proseInline(dst, text[:n]); !ok {
			return dst[:start], false
		}
	}
	if open {
		dst = append(dst, "</p>\n"...)
	}
	return dst, true
}

// Byte classes of plain prose: text written as it is, text written as
// goldmark escapes it (" and >), and anything else (! starts an image
// before [, [ a link; the rest is not plain prose).
const (
	proseOther = iota
	proseRaw
	proseEscaped
)

var proseClass = func() (t [256]uint8) {
	for b := range 256 {
		switch {
		case b < 0x20 || b == 0x7f || strings.IndexByte("\\`*_&<[]!", byte(b)) >= 0:
			t[b] = proseOther
		case htmlSpecial[b]:
			t[b] = proseEscaped
		default:
			t[b] = proseRaw
		}
	}
	return t
}()

// proseLineStart reports whether a line that begins with text (its first
// byte not a space) can only be a paragraph's text.
func proseLineStart(text string) bool {
	switch c := text[0]; {
	case strings.IndexByte("#>-+*=_`~<[", c) >= 0:
		return false
	case '0' <= c && c <= '9':
		// An ordered list item: up to nine digits, then . or ).
		i := 1
		for i < len(text) && '0' <= text[i] && text[i] <= '9' {
			i++
		}
		return i > 9 || i == len(text) || (text[i] != '.' && text[i] != ')')
	}
	return true
}

// proseInline appends the HTML of one line of prose, its trailing spaces
// removed.
func proseInline(dst []byte, s string) ([]byte, bool) {
	for {
		i := 0
		for i < len(s) && proseClass[s[i]] == proseRaw {
			i++
		}
		dst = append(dst, s[:i]...)
		if i == len(s) {
			return dst, true
		}
		switch c := s[i]; {
		case proseClass[c] == proseEscaped:
			dst = append(dst, util.EscapeHTMLByte(c)...)
			s = s[i+1:]
			continue
		case c == '!' && !strings.HasPrefix(s[i+1:], "["): // text too
			dst = append(dst, c)
			s = s[i+1:]
			continue
		}
		image := s[i] == '!'
		if image {
			i++
		}
		if s[i] != '[' {
			return dst, false
		}
		text, url, n, ok := proseLink(s[i:])
		if !ok {
			return dst, false
		}
		if image {
			dst = append(dst, `<img src="`...)
			dst = appendProseURL(dst, url)
			dst = append(dst, `" alt="`...)
			dst = appendProseText(dst, text)
			dst = append(dst, `">`...)
		} else {
			dst = append(dst, `<a href="`...)
			dst = appendProseURL(dst, url)
			dst = append(dst, `">`...)
			dst = appendProseText(dst, text)
			dst = append(dst, `</a>`...)
		}
		s = s[i+n:]
	}
}

// proseLink reads "[text](url)" at the start of s, where text is plain and
// url has no byte that could make it anything but the link's destination;
// n is its length.
func proseLink(s string) (text, url string, n int, ok bool) {
	end := strings.IndexByte(s, ']')
	if end < 0 || end+1 == len(s) || s[end+1] != '(' {
		return "", "", 0, false
	}
	text = s[1:end]
	for i := 0; i < len(text); i++ {
		if proseClass[text[i]] == proseOther {
			return "", "", 0, false
		}
	}
	rest := s[end+2:]
	close := strings.IndexByte(rest, ')')
	if close <= 0 {
		return "", "", 0, false
	}
	url = rest[:close]
	for i := 0; i < len(url); i++ {
		if c := url[i]; c <= ' ' || c == 0x7f || strings.IndexByte(`()<>\&"'[]`+"`", c) >= 0 {
			return "", "", 0, false
		}
	}
	return text, url, end + 2 + close + 1, true
}

// appendProseURL writes a link's destination as goldmark does.
func appendProseURL(dst []byte, url string) []byte {
	u := util.URLEscape([]byte(url), true)
	if html.IsDangerousURL(u) {
		return dst
	}
	return append(dst, util.EscapeHTML(u)...)
}

// appendProseText writes plain text, escaped as goldmark escapes it.
func appendProseText(dst []byte, s string) []byte {
	from := 0
	for i := 0; i < len(s); i++ {
		if htmlSpecial[s[i]] {
			dst = append(dst, s[from:i]...)
			dst = append(dst, util.EscapeHTMLByte(s[i])...)
			from = i + 1
		}
	}
	return append(dst, s[from:]...)
}
