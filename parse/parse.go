package parse

import (
	"cmp"
	"errors"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on an episode's shape. Markdown renderers (goldmark among them)
// take super-linear time on some inputs: a line of 50,000 nested list
// markers takes 14 s, sixty 16 KB lines of "[a](" 9.5 s; within these
// limits the worst input measured renders in 2.8 s. Real articles are
// far inside them (the 71 of testdata/real are at most 11 KB, their longest
// line 2 KB), so an episode beyond them is refused with an error
// rather than allowed to stall a build. They apply to episodes only: a file
// of another series is skipped whatever its shape, as its text never
// reaches a renderer.
const (
	MaxFileBytes = 512 << 10
	MaxLineBytes = 8 << 10
	MaxNesting   = 16 // lists and quotes at the start of a line
	// MaxFrontMatterBytes bounds the front matter given to YAML and TOML:
	// a Hugo or Jekyll page's is a few hundred bytes.
	MaxFrontMatterBytes = 64 << 10
)

// DefaultSeries is the series podgen was made for.
const DefaultSeries = "樱花FM"

// Parser parses the article files of one series.
type Parser struct {
	// Series is the name that starts an episode heading; files whose heading
	// names another series are skipped. Empty means DefaultSeries. The
	// Japanese edition, さくらFM, is a series of its own in the same archive;
	// its labels (音声：, 編輯：, アップロード：, テキスト版：) are read for
	// any series.
	Series string
	// Location is the time zone of dates written without one; nil is UTC.
	Location *time.Location
	// NoCovers is for a podcast whose episodes all use its artwork: no
	// image is taken for an episode's cover (the first stays in the body),
	// and an article without one is not warned of.
	NoCovers bool
}

// Parse reads one article file. name is the file's path, used in errors;
// src its bytes. It returns a *SkipError (errors.Is(err, ErrSkipped)) for
// files that are not episodes of the series, and an *Error, naming the file
// and line, for episodes that cannot be used. Problems that leave a usable
// episode are in Article.Warnings. Parse never panics, whatever src holds,
// and keeps nothing of src: the caller may reuse it.
func (p Parser) Parse(name string, src []byte) (Article, error) {
	a := Article{File: name}
	own := !IsEdition(p.Series) // a series of one's own: fewer rules
	// Hugo keeps a post with its images in a folder, as its index.md (a
	// page bundle): in a series of one's own, one is read as any article.
	bundle := own && strings.ToLower(path.Base(name)) == "index.md"
	if isIndexPage(name) && !bundle {
		return a, &SkipError{File: name, Reason: "index page"}
	}
	text, cleaned, lerr := decode(src)
	if lerr != nil {
		return a, &Error{File: name, Line: lerr.line, Err: lerr.err}
	}
	s := scanner{p: p, lab: labels(own), own: own, a: &a, lines: strings.Split(text, "\n"), size: len(src), used: map[int]bool{}}
	if cleaned != nil {
		s.warnings = append(s.warnings, cleaned)
	}
	if lerr, skip := s.run(); skip != "" {
		return Article{File: name}, &SkipError{File: name, Reason: skip}
	} else if lerr != nil {
		return Article{File: name}, &Error{File: name, Line: lerr.line, Err: lerr.err}
	} else if s.badDate != nil {
		return Article{File: name}, &Error{File: name, Line: s.badDate.line, Err: s.badDate.err}
	}
	if a.Date.IsZero() && own {
		// Jekyll names its posts by their day: 2024-03-02-welcome.md.
		if m := datedNameRe.FindStringSubmatch(path.Base(name)); m != nil {
			a.Date, _ = time.ParseInLocation("2006-01-02", m[1], cmp.Or(p.Location, time.UTC))
		}
	}
	for _, w := range s.warnings {
		a.Warnings = append(a.Warnings, &Error{File: name, Line: w.line, Err: w.err})
	}
	// The fields but Body are small substrings of the whole text: copies of
	// their own let the text go once the body has been used.
	a.Series, a.Title, a.Link, a.PostID = strings.Clone(a.Series), strings.Clone(a.Title), strings.Clone(a.Link), strings.Clone(a.PostID)
	a.Description, a.Cover, a.CoverCaption = strings.Clone(a.Description), strings.Clone(a.Cover), strings.Clone(a.CoverCaption)
	a.TextURL, a.Audio = strings.Clone(a.TextURL), strings.Clone(a.Audio)
	for i := range a.Images {
		a.Images[i].Path = strings.Clone(a.Images[i].Path)
	}
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
	lab      *labelSet // the credits and footer labels it reads
	own      bool      // the series is not one of the archive's editions
	a        *Article
	lines    []string
	size     int          // of the file, in bytes
	used     map[int]bool // lines read as something else than the body
	warnings []*lineError
	plains   []*string // plain(lines[i]), once asked for
	// title is the front matter's title: and its line, 0 for none;
	// description its description: (or summary:).
	title           string
	titleLine       int
	titleProblem    string // why the front matter's title: is none (a list), at titleLine
	description     string
	descriptionLine int
	draft           bool   // front matter draft: true, as Hugo and Jekyll mark one
	frontErr        string // why the front matter could not be read as YAML or TOML
	unclosed        bool   // a --- or +++ first line that no fence closes
	// badDate is a date the article gives and that is not understood: an
	// error in a series of one's own, whose dates are its articles'.
	badDate *lineError
}

// plainOf is plain of line i: the header, the body and the footer all ask
// for it, and it is the most of what parsing a line costs.
func (s *scanner) plainOf(i int) string {
	if s.plains == nil {
		s.plains = make([]*string, len(s.lines))
	}
	if s.plains[i] == nil {
		p := plain(s.lines[i])
		s.plains[i] = &p
	}
	return *s.plains[i]
}

func (s *scanner) warn(line int, format string, args ...any) {
	s.warnings = append(s.warnings, errAt(line, format, args...))
}

// datedNameRe is a file name that starts with its post's day, as Jekyll's
// do: 2024-03-02-welcome.md.
var datedNameRe = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-`)

var (
	headingRe = regexp.MustCompile(`^(#{1,3})\s+(.*?)\s*#*\s*$`)
	// A heading that is only a link is navigation: ###  [:house:返回](README.md)
	navHeadingRe = regexp.MustCompile(`^\[[^\]]*\]\([^)]*\)$`)
	// The separators between a series and a title: ┃ in 1,438 樱花FM
	// headings, the fullwidth ｜ in 128; other series use | and 丨 too.
	seriesSeps = "┃|｜丨"
	// The source line of the GNews layout of 2023/24, which starts with a
	// date: `4/14/2023 12:38 AM UTC Hopkins` [轉載自GNews](https://gnews.org/articles/N).
	// GNews reposted old articles in it under new ids, 樱花FM ones among
	// them; the episodes are the 2022 originals.
	datedSourceRe = regexp.MustCompile("^\\s*`\\s*(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2} [AP]M UTC)")
)

// run fills in s.a. It returns a skip reason for files that are not
// episodes, or an error for episodes that cannot be used.
func (s *scanner) run() (*lineError, string) {
	start := s.frontMatter()
	if s.draft {
		return nil, "draft (front matter draft: true)"
	}
	heading := -1
	var text string
	for i := start; i < len(s.lines); i++ {
		if !strings.HasPrefix(s.lines[i], "#") {
			continue // headingRe starts with #
		}
		m := headingRe.FindStringSubmatch(s.lines[i])
		if m != nil && m[2] != "" && !navHeadingRe.MatchString(m[2]) {
			heading, text = i, m[2]
			break
		}
	}
	// An article of a series of one's own may name its title in front
	// matter, as Hugo and Jekyll write it: its headings, if any, are the
	// text's. The archive has no front matter.
	if s.titleLine > 0 {
		if series, _, _ := splitHeading(text); heading < 0 || series != s.p.series() {
			if !s.own {
				return nil, fmt.Sprintf("not %s (its title is its front matter's, which the archive's articles never have: for a podcast of one's own, set series: in config.yaml)", s.p.series())
			}
			return s.frontMatterEpisode(start)
		}
	}
	if heading < 0 && s.own {
		// A page of one's own podcast with front matter is meant to be an
		// episode: a missing title is a mistake to say, not a file to skip.
		switch {
		case s.unclosed:
			return errAt(1, "the front matter's %s is never closed (a line of %s alone after it, within 100 lines)", strings.TrimSpace(s.lines[0]), strings.TrimSpace(s.lines[0])), ""
		case start > 0:
			return errAt(1, "no title: the front matter has no title:, and no heading (# …) follows it; give it one, or draft: true to leave the file out"), ""
		}
	}
	if heading < 0 {
		// A file tagged with the series but without its heading is a broken
		// episode, not another series' file: say so rather than skip it.
		for i, l := range s.lines {
			if strings.Contains(l, "` "+s.p.series()+"`") || strings.Contains(l, "`"+s.p.series()+"`") {
				return errAt(i+1, "no episode heading (## %s┃<title>)", s.p.series()), ""
			}
		}
		if !slices.ContainsFunc(s.lines, func(l string) bool { return strings.TrimSpace(l) != "" }) {
			return nil, "empty"
		}
		if s.frontErr != "" {
			return nil, "no episode heading (" + s.frontErr + ")"
		}
		return nil, "no episode heading"
	}
	// Which series the file belongs to is decided first, from its heading
	// and source line: a file of another series is skipped whatever else
	// it holds, an over-long line among them.
	if skip := s.otherSeries(heading, text); skip != "" {
		return nil, skip
	}
	if lerr := s.checkShape(); lerr != nil {
		return lerr, ""
	}
	if lerr := s.heading(heading, text); lerr != nil {
		return lerr, ""
	}
	return s.text(heading + 1), ""
}

// frontMatterEpisode reads an episode whose title is its front matter's,
// its text starting at line from.
func (s *scanner) frontMatterEpisode(from int) (*lineError, string) {
	title := plain(s.title)
	if s.titleProblem != "" {
		return errAt(s.titleLine, "%s", s.titleProblem), ""
	}
	if title == "" {
		return errAt(s.titleLine, "the front matter's title is empty"), ""
	}
	if lerr := s.checkShape(); lerr != nil {
		return lerr, ""
	}
	s.a.Series, s.a.Title, s.a.TitleLine, s.a.Page = s.p.series(), title, s.titleLine, true
	return s.text(from), ""
}

// text reads what follows the title, from line from: the credits and the
// source, the date and the audio, the cover, the footer and the body.
func (s *scanner) text(from int) *lineError {
	var footer, bodyStart int
	if s.own { // its header may hold what starts the archive's footers
		bodyStart = s.header(from, len(s.lines))
		footer = s.findFooter(bodyStart)
	} else {
		footer = s.findFooter(from)
		bodyStart = s.header(from, footer)
	}
	s.datesAndAudio(from, footer)
	if !s.p.NoCovers {
		s.cover(bodyStart, footer)
	}
	bodyEnd := s.footer(footer)
	return s.body(bodyStart, bodyEnd)
}

// splitHeading splits a heading into its series and title at the first
// separator: 樱花FM┃标题, 有声|标题, or a series in brackets, 【樱话】标题.
// ok is false when the heading names no series.
func splitHeading(text string) (series, title string, ok bool) {
	h := strings.TrimSpace(html.UnescapeString(text)) // 有声&#124;标题 is 有声|标题
	if rest, ok := strings.CutPrefix(h, "【"); ok {
		if name, title, ok := strings.Cut(rest, "】"); ok {
			return "【" + name + "】", title, true
		}
	}
	i := strings.IndexAny(h, seriesSeps)
	if i < 0 {
		return "", h, false
	}
	_, size := utf8.DecodeRuneInString(h[i:])
	return strings.TrimSpace(h[:i]), h[i+size:], true
}

// IsLocalPath reports whether an image's URL is a path beside the article
// (images/a.jpg), which the site serves: no scheme, no host, not from the
// root.
func IsLocalPath(p string) bool {
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.HasPrefix(p, "/")
}

// IsEdition reports whether series is one of the archive's editions
// (樱花FM, さくらFM), whose articles are read by the archive's rules; any
// other is a series of one's own.
func IsEdition(series string) bool { return editions[cmp.Or(series, DefaultSeries)] != "" }

// editions names the editions of the series, for skip reasons.
var editions = map[string]string{
	"樱花FM":  "the Chinese edition",
	"さくらFM": "the Japanese edition",
}

// otherSeries returns why the file whose heading is on line i is not an
// episode of the series, or "" when it is one.
func (s *scanner) otherSeries(i int, text string) string {
	ours := s.p.series()
	for _, l := range s.lines[i+1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if m := datedSourceRe.FindStringSubmatch(l); m != nil {
			return fmt.Sprintf("not %s (a GNews article of the 2023/24 layout, dated %s)", ours, m[1])
		}
		break
	}
	series, _, ok := splitHeading(text)
	switch {
	case series == ours:
		return ""
	case !ok && strings.HasPrefix(strings.TrimSpace(text), ours):
		return "" // an episode with a broken heading: heading says what is wrong
	case series == "":
		return fmt.Sprintf("not %s (its heading names no series: %q)", ours, strings.TrimSpace(text))
	case editions[series] != "":
		return fmt.Sprintf("not %s (%s, %s)", ours, series, editions[series])
	}
	return fmt.Sprintf("not %s (%s)", ours, series)
}

// heading reads the episode heading "樱花FM┃title".
func (s *scanner) heading(i int, text string) *lineError {
	series, rest, ok := splitHeading(text)
	if !ok {
		return errAt(i+1, "heading %q: no separator (┃ | ｜ 丨) between %s and the title", text, s.p.series())
	}
	title := plain(rest)
	if title == "" {
		return errAt(i+1, "heading %q has no title after %s", text, series)
	}
	s.a.Series, s.a.Title, s.a.TitleLine = series, title, i+1
	s.used[i] = true
	return nil
}

// checkShape refuses files too large, and lines too long or too deeply
// nested, for Markdown.
func (s *scanner) checkShape() *lineError {
	if s.size > MaxFileBytes {
		return errAt(0, "%d bytes; an article is at most %d", s.size, MaxFileBytes)
	}
	for i, l := range s.lines {
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

var (
	dateLabels  = []string{"日期", "发布日期", "發布日期", "发布时间", "發布時間", "Date", "date"}
	datedLineRe = regexp.MustCompile(`^\s*(?:` + strings.Join(dateLabels, "|") + `)\s*[：:]\s*(.+?)\s*$`)
	audioLinkRe = regexp.MustCompile(`(?i)\]\(\s*<?([^)\s>]+\.(?:mp3|m4a)(?:\?[^)\s>]*)?)>?\s*\)`)
	audioTagRe  = regexp.MustCompile(`(?i)<(?:audio|source)\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']`)
)

// datesAndAudio finds a dated line and an audio reference between the
// heading and the footer. No archive article has either (the scraper
// dropped the players); articles written for podgen may.
func (s *scanner) datesAndAudio(from, footer int) {
	for i := from; i < footer; i++ {
		l := s.lines[i]
		// The expressions are asked only where they may match: they run on
		// every line of the header and the body.
		t := strings.TrimSpace(l)
		if s.a.Date.IsZero() && hasPrefixAny(t, dateLabels...) {
			if m := datedLineRe.FindStringSubmatch(l); m != nil {
				s.date(i, m[1])
				s.used[i] = true
				continue
			}
		}
		if s.a.Audio == "" && strings.Contains(l, "<") {
			if m := audioTagRe.FindStringSubmatch(l); m != nil {
				s.a.Audio, s.a.AudioLine = html.UnescapeString(m[1]), i+1
			}
		}
		if s.a.Audio == "" && strings.Contains(l, "](") {
			if lower := strings.ToLower(l); strings.Contains(lower, ".mp3") || strings.Contains(lower, ".m4a") {
				if m := audioLinkRe.FindStringSubmatch(l); m != nil {
					s.a.Audio, s.a.AudioLine = m[1], i+1
				}
			}
		}
	}
}

var dateLayouts = []string{
	time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04 -0700", "2006-01-02 15:04:05 -07:00", // Jekyll's
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04",
	"2006-01-02", "2006/01/02", "2006/1/2", "2006.01.02", "2006年1月2日", "2006年01月02日",
}

func (s *scanner) date(i int, v string) {
	t, err := ParseDate(v, s.p.Location)
	switch {
	case err != nil && s.own:
		// Dated otherwise (by its file), the episode would be published
		// under a date that moves it in the feed once the date is mended.
		s.badDate = errAt(i+1, "%v", err)
		return
	case err != nil:
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
	outOfRange := ""
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, v, loc)
		if err == nil {
			return t, nil
		}
		// Written as the layout is, with a day, month or hour that no
		// calendar has (2024-02-30, 2024-13-01).
		if pe := (*time.ParseError)(nil); errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range") && outOfRange == "" {
			outOfRange = strings.TrimPrefix(pe.Message, ": ")
		}
	}
	if outOfRange != "" {
		return time.Time{}, fmt.Errorf("date %q: %s: the calendar has no such date or time", v, outOfRange)
	}
	return time.Time{}, fmt.Errorf("date %q not understood (write it like 2024-03-01, or 2024-03-01T21:00:00+08:00 for a time)", v)
}
