package parse

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	// The source line: ` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/<id>/).
	sourceRe = regexp.MustCompile(`\[\s*(?:轉載自|转载自)[^\]]*\]\(\s*(https?://[^)\s]+)\s*\)`)
	postIDRe = regexp.MustCompile(`(?:^|/)(\d+)/?$`)
	// What the scraper left of the audio player under the credit: an empty
	// table, an empty **音频链接：** label, or 音频下载链接： with a Google
	// Drive page (not an audio file) on a line of its own.
	emptyTableRe  = regexp.MustCompile(`^\|(?:\s*:?-*:?\s*\|)+$`)
	playerLabelRe = regexp.MustCompile(`^音[频頻](?:下载)?链接\s*[：:]?\s*(.*)$`)
	bareLinkRe    = regexp.MustCompile(`^(?:\[[^\]]*\]\(\s*[^)\s]+\s*\)|https?://\S+)$`)
)

// roles are the credit labels: the Chinese edition's (simplified and
// traditional) and the Japanese edition's. Both editions' labels are read
// for any series: no article uses the other's.
var roles = map[string]Role{
	"音频": Narrator, "音頻": Narrator, "音声": Narrator,
	"编辑": Editor, "編輯": Editor,
	"发布": Publisher, "發布": Publisher, "アップロード": Publisher,
}

// header reads what stands between the heading and the text: the source
// line, the audio credit (音频：东京樱花团/战友520, in bold in 126 articles)
// and what is left of the audio player. It returns the first line of the
// text: the first line that is none of these.
func (s *scanner) header(from, footer int) int {
	narrator, i := false, from
lines:
	for ; i < footer; i++ {
		line := strings.TrimSpace(s.lines[i])
		text := s.plainOf(i)
		credits := s.lab.creditsOf(text)
		var player []string
		if strings.HasPrefix(text, "音") { // as playerLabelRe does
			player = playerLabelRe.FindStringSubmatch(text)
		}
		switch {
		case line == "":
			continue
		case s.a.Link == "" && (strings.Contains(line, "轉載自") || strings.Contains(line, "转载自")) && sourceRe.MatchString(line):
			s.source(i, sourceRe.FindStringSubmatch(line)[1])
		case emptyTableRe.MatchString(line):
		case s.own && hasPrefixAny(line, dateLabels...) && datedLineRe.MatchString(line):
			continue // datesAndAudio's: the credits may go on below it
		case len(credits) > 0 && (s.lab.roles[credits[0].label] == Narrator || s.own):
			// The archive credits its narrator here, the rest in the
			// footer; an article of one's own may credit all here.
			for _, c := range credits {
				s.credit(i, c)
			}
			narrator = true
		case player != nil:
			if player[1] == "" {
				s.playerLink(i+1, footer)
			}
		default:
			break lines
		}
		s.used[i] = true
	}
	// Every article of the archive's editions (樱花FM's 1,566 and さくらFM's
	// 13) links its GNews post, and all but 3 credit their narrator: one
	// without is broken. An article of another series, a podcast of one's
	// own, is the episode of its file's name, and a credit is its choice.
	if s.a.Link == "" && !s.own {
		s.warn(s.a.TitleLine, "no source link (轉載自/转载自); the episode guid comes from the file name")
	}
	if !narrator && !s.own {
		s.warn(s.a.TitleLine, "no audio credit (音频：organisation/narrator)")
	}
	return i
}

// playerLink marks the link that follows an audio link label, on the next
// line that is not blank.
func (s *scanner) playerLink(from, footer int) {
	for i := from; i < footer; i++ {
		if line := strings.TrimSpace(s.lines[i]); line != "" {
			if bareLinkRe.MatchString(line) {
				s.used[i] = true
			}
			return
		}
	}
}

func (s *scanner) source(i int, link string) {
	s.a.Link = link
	if u, err := url.Parse(link); err == nil {
		if m := postIDRe.FindStringSubmatch(u.Path); m != nil {
			s.a.PostID = m[1]
		} else if p := u.Query().Get("p"); p != "" && strings.Trim(p, "0123456789") == "" {
			s.a.PostID = p
		}
	}
	if s.a.PostID == "" {
		s.warn(i+1, "source link %s has no post id; the episode guid comes from the file name", link)
	}
}

// labelled is a credit as written: a label and what follows it.
type labelled struct{ label, value string }

// creditsOf splits the plain text of a credit line into its credits, or
// returns nil when the line does not start with a credit label.
func (ls *labelSet) creditsOf(text string) []labelled {
	if !hasPrefixAny(text, ls.credits...) {
		return nil // no label at the start: the expression need not run
	}
	locs := ls.creditRe.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 || locs[0][0] != 0 {
		return nil
	}
	var cs []labelled
	for k, loc := range locs {
		end := len(text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		cs = append(cs, labelled{text[loc[2]:loc[3]], strings.TrimSpace(text[loc[1]:end])})
	}
	return cs
}

// credit adds the credit c of line i: organisation/name (东京樱花团/战友520,
// the slash spaced in 61 articles), or a name alone.
func (s *scanner) credit(i int, c labelled) { s.addCredit(s.lab.roles[c.label], c.label, c.value, i+1) }

// addCredit credits role to value, "organisation/name" or a name, at line
// (label names the credit in a warning).
func (s *scanner) addCredit(role Role, label, value string, line int) {
	cr := Credit{Role: role, Line: line}
	if org, name, ok := strings.Cut(strings.ReplaceAll(value, "／", "/"), "/"); ok {
		cr.Organisation, cr.Name = strings.TrimSpace(org), strings.TrimSpace(name)
	} else {
		cr.Name = strings.TrimSpace(value)
	}
	if cr.Name == "" {
		s.warn(line, "%s credit names nobody", label)
		return
	}
	s.a.Credits = append(s.a.Credits, cr)
}

// cover finds the episode's image: the first image of the text, which
// stands alone on its line in 739 articles, indented by a space or two in
// 661, and is followed on the same line by a caption, more images or the
// text in 181. The cover and its caption are not part of the body.
func (s *scanner) cover(from, footer int) {
	for i := from; i < footer; i++ {
		if s.used[i] {
			continue
		}
		line := s.lines[i]
		start, end, u, ok := firstImage(line)
		if !ok {
			continue
		}
		if u == "" {
			// ![]() in the archive: its image was lost.
			s.warn(i+1, "the cover image has no URL; the episode uses the channel artwork")
			return
		}
		s.a.Cover, s.a.CoverLine = u, i+1
		rest := strings.TrimSpace(line[:start] + line[end:])
		switch {
		case rest == "":
			s.used[i] = true
			s.coverCaption(i+1, footer)
		case isCaption(plain(rest)):
			s.a.CoverCaption = plain(rest)
			s.used[i] = true
		default:
			s.lines[i] = rest // more images, or the text
		}
		return
	}
	msg := "no cover image after the audio credit; the episode uses the channel artwork"
	if s.a.Page || len(s.a.Credits) == 0 {
		msg = "no cover image at the top of the text; the episode uses the channel artwork"
	}
	if s.own { // the archive's articles have covers but for a few: none is its rule
		msg += " (covers: none, for articles without covers)"
	}
	s.warn(s.a.TitleLine, "%s", msg)
}

// coverCaption takes the cover's caption from the next line that is not
// blank, when it is one: （图片说明）…, 图片来源：….
func (s *scanner) coverCaption(from, footer int) {
	for i := from; i < footer; i++ {
		line := strings.TrimSpace(s.lines[i])
		if line == "" {
			continue
		}
		if _, _, _, img := firstImage(line); !img && !s.used[i] && isCaption(s.plainOf(i)) {
			s.a.CoverCaption = s.plainOf(i)
			s.used[i] = true
		}
		return
	}
}
