package parse

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

var (
	// The editor's note, in the four forms of the 93 articles that have one
	// (【编者按】 84, 编者按： 6, [编者按] 2, 编者按】 1), and in traditional
	// characters.
	noteMarkers = []string{
		"【编者按】", "【編者按】", "[编者按]", "[編者按]", "编者按】", "編者按】",
		"编者按：", "編者按：", "编者按:", "編者按:",
	}
	// An abstract, which some long articles open with: 【摘要】…. It is
	// text, and read as such, without its marker.
	abstractMarkers = []string{"【摘要】", "摘要：", "摘要:"}
	// Lines of the body that are no text: keywords (关键词：…, with 摘要： in
	// 8 articles) and an empty 摘要： label.
	leftoverRe = regexp.MustCompile(`^(?:(?:关键词|關鍵詞)\s*[：:]|摘要\s*[：:]\s*$)`)
	// An image with no URL: nothing to show.
	emptyImageRe = regexp.MustCompile(`!\[[^\]]*\]\(\s*(?:<>)?\s*\)`)
)

// descriptionRunes is about how long a description made of the body's
// opening is: a few sentences, what a podcast app shows of an episode.
const descriptionRunes = 300

// mayBeLeftover reports whether a line holds a word leftoverRe starts
// with: it runs on the plain text of the line only then.
func mayBeLeftover(l string) bool {
	return strings.Contains(l, "关键词") || strings.Contains(l, "關鍵詞") || strings.Contains(l, "摘要")
}

// paragraph is a paragraph of the body.
type paragraph struct {
	line int           // 1-based line of its first line
	raw  string        // its lines as the file has them
	text func() string // as plain text, made when asked: most never are
}

// body collects the body, lines from to to, without the lines read as
// something else, and takes the description from it.
func (s *scanner) body(from, to int) *lineError {
	var paras []paragraph
	var kept, cur []string
	curLine := 0
	flush := func() {
		switch i, raw := curLine-1, joinLines(cur); {
		case len(cur) == 1:
			paras = append(paras, paragraph{curLine, raw, func() string { return s.plainOf(i) }})
		case len(cur) > 1:
			paras = append(paras, paragraph{curLine, raw, sync.OnceValue(func() string { return plain(raw) })})
		}
		cur = nil
	}
	shortcode := false // warned of
	for i := from; i < to; i++ {
		if s.used[i] {
			flush()
			continue
		}
		// The body keeps a line's indentation, which nests lists and
		// makes code blocks; the decisions read it without.
		line := strings.TrimRightFunc(s.lines[i], unicode.IsSpace)
		if strings.Contains(line, "![") {
			line = strings.TrimRightFunc(emptyImageRe.ReplaceAllString(line, ""), unicode.IsSpace)
		}
		l := strings.TrimSpace(line)
		if l == "" || l == "---" || mayBeLeftover(l) && leftoverRe.MatchString(s.plainOf(i)) {
			flush()
			if len(kept) > 0 && kept[len(kept)-1] != "" {
				kept = append(kept, "")
			}
			continue
		}
		kept = append(kept, line)
		if strings.Contains(l, "![") {
			s.checkImages(i, l)
		}
		if s.own && !shortcode && (strings.Contains(l, "{{<") || strings.Contains(l, "{{%")) {
			// Hugo runs them; podgen renders Markdown only.
			shortcode = true
			s.warn(i+1, "a Hugo shortcode ({{< … >}}) is shown as it is written: podgen does not run them; write Markdown (![](photo.jpg), [text](url)) instead")
		}
		// A line with an image is a paragraph of its own, if it is one at
		// all: an image with its caption, which is not the text around it.
		_, _, _, image := firstImage(l)
		if image {
			flush()
		}
		if !onlyImages(l) {
			if len(cur) == 0 {
				curLine = i + 1
			}
			cur = append(cur, l)
		}
		if image {
			flush()
		}
	}
	flush()
	s.a.Body = strings.TrimRight(strings.Join(kept, "\n"), "\n")
	if len(paras) == 0 {
		if s.a.Page {
			return errAt(s.a.TitleLine, "no text after the front matter: an episode's page holds what the narrator reads")
		}
		return errAt(s.a.TitleLine, "no text between the heading and the footer")
	}
	s.describe(paras)
	return nil
}

// bodyImageRe is a Markdown image and its destination as CommonMark reads
// it: in angle brackets (spaces allowed), or bare, with escapes and one
// level of parentheses (images/p(1).jpg).
var bodyImageRe = regexp.MustCompile(`!\[(?:[^\]\\]|\\.)*\]\(\s*(?:<((?:[^>\\\n]|\\.)*)>|((?:[^()\s\\]|\\.|\([^()\s]*\))+))`)

// ImagePath is an image's destination as Markdown means it, its escapes
// and character references resolved (images/a\_b.jpg is images/a_b.jpg):
// the same for parse and for the renderer, which reads it from goldmark.
func ImagePath(dest string) string {
	b := util.UnescapePunctuations([]byte(dest))
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(b)))
}

// checkImages reads the images of body line i: one given by a path beside
// the article (images/a.jpg) is one of Images, which the site serves; one
// of an absolute http(s) URL is shown from there (the archive's all are);
// any other (/a.jpg, ftp://…) is warned of, as pages and apps cannot show
// it.
func (s *scanner) checkImages(i int, line string) {
	for _, m := range bodyImageRe.FindAllStringSubmatch(line, -1) {
		p := ImagePath(m[1] + m[2])
		u, err := url.Parse(p)
		switch {
		case p == "" || err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "data"):
		case IsLocalPath(p):
			if !slices.ContainsFunc(s.a.Images, func(im Image) bool { return im.Path == p }) {
				s.a.Images = append(s.a.Images, Image{Path: p, Line: i + 1})
			}
		default:
			s.warn(i+1, "image %s is neither a path beside the article nor an http(s) URL: pages and apps cannot show it", p)
		}
	}
}

// describe sets the description: the front matter's, or the editor's note
// when there is one; else, as in 94% of the archive, the opening of the
// body: its first paragraphs of prose, whole, up to descriptionRunes, or
// the first paragraph cut where a sentence ends. Captions, subheadings and other
// lines that end no sentence are passed over before the prose starts, and
// end it after.
func (s *scanner) describe(paras []paragraph) {
	if s.descriptionLine > 0 { // the front matter's, written for it
		s.a.Description, s.a.DescriptionLine = plain(s.description), s.descriptionLine
		return
	}
	for _, p := range paras {
		if !strings.Contains(p.raw, "者按") { // in every form of the marker
			continue
		}
		for _, m := range noteMarkers {
			if rest, ok := strings.CutPrefix(p.text(), m); ok {
				s.a.Description, s.a.DescriptionLine = strings.TrimLeft(rest, "：: "), p.line
				if s.a.Description == "" {
					s.warn(p.line, "the %s paragraph is empty", m)
				}
				return
			}
		}
	}
	var parts []string
	n := 0
	for _, p := range paras {
		text := p.text()
		for _, m := range abstractMarkers {
			text = strings.TrimSpace(strings.TrimPrefix(text, m))
		}
		if text == "" || isCaption(text) {
			continue
		}
		if !isProse(text) {
			if len(parts) > 0 {
				break
			}
			continue
		}
		r := utf8.RuneCountInString(text)
		if len(parts) == 0 {
			s.a.DescriptionLine = p.line
			if r > descriptionRunes {
				parts = append(parts, cutAtSentence(text, descriptionRunes))
				break
			}
		} else if n+r > descriptionRunes {
			break
		}
		parts, n = append(parts, text), n+r
	}
	if len(parts) == 0 {
		// No prose at all: the first text there is, within the length.
		for _, p := range paras {
			if t := p.text(); t != "" && !isCaption(t) {
				s.a.Description, s.a.DescriptionLine = truncateRunes(t, descriptionRunes), p.line
				return
			}
		}
		s.warn(s.a.TitleLine, "no text for the description: the body holds only images and captions")
		return
	}
	s.a.Description = joinParagraphs(parts)
}

// joinParagraphs joins paragraphs of plain text: with nothing after CJK
// text, which puts no space after its full stops, else with a space.
func joinParagraphs(paras []string) string {
	var b strings.Builder
	for i, p := range paras {
		if last, _ := utf8.DecodeLastRuneInString(b.String()); i > 0 && last < utf8.RuneSelf {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// truncateRunes cuts s to at most max runes, marking the cut with an
// ellipsis.
func truncateRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}
