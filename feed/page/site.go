package page

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sakurafm/podgen/feed/rss"
)

// The site's own pages and files, besides feed.xml and the media.
const (
	IndexFile   = "index.html"  // the podcast's page: its newest episodes
	SearchFile  = "search.json" // what the index pages' search looks through
	SitemapFile = "sitemap.xml"
	RobotsFile  = "robots.txt"
)

// PageSize is how many episodes an index page lists: enough to scroll
// through a month of the series, few enough that a page loads at once on
// a phone.
const PageSize = 50

// IndexPages is how many index pages a podcast of n episodes has: at
// least one, which says that there is no episode yet.
func IndexPages(n int) int { return max(1, (n+PageSize-1)/PageSize) }

// IndexName is the file of the index's page n, counted from 1, newest
// first: index.html, index-2.html, index-3.html and so on. The pages sit
// beside index.html, so that the episodes' pieces link the same way on
// every page.
func IndexName(n int) string {
	if n <= 1 {
		return IndexFile
	}
	return "index-" + strconv.Itoa(n) + ".html"
}

// IsIndexName reports whether name is one of the index's pages but the
// first (index-2.html, …): files of the site that a smaller podcast no
// longer has.
func IsIndexName(name string) bool {
	n, ok := strings.CutPrefix(name, "index-")
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, ".html")
	i, err := strconv.Atoi(n)
	return ok && err == nil && i > 1 && strconv.Itoa(i) == n
}

// archivePrefix turns a URL into the Internet Archive's copy of it from
// 2022, when the series was published: the archive answers with the
// capture nearest that year. The articles' sources (gnews.org) are gone.
const archivePrefix = "https://web.archive.org/web/2022/"

// Site is what every page shows of the podcast, worked out once per
// build: the channel, where the site is served from and the words of its
// language.
type Site struct {
	ch     rss.Channel
	base   string
	l      *labels
	locale string
	loc    *time.Location // the day a date is shown in
	apps   []app

	mu     sync.Mutex
	shared map[string]*shared // by folder
}

// shared is the HTML every page in a folder of the site shares, rendered
// once: a build renders thousands of episode pages, and html/template's
// cost is per action.
type shared struct {
	Top, Head template.HTML // the start of a page up to its head, and the head's links, styles and site name
	Bar, End  template.HTML // an episode page's skip link and bar; its way back, subscribe box, footer and script
}

type app struct {
	Name string
	URL  template.URL
}

// NewSite returns the pages' view of a channel (its FeedURL and ImageURL
// filled in) served from base, a URL without a trailing slash; the pages
// show dates in loc, nil for UTC.
func NewSite(ch rss.Channel, base string, loc *time.Location) *Site {
	if loc == nil {
		loc = time.UTC
	}
	noScheme := ch.FeedURL
	if i := strings.Index(noScheme, "://"); i >= 0 {
		noScheme = noScheme[i+3:]
	}
	escaped := url.QueryEscape(ch.FeedURL)
	return &Site{ch: ch, base: base, l: labelsFor(ch.Language), locale: locale(ch.Language), loc: loc, shared: map[string]*shared{}, apps: []app{
		// The apps' own subscribe links. They are built here from the feed
		// URL, which config.yaml sets, so they are marked safe for
		// html/template, which would refuse the podcast: and pktc: schemes.
		{"Apple Podcasts", template.URL("podcast://" + noScheme)},
		{"Pocket Casts", template.URL("pktc://subscribe/" + noScheme)},
		{"Overcast", template.URL("overcast://x-callback-url/add?url=" + escaped)},
		{"AntennaPod", template.URL("https://antennapod.org/deeplink/subscribe?url=" + escaped)},
		{"RSS", template.URL(ch.FeedURL)},
	}}
}

// url is the absolute URL of a file of the site.
func (s *Site) url(name string) string { return s.base + "/" + name }

// rel makes a URL of the site's own files relative to a page in the
// folder dir ("" for the site's top, "transcripts" for an episode page):
// links on the page work from any host that serves the folder (podgen
// serve on a laptop, the bucket on the web). Other URLs are kept.
func (s *Site) rel(dir, u string) string {
	r, ok := strings.CutPrefix(u, s.base+"/")
	if !ok {
		return u
	}
	if dir == "" {
		return r
	}
	if d, ok := strings.CutPrefix(r, dir+"/"); ok && !strings.Contains(d, "/") {
		return d
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1) + r
}

// dir is the folder of the site that holds the page at u, as a slash
// path: "" for the site's top.
func (s *Site) dir(u string) string {
	r, ok := strings.CutPrefix(u, s.base+"/")
	if !ok || !strings.Contains(r, "/") {
		return ""
	}
	return path.Dir(r)
}

// cover is the image the pages show for an episode: its cover when the
// site serves it (mirrored), else the channel artwork. A cover elsewhere
// may be gone, as the archive's image hosts are, and a page must not show
// a broken image; the feed keeps its own rule (Apple fetches covers
// itself and falls back to the channel's).
func (s *Site) cover(e *rss.Episode) string {
	if strings.HasPrefix(e.ImageURL, s.base+"/") {
		return e.ImageURL
	}
	return s.ch.ImageURL
}

// common is what every page holds of the podcast, for the templates.
type common struct {
	L       *labels
	Channel rss.Channel
	Locale  string
	Apps    []app
	Artwork string // the channel artwork, relative to the page
	Home    string // the podcast's page, relative to the page
	Script  scriptData
}

// scriptData is what the pages' scripts are told: html/template writes it
// into the script as JSON.
type scriptData struct {
	Copy, Copied                       string
	Found, More, NotFound, Unavailable string `json:",omitempty"`
	Play, Pause, Narrator, Colon       string `json:",omitempty"`
	Image                              string `json:",omitempty"`
	Archive                            string `json:",omitempty"`
	Index                              string `json:",omitempty"` // the search index, relative to the page
}

func (s *Site) common(dir string) common {
	l := s.l
	c := common{L: l, Channel: s.ch, Locale: s.locale, Apps: s.apps, Artwork: s.rel(dir, s.ch.ImageURL), Home: s.rel(dir, s.url(IndexFile)),
		Script: scriptData{Copy: l.Copy, Copied: l.Copied}}
	return c
}

// sharedBy returns what the pages in the folder dir share, rendering it
// the first time.
func (s *Site) sharedBy(dir string) (*shared, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sh, ok := s.shared[dir]; ok {
		return sh, nil
	}
	c := s.common(dir)
	c.Script.Image, c.Script.Archive = s.l.Image, archivePrefix
	var sh shared
	for _, part := range []struct {
		name string
		to   *template.HTML
	}{{"shared-top", &sh.Top}, {"shared-head", &sh.Head}, {"episode-top", &sh.Bar}, {"episode-end", &sh.End}} {
		var b strings.Builder
		if err := pageTmpl.ExecuteTemplate(&b, part.name, c); err != nil {
			return nil, err
		}
		// Rendered by html/template in the context it is put back in.
		*part.to = template.HTML(b.String())
	}
	s.shared[dir] = &sh
	return &sh, nil
}

// head is what a page's <head> says of it.
type head struct {
	Title       string // of the document
	Name        string // of what the page is about, for link previews
	Description string
	URL         string // canonical, absolute
	Image       string // absolute
	Type        string // Open Graph: website, article
	Audio       *audioMeta
	LD          any     // JSON-LD, written as JSON by html/template
	Shared      *shared // what every page of its folder has
}

type audioMeta struct{ URL, Type string }

// fill writes counts into a label.
func fill(label string, n, m int) string {
	return strings.NewReplacer("{n}", strconv.Itoa(n), "{m}", strconv.Itoa(m)).Replace(label)
}

// fillTitle writes a podcast's title and a page number into a page's
// title.
func fillTitle(format, title string, n int) string {
	return strings.NewReplacer("{t}", title, "{n}", strconv.Itoa(n)).Replace(format)
}

// snippet cuts plain text to at most n characters, at a character, with an
// ellipsis when it cut.
func snippet(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if n == 0 {
			i = j
			break
		}
		n--
	}
	return strings.TrimRight(s[:i], " \t\n") + "…"
}

// clock writes a duration as a player shows it: 4:05, 1:02:03.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// isoDuration writes a duration as ISO 8601 (schema.org): PT1H2M3S.
func isoDuration(d time.Duration) string {
	s := int64(d.Round(time.Second).Seconds())
	out := "PT"
	if s >= 3600 {
		out += strconv.FormatInt(s/3600, 10) + "H"
	}
	if s >= 60 {
		out += strconv.FormatInt(s/60%60, 10) + "M"
	}
	return out + strconv.FormatInt(s%60, 10) + "S"
}

// size writes a file size for people: 41 kB, 12.3 MB.
func size(n int64) string {
	switch {
	case n >= 10e6:
		return fmt.Sprintf("%.0f MB", float64(n)/1e6)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// format is the audio's format, as a listener knows it: MP3, M4A.
func format(u string) string {
	if p, err := url.Parse(u); err == nil {
		u = p.Path
	}
	return strings.ToUpper(strings.TrimPrefix(path.Ext(u), "."))
}

// credits is an episode's line of credits: "主播 战友520 · 编辑 南雁".
func (s *Site) credits(e *rss.Episode) string {
	var b strings.Builder
	for _, p := range e.Persons {
		label := s.l.Editor
		if p.Role == "narrator" {
			label = s.l.Narrator
		}
		if b.Len() > 0 {
			b.WriteString(s.l.Separator)
		}
		b.WriteString(label + " " + p.Name)
	}
	return b.String()
}

// people are the names of the episode's persons in a role.
func people(e *rss.Episode, role string) []string {
	var names []string
	for _, p := range e.Persons {
		if p.Role == role {
			names = append(names, p.Name)
		}
	}
	return names
}
