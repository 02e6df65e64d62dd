package page

import (
	"bytes"
	"embed"
	"html/template"

	"github.com/sakurafm/podgen/feed/rss"
)

// The pages' templates, styles and scripts. The styles and scripts are
// written into each page: a page is one request, and works saved.
//
//go:embed templates
var templateFiles embed.FS

var pageTmpl = template.Must(template.New("").ParseFS(templateFiles, "templates/*"))

// noteRunes is how much of an episode's description its row shows: two
// lines or so; the episode's page has the whole text.
const noteRunes = 90

// row is what an index row shows of an episode, worked out before the
// template runs.
type row struct {
	ID, Title, Page, Image, Audio string
	Datetime, Day, Meta, Note     string
	Play, PlayLabel               string
}

// IndexEpisode renders an episode's row of the index pages.
func (s *Site) IndexEpisode(e rss.Episode) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(1024)
	err := pageTmpl.ExecuteTemplate(&b, "row", row{
		ID: e.GUID, Title: e.Title, Page: s.rel("", e.Link), Image: s.rel("", s.cover(&e)), Audio: s.rel("", e.URL),
		Datetime: e.Date.In(s.loc).Format("2006-01-02"), Day: e.Date.In(s.loc).Format(s.l.DateLayout),
		Meta: s.facts(&e), Note: snippet(e.Description, noteRunes),
		Play: s.l.Play, PlayLabel: s.l.Play + s.l.Colon + e.Title,
	})
	return b.Bytes(), err
}

// facts is an episode's line of facts after its date: its length and its
// credits.
func (s *Site) facts(e *rss.Episode) string {
	f := clock(e.Duration)
	if c := s.credits(e); c != "" {
		f += s.l.Separator + c
	}
	return f
}

// indexData is what an index page's frame shows.
type indexData struct {
	common
	Head         head
	First        bool
	Count        int    // episodes of the podcast
	PageOf       string // "page 2 of 32"; empty for a podcast of one page
	Newer, Older string // the pages before and after
}

// IndexFrame renders the index's page n of pages without its episodes:
// what comes before their rows and what comes after. count is how many
// episodes the podcast has.
func (s *Site) IndexFrame(n, pages, count int) (head, tail []byte, err error) {
	c := s.common("")
	c.Script.Found, c.Script.More, c.Script.NotFound, c.Script.Unavailable = s.l.Found, s.l.More, s.l.NotFound, s.l.Unavailable
	c.Script.Play, c.Script.Pause, c.Script.Narrator, c.Script.Colon = s.l.Play, s.l.Pause, s.l.Narrator, s.l.Colon
	c.Script.Index = SearchFile
	d := indexData{common: c, First: n == 1, Count: count}
	title := s.ch.Title
	if pages > 1 {
		d.PageOf = fill(s.l.PageOf, n, pages)
		if n > 1 {
			d.Newer = IndexName(n - 1)
			title = fillTitle(s.l.pageTitleFmt, s.ch.Title, n)
		}
		if n < pages {
			d.Older = IndexName(n + 1)
		}
	}
	sh, err := s.sharedBy("")
	if err != nil {
		return nil, nil, err
	}
	url := s.url(IndexName(n))
	d.Head = s.head(sh, title, s.ch.Title, s.ch.Description, url, s.ch.ImageURL, "website", nil, s.seriesLD(true))
	var h, t bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&h, "index-head", d); err != nil {
		return nil, nil, err
	}
	if err := pageTmpl.ExecuteTemplate(&t, "index-tail", d); err != nil {
		return nil, nil, err
	}
	return h.Bytes(), t.Bytes(), nil
}

// head is a page's head: its title, what link previews show of it, and
// its JSON-LD.
func (s *Site) head(sh *shared, title, name, description, url, image, kind string, audio *audioMeta, ld any) head {
	return head{Title: title, Name: name, Description: snippet(description, descriptionRunes),
		URL: url, Image: image, Type: kind, Audio: audio, LD: ld, Shared: sh}
}

// descriptionRunes is how much of a description the head gives link
// previews and search engines, which show about this much.
const descriptionRunes = 160
