package parse

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inline Markdown, as the archive writes it.
var (
	// An image, with its URL (empty in ![](): one archive article has one
	// where its cover would be). The URL is as written: raw Chinese
	// characters and ┃ in 402 articles, percent escapes in 141.
	imageRe = regexp.MustCompile(`!\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	// An HTML image: archives converted from HTML keep some.
	imgTagRe    = regexp.MustCompile(`(?i)<img\b[^>]*>`)
	imageHTMLRe = regexp.MustCompile(`(?i)<img\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']`)
	// A link that is not an image, with its URL.
	linkRe = regexp.MustCompile(`(?:^|[^!])\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)

	// Each with what a line must hold for it to match: Go's backtracking
	// matcher takes microseconds over a line of prose that holds nothing
	// it could match, and plain reads every line of every article.
	inlineMdRes = []struct {
		re    *regexp.Regexp
		with  string
		needs string
	}{
		{imageRe, "", "!["},
		{regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`), "$1", "]("},
		// An autolink is its URL; a tag (a name after < or </) goes; a < or
		// > that starts no tag is text: 5 < 6 > 4.
		{regexp.MustCompile(`<((?:https?|mailto):[^<>\s]+)>`), "$1", "<"},
		{regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->`), "", "<"},
	}
	// Emphasis marks, whatever they enclose: the archive's bold is
	// sometimes broken (**音频：东京樱花团/战友52**0, in one credit), and its
	// one-line footers are in italics (*编辑：…发布：…*, 155 articles).
	emphasis = strings.NewReplacer("*", "", "__", "", "~~", "", "`", "")
)

// plain turns inline Markdown into plain text: links become their text,
// images, HTML tags and emphasis marks go, entities are decoded (&nbsp; is
// in two titles, &lt; &gt; &amp; in a few texts), what cleanRune drops goes
// (an entity may have made it) and runs of white space become one space.
func plain(md string) string {
	for _, r := range inlineMdRes {
		if strings.Contains(md, r.needs) {
			md = r.re.ReplaceAllString(md, r.with)
		}
	}
	if strings.ContainsAny(md, "*_~`") {
		md = emphasis.Replace(md)
	}
	if strings.IndexByte(md, '&') >= 0 {
		md = html.UnescapeString(md)
	}
	return cleanText(md)
}

// cleanText is strings.Join(strings.Fields(strings.Map(cleanRune, s)), " ")
// in one pass over s: what cleanRune drops goes, and each run of white
// space becomes one space, none at either end.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r = cleanRune(r); {
		case r < 0:
		case unicode.IsSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// firstImage finds the first image of a line, Markdown or HTML: its bounds
// and its URL, entities decoded.
func firstImage(line string) (start, end int, url string, ok bool) {
	start, end = -1, -1
	if m := imageRe.FindStringSubmatchIndex(line); m != nil {
		start, end, url = m[0], m[1], line[m[2]:m[3]]
	}
	if m := imgTagRe.FindStringIndex(line); m != nil && (start < 0 || m[0] < start) {
		start, end, url = m[0], m[1], ""
		if src := imageHTMLRe.FindStringSubmatch(line[m[0]:m[1]]); src != nil {
			url = src[1]
		}
	}
	if start < 0 {
		return 0, 0, "", false
	}
	return start, end, html.UnescapeString(url), true
}

// onlyImages reports whether a line holds images and nothing else.
func onlyImages(line string) bool {
	if !strings.Contains(line, "![") && !strings.Contains(line, "<") {
		return false // no image at all
	}
	rest := imgTagRe.ReplaceAllString(imageRe.ReplaceAllString(line, ""), "")
	return strings.TrimSpace(rest) == "" && strings.TrimSpace(line) != ""
}

// firstLink is the URL of the first link of a line that is not an image,
// entities decoded.
func firstLink(line string) (string, bool) {
	m := linkRe.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// captionRe is an image caption, as plain text: （图片说明）…, 图片来源：…,
// 图片来源于VOA, or the link text of [图片来源](…) and [图片](…). About 220
// articles of the archive would have a caption for a description if they
// were taken for text.
var captionRe = regexp.MustCompile(`^[（(]?\s*(?:图片说明|圖片說明|图片来源|圖片來源|图源|圖源|图片$)`)

func isCaption(text string) bool { return captionRe.MatchString(text) }

// joinLines joins the lines of one paragraph: with nothing between CJK
// text (which has no spaces between words), else with a space.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(lines[i-1])
			next, _ := utf8.DecodeRuneInString(l)
			if prev < utf8.RuneSelf || next < utf8.RuneSelf {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// Where sentences end: after 。！？ (and their ASCII forms) or a full stop
// before white space or the end (not the one in 5.74 or Web2.0), with the
// closing quotes and brackets that follow. An ellipsis ends a paragraph
// (proseEndRe) but is no place to cut one: the archive also writes it
// inside sentences (知识产权……在我们的).
var (
	sentenceEndRe = regexp.MustCompile(`(?:[。！？!?]+|\.(?:\s|$))[”’」』）)》"']*`)
	proseEndRe    = regexp.MustCompile(`[。！？!?.…][”’」』）)》"']*\s*$`)
)

// isProse reports whether text ends where a sentence ends: a subheading,
// a label (其中：), a line of a song or a marker such as （未完待续） does not.
func isProse(text string) bool { return proseEndRe.MatchString(text) }

// cutAtSentence returns the longest start of text, at most max runes long,
// that ends where a sentence ends, preferring one outside quotation marks
// (“…。 is a sentence end inside a quotation, not the end of the sentence
// that holds it). When even the first sentence is longer, it is the first
// sentence; when text has no sentence end, text itself.
func cutAtSentence(text string, max int) string {
	ends := sentenceEndRe.FindAllStringIndex(text, -1)
	if len(ends) == 0 {
		return text
	}
	best, bestOpen := "", ""
	for _, e := range ends {
		cut := strings.TrimSpace(text[:e[1]])
		if utf8.RuneCountInString(cut) > max {
			break
		}
		if quotesOpen(cut) {
			bestOpen = cut
		} else {
			best = cut
		}
	}
	switch {
	case best != "":
		return best
	case bestOpen != "":
		return bestOpen
	}
	return strings.TrimSpace(text[:ends[0][1]])
}

// quotesOpen reports whether s opens more quotation marks than it closes.
func quotesOpen(s string) bool {
	return strings.Count(s, "“") > strings.Count(s, "”") || strings.Count(s, "「") > strings.Count(s, "」") ||
		strings.Count(s, "『") > strings.Count(s, "』")
}
