package page

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"time"

	"github.com/sakurafm/podgen/feed/rss"
)

// searchRunes is how much of an episode's description the search index
// holds: the opening of the editor's note or of the text, a sentence or
// two, which keeps the index small enough to fetch on a phone (about
// 0.45 MB for the 1,566 episodes of the series, where whole descriptions
// would make 1.5 MB). Titles and credits are searched whole.
const searchRunes = 60

// searchIndex is search.json: what the index pages' script searches. The
// episodes are newest first; their links are relative to the site's top,
// where the index pages are.
type searchIndex struct {
	Episodes []searchEntry `json:"episodes"`
}

type searchEntry struct {
	Title    string `json:"title"`
	Page     string `json:"page"`
	Audio    string `json:"audio"`
	Date     string `json:"date"`   // as the pages show it
	Length   string `json:"length"` // as the pages show it
	Narrator string `json:"narrator,omitempty"`
	Editor   string `json:"editor,omitempty"`
	Text     string `json:"text,omitempty"` // the description's opening
}

// SearchIndex renders search.json for the episodes of the feed, newest
// first.
func (s *Site) SearchIndex(eps []rss.Episode) ([]byte, error) {
	idx := searchIndex{Episodes: make([]searchEntry, len(eps))}
	for i := range eps {
		e := &eps[i]
		idx.Episodes[i] = searchEntry{Title: e.Title, Page: s.rel("", e.Link), Audio: s.rel("", e.URL),
			Date: e.Date.In(s.loc).Format(s.l.DateLayout), Length: clock(e.Duration),
			Narrator: strings.Join(people(e, "narrator"), " "), Editor: strings.Join(people(e, "editor"), " "),
			Text: snippet(e.Description, searchRunes)}
	}
	var b bytes.Buffer
	b.Grow(len(eps) * 512)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // served as application/json, never inlined in a page
	err := enc.Encode(idx)
	return b.Bytes(), err
}

// Sitemap renders sitemap.xml (https://www.sitemaps.org/protocol.html):
// the podcast's page and every episode's, each last modified when its
// newest episode came out.
func (s *Site) Sitemap(eps []rss.Episode) ([]byte, error) {
	type loc struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	set := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: make([]loc, 0, len(eps)+1)}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	top := loc{Loc: s.url(IndexFile)}
	if len(eps) > 0 {
		top.LastMod = day(eps[0].Date)
	}
	set.URLs = append(set.URLs, top)
	for i := range eps {
		set.URLs = append(set.URLs, loc{Loc: eps[i].Link, LastMod: day(eps[i].Date)})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(set); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// Robots renders robots.txt: everything may be crawled, and the sitemap
// is named. Crawlers read robots.txt only at the top of a host: when the
// site is served from a folder (base_url with a path), the file is there
// for a host whose top it becomes.
func (s *Site) Robots() []byte {
	return []byte("User-agent: *\nDisallow:\n\nSitemap: " + s.url(SitemapFile) + "\n")
}
