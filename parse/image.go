package parse

import "strings"

// mdImage finds the first Markdown image ![alt](url "title") in s: its
// bounds and its URL, as the regular expression
//
//	!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)
//
// finds them (TestMDImage and FuzzMDImage hold it to the expression),
// which cost a tenth of the parse on the archive's long image lines.
func mdImage(s string) (start, end int, url string, ok bool) {
	for from := 0; ; {
		i := strings.Index(s[from:], "![")
		if i < 0 {
			return 0, 0, "", false
		}
		start = from + i
		if end, url, ok = mdImageAt(s, start+2); ok {
			return start, end, url, true
		}
		from = start + 1
	}
}

// mdImageAt matches the rest of an image after its "![".
func mdImageAt(s string, i int) (end int, url string, ok bool) {
	j := strings.IndexByte(s[i:], ']')
	if j < 0 || i+j+1 >= len(s) || s[i+j+1] != '(' {
		return 0, "", false
	}
	i += j + 2
	for i < len(s) && isSpaceRE(s[i]) {
		i++
	}
	// <url> first; the expression falls back to a URL that starts with <.
	if i < len(s) && s[i] == '<' {
		if end, url, ok = mdImageURL(s, i+1); ok {
			return end, url, true
		}
	}
	return mdImageURL(s, i)
}

// mdImageURL matches ([^)\s>]+)>?(?:\s+"[^"]*")?\s*\) at i.
func mdImageURL(s string, i int) (end int, url string, ok bool) {
	u := i
	for i < len(s) && s[i] != ')' && s[i] != '>' && !isSpaceRE(s[i]) {
		i++
	}
	if i == u {
		return 0, "", false
	}
	url = s[u:i]
	if i < len(s) && s[i] == '>' {
		i++
	}
	// An optional title: white space, then a quoted string.
	k := i
	for k < len(s) && isSpaceRE(s[k]) {
		k++
	}
	if k > i && k < len(s) && s[k] == '"' {
		if q := strings.IndexByte(s[k+1:], '"'); q >= 0 {
			t := k + 1 + q + 1
			for t < len(s) && isSpaceRE(s[t]) {
				t++
			}
			if t < len(s) && s[t] == ')' {
				return t + 1, url, true
			}
		}
	}
	for i < len(s) && isSpaceRE(s[i]) {
		i++
	}
	if i < len(s) && s[i] == ')' {
		return i + 1, url, true
	}
	return 0, "", false
}

// isSpaceRE is \s in Go's regular expressions.
func isSpaceRE(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// removeMDImages is imageMdRe.ReplaceAllString(s, "").
func removeMDImages(s string) string {
	var b strings.Builder
	for {
		start, end, _, ok := mdImage(s)
		if !ok {
			if b.Len() == 0 {
				return s
			}
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:start])
		s = s[end:]
	}
}
