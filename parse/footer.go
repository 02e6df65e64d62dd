package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

var (
	// The text original's label: 文字版原文：[樱花深度报道┃标题](url) in 1,508
	// articles, about 125 of them in bold; the label alone with the link on
	// the next line that is not blank in 66; with a title and no link in 5;
	// テキスト版：[…](…) in the 13 Japanese ones.
	textLabels  = []string{"文字版原文", "テキスト版"}
	textLabelRe = regexp.MustCompile(`^(?:` + strings.Join(textLabels, "|") + `)\s*[：:]?\s*`)
	// The disclaimer, whose four links (ROL Foundation, ROL Society, Terms
	// of use, Privacy Policy) follow it.
	disclaimers = []string{"免责声明", "免責聲明"}
	rolLinkRe   = regexp.MustCompile(`^\s*- \[ROL `)
)

// mayStartFooter reports whether the plain text of a line may start with a
// word footerRe starts with: the line starts with one, after what plain
// removes (spaces, emphasis, invisible characters), or with markup that
// plain takes apart (a link, an image, a tag). The expression, on the
// plain text, runs only then.
func (ls *labelSet) mayStartFooter(l string) bool {
	head := strings.TrimLeftFunc(l, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("*_~`", r) })
	// Markup plain takes apart or decodes: a link, an image, a tag, an
	// entity (&nbsp;文字版原文：…).
	return hasPrefixAny(head, "[", "![", "<", "&") || hasPrefixAny(head, ls.footerLabels...)
}

// hasPrefixAny reports whether s starts with any of the prefixes.
func hasPrefixAny(s string, prefixes ...string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

// findFooter returns the first line of the footer, at or after from, or
// len(s.lines) when there is none.
func (s *scanner) findFooter(from int) int {
	for i := from; i < len(s.lines); i++ {
		l := s.lines[i]
		if s.lab.mayStartFooter(l) && s.lab.footerRe.MatchString(s.plainOf(i)) || rolLinkRe.MatchString(l) {
			return i
		}
	}
	return len(s.lines)
}

// footer reads the text original's URL and the editor's and publisher's
// credits from the footer, which starts on line from. It returns where the
// body ends: the footer, or before the closing logo when the logo stands
// above the footer.
func (s *scanner) footer(from int) int {
	textLabel := false
	for i := from; i < len(s.lines); i++ {
		text := s.plainOf(i)
		if m := textLabelRe.FindStringIndex(text); m != nil && !textLabel {
			textLabel = true
			if u, ok := firstLink(s.lines[i]); ok {
				s.a.TextURL = u
			} else if text[m[1]:] == "" {
				s.a.TextURL = s.linkBelow(i+1, len(s.lines))
			}
			continue
		}
		for _, c := range s.lab.creditsOf(text) {
			s.credit(i, c)
		}
	}
	return s.logo(from)
}

// linkBelow is the URL of the first link on the first line at or after
// from that is not blank, or "".
func (s *scanner) linkBelow(from, to int) string {
	for i := from; i < to; i++ {
		if strings.TrimSpace(s.lines[i]) != "" {
			u, _ := firstLink(s.lines[i])
			return u
		}
	}
	return ""
}

// logo returns where the body ends, given the footer's first line. Above
// the disclaimer stands a logo or QR code (the same logo in 954 articles),
// in the footer under the credits in all but a few: when the footer holds
// no image, the logo is the body's last line, and the body ends before it.
func (s *scanner) logo(footer int) int {
	disclaimer := -1
	for i := footer; i < len(s.lines); i++ {
		if _, _, _, ok := firstImage(s.lines[i]); ok {
			return footer // the logo is in the footer
		}
		if hasPrefixAny(s.plainOf(i), disclaimers...) {
			disclaimer = i
			break
		}
	}
	if disclaimer < 0 {
		return footer
	}
	for i := footer - 1; i >= 0; i-- {
		line := strings.TrimSpace(s.lines[i])
		if line == "" {
			continue
		}
		if !s.used[i] && onlyImages(line) {
			return i
		}
		break
	}
	return footer
}
