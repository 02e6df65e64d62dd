package page

import (
	"bytes"
	"html/template"
	"time"

	"github.com/sakurafm/podgen/feed/rss"
)

// Episode is what an episode's page shows: the feed's episode, whose Link
// is this page, the original it reads and its text.
type Episode struct {
	rss.Episode
	Original string        // the original text (原文): an http(s) URL, or empty
	Body     template.HTML // the text the narrator reads, rendered from the article's Markdown
}

// Neighbour is an episode beside another, for the links between episode
// pages.
type Neighbour struct {
	Title string
	URL   string // its page, absolute
}

// episodeData is what the episode page's template shows.
type episodeData struct {
	Head                   head
	Title, Cover, Audio    string
	Datetime, Day, Meta    string
	PlayLabel, File        string // File: the audio's format and size
	Download, Text, More   string // labels
	OlderLabel, NewerLabel string
	Body                   template.HTML // the text, original's link included
	Older, Newer           *Neighbour    // relative to the page
}

// original is the link to an episode's original and the Internet
// Archive's copy of it.
type original struct {
	URL, Archive           string
	Original, ArchiveLabel string
}

// EpisodePage renders an episode's page, which is at its Link in the
// site; older and newer are the episodes before and after it, nil for
// none. text is the episode's text as the page shows it, and as the feed's
// content:encoded holds it: the Body, then the paragraph that links its
// original (OriginalLink).
func (s *Site) EpisodePage(e Episode, older, newer *Neighbour) (page []byte, text string, err error) {
	dir := s.dir(e.Link)
	sh, err := s.sharedBy(dir)
	if err != nil {
		return nil, "", err
	}
	link, err := s.OriginalLink(e.Original)
	if err != nil {
		return nil, "", err
	}
	text = string(e.Body) + link
	cover, l := s.cover(&e.Episode), s.l
	d := episodeData{Title: e.Title, Cover: s.rel(dir, cover), Audio: s.rel(dir, e.URL),
		Datetime: e.Date.In(s.loc).Format("2006-01-02"), Day: e.Date.In(s.loc).Format(l.DateLayout), Meta: s.facts(&e.Episode),
		PlayLabel: l.Play + l.Colon + e.Title, File: format(e.URL) + ", " + size(e.Length),
		Download: l.Download, Text: l.Text, More: l.MoreEpisodes, OlderLabel: l.Older, NewerLabel: l.Newer,
		Body: template.HTML(text)}
	for _, n := range []struct {
		from *Neighbour
		to   **Neighbour
	}{{older, &d.Older}, {newer, &d.Newer}} {
		if n.from != nil {
			*n.to = &Neighbour{Title: n.from.Title, URL: s.rel(dir, n.from.URL)}
		}
	}
	d.Head = s.head(sh, e.Title+l.titleSeparator+s.ch.Title, e.Title, e.Description, e.Link, cover, "article",
		&audioMeta{URL: e.URL, Type: e.Type}, nil)
	d.Head.LD = s.episodeLD(&e, cover, d.Head.Description)
	var b bytes.Buffer
	b.Grow(len(e.Body) + len(sh.Head) + len(sh.End) + 4<<10)
	err = pageTmpl.ExecuteTemplate(&b, "episode", d)
	return b.Bytes(), text, err
}

func (s *Site) original(u string) *original {
	if u == "" {
		return nil
	}
	return &original{URL: u, Archive: archivePrefix + u, Original: s.l.Original, ArchiveLabel: s.l.Archive}
}

// OriginalLink is the paragraph that links an episode's text to its
// original (原文) and the Internet Archive's copy of it, with which the
// text of EpisodePage ends. Empty for no URL.
func (s *Site) OriginalLink(url string) (string, error) {
	var b bytes.Buffer
	err := pageTmpl.ExecuteTemplate(&b, "original", s.original(url))
	return b.String(), err
}

// JSON-LD of schema.org (https://schema.org/PodcastEpisode,
// https://schema.org/PodcastSeries), as search engines read it.
type (
	ldSeries struct {
		Context     string  `json:"@context,omitempty"`
		Type        string  `json:"@type"`
		Name        string  `json:"name"`
		Description string  `json:"description,omitempty"`
		URL         string  `json:"url"`
		WebFeed     string  `json:"webFeed"`
		Image       string  `json:"image,omitempty"`
		InLanguage  string  `json:"inLanguage,omitempty"`
		Author      *ldName `json:"author,omitempty"`
	}
	ldEpisode struct {
		Context         string   `json:"@context"`
		Type            string   `json:"@type"`
		URL             string   `json:"url"`
		Name            string   `json:"name"`
		Description     string   `json:"description,omitempty"`
		DatePublished   string   `json:"datePublished"`
		TimeRequired    string   `json:"timeRequired"`
		Image           string   `json:"image,omitempty"`
		InLanguage      string   `json:"inLanguage,omitempty"`
		AssociatedMedia ldMedia  `json:"associatedMedia"`
		PartOfSeries    ldSeries `json:"partOfSeries"`
		Actor           []ldName `json:"actor,omitempty"` // the narrator: schema.org's readBy is for audiobooks only
		Editor          []ldName `json:"editor,omitempty"`
		IsBasedOn       string   `json:"isBasedOn,omitempty"`
	}
	ldMedia struct {
		Type           string `json:"@type"`
		ContentURL     string `json:"contentUrl"`
		EncodingFormat string `json:"encodingFormat,omitempty"`
		Duration       string `json:"duration"`
	}
	ldName struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
)

func (s *Site) seriesLD(top bool) ldSeries {
	ld := ldSeries{Type: "PodcastSeries", Name: s.ch.Title, URL: s.url(IndexFile), WebFeed: s.ch.FeedURL}
	if top {
		ld.Context, ld.Description, ld.Image, ld.InLanguage = "https://schema.org", s.ch.Description, s.ch.ImageURL, s.ch.Language
		if s.ch.Author != "" {
			ld.Author = &ldName{Type: "Organization", Name: s.ch.Author}
		}
	}
	return ld
}

// episodeLD is an episode page's JSON-LD; description is the head's, cut
// for search engines.
func (s *Site) episodeLD(e *Episode, image, description string) ldEpisode {
	names := func(role string) []ldName {
		var out []ldName
		for _, n := range people(&e.Episode, role) {
			out = append(out, ldName{Type: "Person", Name: n})
		}
		return out
	}
	duration := isoDuration(e.Duration)
	return ldEpisode{Context: "https://schema.org", Type: "PodcastEpisode", URL: e.Link, Name: e.Title,
		Description: description, DatePublished: e.Date.UTC().Format(time.RFC3339), TimeRequired: duration,
		Image: image, InLanguage: s.ch.Language,
		AssociatedMedia: ldMedia{Type: "AudioObject", ContentURL: e.URL, EncodingFormat: e.Type, Duration: duration},
		PartOfSeries:    s.seriesLD(false),
		Actor:           names("narrator"), Editor: names("editor"), IsBasedOn: e.Original}
}
