package parse

import (
	"slices"
	"strings"
)

// Scans for the line shapes the parser looks at on most lines. Each does
// what a regular expression did (written above it), which cost a tenth of
// the parse; lines_test.go holds each to its expression, by table and by
// fuzzing.

// headingText is the text of a heading line:
//
//	^(#{1,3})\s+(.*?)\s*#*\s*$   (the second group)
func headingText(line string) (string, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 3 || n == len(line) || !isSpaceRE(line[n]) {
		return "", false
	}
	rest := strings.TrimLeftFunc(line[n:], isSpaceRuneRE)
	// The shortest text leaves the longest closing \s*#*\s*.
	j := len(rest)
	for j > 0 && isSpaceRE(rest[j-1]) {
		j--
	}
	for j > 0 && rest[j-1] == '#' {
		j--
	}
	for j > 0 && isSpaceRE(rest[j-1]) {
		j--
	}
	if strings.Contains(rest[:j], "\n") { // . is not a line break
		return "", false
	}
	return rest[:j], true
}

// creditLine splits a credit line into its label and value:
//
//	^\s*(音频|音頻|编辑|編輯|发布|發布)\s*[：:]\s*(.*?)\s*$
func creditLine(line string) (label, value string, ok bool) {
	label, rest, ok := cutLabel(line, creditLabels)
	if !ok {
		return "", "", false
	}
	value = strings.TrimFunc(rest, isSpaceRuneRE)
	if strings.Contains(value, "\n") { // . is not a line break
		return "", "", false
	}
	return label, value, true
}

// cutLabel cuts one of labels, none the start of another, and the colon
// after it from the start of line: ^\s*(labels)\s*[：:].
func cutLabel(line string, labels []string) (label, rest string, ok bool) {
	rest = strings.TrimLeftFunc(line, isSpaceRuneRE)
	i := slices.IndexFunc(labels, func(l string) bool { return strings.HasPrefix(rest, l) })
	if i < 0 {
		return "", "", false
	}
	rest = strings.TrimLeftFunc(rest[len(labels[i]):], isSpaceRuneRE)
	for _, colon := range []string{"：", ":"} {
		if r, ok := strings.CutPrefix(rest, colon); ok {
			return labels[i], r, true
		}
	}
	return "", "", false
}

// textLink is the URL of the text version's line:
//
//	^\s*文字版原文\s*[：:]?.*?\]\(\s*([^)\s]+)\s*\)
func textLink(line string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeftFunc(line, isSpaceRuneRE), "文字版原文")
	if !ok {
		return "", false
	}
	rest = strings.TrimLeftFunc(rest, isSpaceRuneRE)
	for {
		i := strings.Index(rest, "](")
		if i < 0 || strings.Contains(rest[:i], "\n") { // .*? does not cross a line break
			return "", false
		}
		rest = rest[i+2:]
		u := strings.TrimLeftFunc(rest, isSpaceRuneRE)
		end := 0
		for end < len(u) && u[end] != ')' && !isSpaceRE(u[end]) {
			end++
		}
		if end > 0 && strings.HasPrefix(strings.TrimLeftFunc(u[end:], isSpaceRuneRE), ")") {
			return u[:end], true
		}
	}
}

// sourceLink is the URL of the link to the source (转载自 GNews):
//
//	\[\s*(?:轉載自|转载自)[^\]]*\]\(\s*(https?://[^)\s]+)\s*\)
func sourceLink(line string) (string, bool) {
	for rest := line; ; {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			return "", false
		}
		rest = rest[i+1:]
		t := strings.TrimLeftFunc(rest, isSpaceRuneRE)
		if !strings.HasPrefix(t, "轉載自") && !strings.HasPrefix(t, "转载自") {
			continue
		}
		t = t[len("转载自"):]
		// [^\]]* ends at the first ], which must open the URL's (.
		end := strings.IndexByte(t, ']')
		if end < 0 {
			return "", false // and no later [ has a ] either
		}
		t, ok := strings.CutPrefix(t[end+1:], "(")
		if !ok {
			continue
		}
		t = strings.TrimLeftFunc(t, isSpaceRuneRE)
		scheme := len("https://")
		if !strings.HasPrefix(t, "https://") {
			if scheme = len("http://"); !strings.HasPrefix(t, "http://") {
				continue
			}
		}
		// [^)\s]+ takes all it can: anything shorter leaves a byte that
		// neither \s nor ) matches.
		u := scheme
		for u < len(t) && t[u] != ')' && !isSpaceRE(t[u]) {
			u++
		}
		if u > scheme && strings.HasPrefix(strings.TrimLeftFunc(t[u:], isSpaceRuneRE), ")") {
			return t[:u], true
		}
	}
}

// footerLine reports whether a line starts the footer:
//
//	^\s*(?:文字版原文|编辑\s*[：:]|編輯\s*[：:]|发布\s*[：:]|發布\s*[：:]|免责声明|免責聲明|- \[ROL )
func footerLine(line string) bool {
	rest := strings.TrimLeftFunc(line, isSpaceRuneRE)
	for _, w := range [...]string{"文字版原文", "免责声明", "免責聲明", "- [ROL "} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	_, _, ok := cutLabel(rest, footerLabels)
	return ok
}

// postID is the number that ends a URL's path:
//
//	(?:^|/)(\d+)/?$
func postID(path string) (string, bool) {
	p := strings.TrimSuffix(path, "/")
	i := len(p)
	for i > 0 && '0' <= p[i-1] && p[i-1] <= '9' {
		i--
	}
	if i == len(p) || i > 0 && p[i-1] != '/' {
		return "", false
	}
	return p[i:], true
}

func isSpaceRuneRE(r rune) bool { return r < 0x80 && isSpaceRE(byte(r)) }
