package parse

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on an episode's shape. Markdown renderers (goldmark among them)
// take super-linear time on some inputs: a line of 50,000 nested list
// markers takes 14 s, sixty 16 KB lines of "[a](" 9.5 s; within these
// limits the worst input measured renders in 2.8 s. Real articles are
// far inside them (the seed is 8 KB, its longest line about 1 KB), so
// an episode beyond them is refused with an error rather than allowed to
// stall a build. They apply to episodes only: a file of another series is
// skipped whatever its shape.
const (
	MaxFileBytes = 512 << 10
	MaxLineBytes = 8 << 10
	MaxNesting   = 16 // lists and quotes at the start of a line
)

// DefaultSeries is the series podgen was made for.
const DefaultSeries = "樱花FM"

// Parser parses the article files of one series.
type Parser struct {
	// Series is the name that starts an episode heading; files whose heading
	// names another series are skipped. Empty means DefaultSeries.
	Series string
	// Location is the time zone of dates written without one; nil is UTC.
	Location *time.Location
}

var (
	headingRe = regexp.MustCompile(`^(#{1,3})\s+(.*?)\s*#*\s*$`)
	// A heading that is only a link is navigation: ###  [:house:返回](README.md)
	navHeadingRe = regexp.MustCompile(`^\[[^\]]*\]\([^)]*\)$`)
	sourceRe     = regexp.MustCompile(`\[\s*(?:轉載自|转载自)[^\]]*\]\(\s*(https?://[^)\s]+)\s*\)`)
	postIDRe     = regexp.MustCompile(`(?:^|/)(\d+)/?$`)
	creditRe     = regexp.MustCompile(`^\s*(音频|音頻|编辑|編輯|发布|發布)\s*[：:]\s*(.*?)\s*$`)
	textLinkRe   = regexp.MustCompile(`^\s*文字版原文\s*[：:]?.*?\]\(\s*([^)\s]+)\s*\)`)
	footerRe     = regexp.MustCompile(`^\s*(?:文字版原文|编辑\s*[：:]|編輯\s*[：:]|发布\s*[：:]|發布\s*[：:]|免责声明|免責聲明|- \[ROL )`)
	datedLineRe  = regexp.MustCompile(`^\s*(?:日期|发布日期|發布日期|发布时间|發布時間|[Dd]ate)\s*[：:]\s*(.+?)\s*$`)
	imageMdRe    = regexp.MustCompile(`!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	imageHTMLRe  = regexp.MustCompile(`(?i)<img\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']`)
	imgTagRe     = regexp.MustCompile(`(?i)<img\b[^>]*>`)
	audioLinkRe  = regexp.MustCompile(`(?i)\]\(\s*<?([^)\s>]+\.(?:mp3|m4a)(?:\?[^)\s>]*)?)>?\s*\)`)
	audioTagRe   = regexp.MustCompile(`(?i)<(?:audio|source)\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']`)
	// Editor's note markers, longest first so 【编者按】 wins over 编者按.
	noteMarkers = []string{"【编者按】", "【編者按】", "编者按：", "編者按：", "编者按:", "編者按:"}
	seriesSeps  = "┃|｜丨"
	inlineMdRes = []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`), ""},
		{regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`), "$1"},
		{regexp.MustCompile(`<[^>]+>`), ""},
		{regexp.MustCompile(`\*\*|__|~~|` + "`"), ""},
	}
)

// Parse reads one article file. name is the file's path, used in errors;
// src its bytes. It returns a *SkipError (errors.Is(err, ErrSkipped)) for
// files that are not episodes of the series, and an *Error, naming the file
// and line, for episodes that cannot be used. Problems that leave a usable
// episode are in Article.Warnings. Parse never panics, whatever src holds,
// and keeps nothing of src: the caller may reuse it (Walk reads every file
// into one buffer).
func (p Parser) Parse(name string, src []byte) (Article, error) {
	a := Article{File: name}
	if isIndexPage(name) {
		return a, &SkipError{File: name, Reason: "index page"}
	}
	text, cleaned, lerr := decode(src)
	if lerr != nil {
		return a, &Error{File: name, Line: lerr.line, Err: lerr.err}
	}
	s := scanner{p: p, a: &a, lines: strings.Split(text, "\n"), size: len(src)}
	if cleaned != nil {
		s.warnings = append(s.warnings, cleaned)
	}
	if lerr, skip := s.run(); skip != "" {
		return a, &SkipError{File: name, Reason: skip}
	} else if lerr != nil {
		return a, &Error{File: name, Line: lerr.line, Err: lerr.err}
	}
	for _, w := range s.warnings {
		a.Warnings = append(a.Warnings, &Error{File: name, Line: w.line, Err: w.err})
	}
	// The fields but Body are small substrings of the whole text: copies of
	// their own let the text go once the body has been used.
	a.Series, a.Title, a.Link, a.PostID = strings.Clone(a.Series), strings.Clone(a.Title), strings.Clone(a.Link), strings.Clone(a.PostID)
	a.Description, a.Cover, a.TextURL, a.Audio = strings.Clone(a.Description), strings.Clone(a.Cover), strings.Clone(a.TextURL), strings.Clone(a.Audio)
	for i := range a.Credits {
		c := &a.Credits[i]
		c.Organisation, c.Name = strings.Clone(c.Organisation), strings.Clone(c.Name)
	}
	return a, nil
}

func (p Parser) series() string {
	if p.Series == "" {
		return DefaultSeries
	}
	return p.Series
}

func isIndexPage(name string) bool {
	switch strings.ToLower(path.Base(name)) {
	case "readme.md", "index.md", "_index.md", "summary.md":
		return true
	}
	return false
}

// scanner holds the state of one Parse call.
type scanner struct {
	p        Parser
	a        *Article
	lines    []string
	size     int          // of the file, in bytes
	used     map[int]bool // lines consumed by the header: not part of the body
	warnings []*lineError
}

func (s *scanner) warn(line int, format string, args ...any) {
	s.warnings = append(s.warnings, errAt(line, format, args...))
}

// run fills in s.a. It returns a skip reason for files that are not
// episodes, or an error for episodes that cannot be used.
func (s *scanner) run() (*lineError, string) {
	s.used = map[int]bool{}
	start := s.frontMatter()

	heading := -1
	for i := start; i < len(s.lines); i++ {
		m := headingRe.FindStringSubmatch(s.lines[i])
		if m == nil || navHeadingRe.MatchString(m[2]) || m[2] == "" {
			continue
		}
		heading = i
		// Which series the file belongs to is decided first: a file of
		// another series is skipped whatever else it holds, an over-long
		// line among them, as its text never reaches a renderer.
		lerr, skip := s.heading(i, m[2])
		if skip != "" {
			return nil, skip
		}
		if shape := checkShape(s.lines, s.size); shape != nil {
			return shape, ""
		}
		if lerr != nil {
			return lerr, ""
		}
		break
	}
	if heading < 0 {
		// A file tagged with the series but without its heading is a broken
		// episode, not another series' file: say so rather than skip it.
		for i, l := range s.lines {
			if strings.Contains(l, "` "+s.p.series()+"`") || strings.Contains(l, "`"+s.p.series()+"`") {
				return errAt(i+1, "no episode heading (## %s┃<title>)", s.p.series()), ""
			}
		}
		return nil, "no episode heading"
	}

	footer := len(s.lines)
	for i := heading + 1; i < len(s.lines); i++ {
		if footerRe.MatchString(s.lines[i]) {
			footer = i
			break
		}
	}
	s.header(heading+1, footer)
	s.footer(footer)
	if lerr := s.body(heading+1, footer); lerr != nil {
		return lerr, ""
	}
	return nil, ""
}

// frontMatter reads an optional YAML-style block (---, key: value, ---) at
// the top of the file and returns the index of the first line after it.
func (s *scanner) frontMatter() int {
	if len(s.lines) == 0 || strings.TrimSpace(s.lines[0]) != "---" {
		return 0
	}
	end := -1
	for i := 1; i < len(s.lines) && i < 100; i++ {
		if strings.TrimSpace(s.lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return 0 // a lone rule, not front matter
	}
	for i := 1; i < end; i++ {
		k, v, ok := strings.Cut(s.lines[i], ":")
		if !ok {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch strings.TrimSpace(k) {
		case "date":
			s.date(i, v)
		case "audio":
			if s.a.Audio == "" && v != "" {
				s.a.Audio, s.a.AudioLine = v, i+1
			}
		}
	}
	for i := 0; i <= end; i++ {
		s.used[i] = true
	}
	return end + 1
}

// heading reads the episode heading "樱花FM┃title".
func (s *scanner) heading(i int, text string) (*lineError, string) {
	series := s.p.series()
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), series)
	if !ok {
		name := text
		if j := strings.IndexAny(text, seriesSeps); j > 0 {
			name = strings.TrimSpace(text[:j])
		}
		return nil, "not " + series + " (" + name + ")"
	}
	rest = strings.TrimSpace(rest)
	r, size := utf8.DecodeRuneInString(rest)
	if size == 0 || !strings.ContainsRune(seriesSeps, r) {
		return errAt(i+1, "heading %q: no separator (┃ | ｜ 丨) between %s and the title", text, series), ""
	}
	title := plain(rest[size:])
	if title == "" {
		return errAt(i+1, "heading %q has no title after %s", text, series), ""
	}
	s.a.Series, s.a.Title, s.a.TitleLine = series, title, i+1
	s.used[i] = true
	return nil, ""
}

// header finds the source link, credits, dated line, audio and cover
// between the heading and the footer.
func (s *scanner) header(from, footer int) {
	narratorLine := -1
	for i := from; i < footer; i++ {
		l := s.lines[i]
		if s.a.Link == "" {
			if m := sourceRe.FindStringSubmatch(l); m != nil {
				s.source(i, m[1])
				continue
			}
		}
		if m := creditRe.FindStringSubmatch(l); m != nil {
			if c := s.credit(i, m[1], m[2]); c.Role == Narrator && narratorLine < 0 {
				narratorLine = i
			}
			continue
		}
		if s.a.Date.IsZero() {
			if m := datedLineRe.FindStringSubmatch(l); m != nil {
				s.date(i, m[1])
				s.used[i] = true
				continue
			}
		}
		if s.a.Audio == "" {
			if m := audioTagRe.FindStringSubmatch(l); m != nil {
				s.a.Audio, s.a.AudioLine = html.UnescapeString(m[1]), i+1
			} else if m := audioLinkRe.FindStringSubmatch(l); m != nil {
				s.a.Audio, s.a.AudioLine = m[1], i+1
			}
		}
	}
	if s.a.Link == "" {
		s.warn(s.a.TitleLine, "no source link (轉載自/转载自); the episode guid comes from the file name")
	}
	if narratorLine < 0 {
		s.warn(s.a.TitleLine, "no audio credit (音频：organisation/narrator)")
	}
	// The cover is the first image after the audio credit (or the heading).
	coverFrom := from
	if narratorLine >= 0 {
		coverFrom = narratorLine + 1
	}
	for i := coverFrom; i < footer; i++ {
		if u := imageURL(s.lines[i]); u != "" {
			s.a.Cover, s.a.CoverLine = u, i+1
			if onlyImage(s.lines[i]) {
				s.used[i] = true
			}
			break
		}
	}
	if s.a.Cover == "" {
		s.warn(s.a.TitleLine, "no cover image after the audio credit; the episode uses the channel artwork")
	}
}

func (s *scanner) source(i int, link string) {
	s.a.Link = link
	s.used[i] = true
	u, err := url.Parse(link)
	if err == nil {
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

func (s *scanner) credit(i int, label, value string) Credit {
	c := Credit{Line: i + 1}
	switch label {
	case "音频", "音頻":
		c.Role = Narrator
	case "编辑", "編輯":
		c.Role = Editor
	default:
		c.Role = Publisher
	}
	value = plain(value)
	if org, name, ok := strings.Cut(value, "/"); ok {
		c.Organisation, c.Name = strings.TrimSpace(org), strings.TrimSpace(name)
	} else {
		c.Name = value
	}
	if c.Name == "" {
		s.warn(i+1, "%s credit names nobody", label)
		return c
	}
	s.a.Credits = append(s.a.Credits, c)
	s.used[i] = true
	return c
}

var dateLayouts = []string{
	time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04",
	"2006-01-02", "2006/01/02", "2006/1/2", "2006.01.02", "2006年1月2日", "2006年01月02日",
}

func (s *scanner) date(i int, v string) {
	t, err := ParseDate(v, s.p.Location)
	if err != nil {
		s.warn(i+1, "%v", err)
		return
	}
	s.a.Date, s.a.DateLine = t, i+1
}

// ParseDate reads a date as articles and config.yaml write them: RFC 3339,
// 2006-01-02 [15:04[:05]], 2006/01/02, 2006年1月2日. Dates without a zone are
// in loc (nil is UTC).
func ParseDate(v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	if loc == nil {
		loc = time.UTC
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q not understood (use 2006-01-02 or 2006-01-02T15:04:05+08:00)", v)
}

// footer reads the text version link and the 编辑/发布 credits that
// follow the body.
func (s *scanner) footer(footer int) {
	for i := footer; i < len(s.lines); i++ {
		if m := textLinkRe.FindStringSubmatch(s.lines[i]); m != nil && s.a.TextURL == "" {
			s.a.TextURL = m[1]
		} else if m := creditRe.FindStringSubmatch(s.lines[i]); m != nil {
			s.credit(i, m[1], m[2])
		}
	}
}

// body collects the text between the header and the footer, and takes the
// editor's note from it.
func (s *scanner) body(from, footer int) *lineError {
	type para struct {
		line  int      // 1-based line of its first line
		lines []string // joined only when it may be the editor's note
	}
	var paras []para
	var kept []string
	var cur []string
	curLine := 0
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, para{curLine, cur})
			cur = nil
		}
	}
	for i := from; i < footer; i++ {
		if s.used[i] {
			flush()
			continue
		}
		l := strings.TrimSpace(s.lines[i])
		if l == "" || l == "---" {
			flush()
			if len(kept) > 0 && kept[len(kept)-1] != "" {
				kept = append(kept, "")
			}
			continue
		}
		kept = append(kept, l)
		if onlyImage(l) {
			flush()
			continue
		}
		if len(cur) == 0 {
			curLine = i + 1
		}
		cur = append(cur, l)
	}
	flush()
	s.a.Body = strings.TrimSpace(strings.Join(kept, "\n"))
	if len(paras) == 0 {
		return errAt(s.a.TitleLine, "no text between the heading and the footer")
	}
	for _, p := range paras {
		for _, m := range noteMarkers {
			if rest, ok := strings.CutPrefix(joinLines(p.lines), m); ok {
				s.a.Description, s.a.DescriptionLine = plain(rest), p.line
				if s.a.Description == "" {
					s.warn(p.line, "the %s paragraph is empty", m)
				}
				return nil
			}
		}
	}
	s.a.Description, s.a.DescriptionLine = plain(joinLines(paras[0].lines)), paras[0].line
	s.warn(paras[0].line, "no 【编者按】 paragraph; using the first body paragraph")
	return nil
}

// joinLines joins the lines of one paragraph: with nothing between CJK
// text (which has no spaces between words), else with a space.
func joinLines(lines []string) string {
	if len(lines) == 1 {
		return lines[0]
	}
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

// plain turns inline Markdown into plain text: links become their text,
// images, HTML tags and emphasis marks go, entities are decoded, what
// cleanRune drops goes (an entity may have made it) and runs of white space
// become one space.
func plain(md string) string {
	for _, r := range inlineMdRes {
		md = r.re.ReplaceAllString(md, r.with)
	}
	return strings.Join(strings.Fields(strings.Map(cleanRune, html.UnescapeString(md))), " ")
}

func imageURL(line string) string {
	if m := imageMdRe.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	if m := imageHTMLRe.FindStringSubmatch(line); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// onlyImage reports whether a line holds an image and nothing else.
func onlyImage(line string) bool {
	rest := imageMdRe.ReplaceAllString(line, "")
	rest = imgTagRe.ReplaceAllString(rest, "")
	return strings.TrimSpace(rest) == "" && strings.TrimSpace(line) != ""
}

// checkShape refuses files too large, and lines too long or too deeply
// nested, for Markdown.
func checkShape(lines []string, size int) *lineError {
	if size > MaxFileBytes {
		return errAt(0, "%d bytes; an article is at most %d", size, MaxFileBytes)
	}
	for i, l := range lines {
		if len(l) > MaxLineBytes {
			return errAt(i+1, "line of %d bytes; an article's line is at most %d", len(l), MaxLineBytes)
		}
		if d := nesting(l); d > MaxNesting {
			return errAt(i+1, "lists or quotes nested %d deep; at most %d", d, MaxNesting)
		}
	}
	return nil
}

// nesting counts the block markers (>, -, *, +, 1. or 1)) that open a line.
func nesting(line string) int {
	d := 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			d++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			d++
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				d++
				i = j + 2
				continue
			}
			return d
		default:
			return d
		}
	}
	return d
}
