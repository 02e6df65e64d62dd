package feed

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/eduncan911/podcast"
	"github.com/google/uuid"
)

// Channel is the podcast as a whole, as config.yaml describes it.
type Channel struct {
	Title       string
	Description string
	Link        string // the podcast's web page
	FeedURL     string // where feed.xml is published: <base_url>/feed.xml
	Language    string // e.g. zh-cn
	Copyright   string
	Author      string
	OwnerName   string
	OwnerEmail  string
	ImageURL    string // the channel artwork
	Category    string // Apple's category, e.g. News
	Subcategory string // e.g. Politics; may be empty
	Explicit    bool
	Type        string // episodic (default) or serial
	Locked      bool   // podcast:locked: other platforms may not import the feed
	GUID        string // podcast:guid; empty means derived from FeedURL
	Generator   string
}

// Episode is one item of the feed, with everything already resolved.
type Episode struct {
	GUID          string // never changes once published
	Title         string
	Link          string
	Description   string // plain text
	ContentHTML   string // the body, as HTML
	Date          time.Time
	URL           string // enclosure URL
	Length        int64  // enclosure length in bytes
	Type          string // enclosure MIME type
	Duration      time.Duration
	ImageURL      string // episode artwork; empty means the channel's
	Explicit      bool
	Persons       []Person
	TranscriptURL string
}

// Person is a podcast:person of an episode.
type Person struct {
	Name  string
	Role  string // from the Podcast Index taxonomy: narrator, editor, …
	Group string // cast, writing, …
}

// Apple counts description limits in bytes (Chinese text is 3 bytes a
// character); eduncan911/podcast counts runes, so the cut is made here.
const maxDescriptionBytes = 4000

// The namespaces the feed declares.
const (
	nsItunes  = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	nsPodcast = "https://podcastindex.org/namespace/1.0"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsAtom    = "http://www.w3.org/2005/Atom"
)

// podcastNamespace is the UUIDv5 namespace of podcast:guid, from the
// Podcasting 2.0 namespace specification.
var podcastNamespace = uuid.MustParse("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

// PodcastGUID derives a podcast:guid from a feed URL: a UUIDv5 over the URL
// without its scheme and trailing slashes.
func PodcastGUID(feedURL string) string {
	u := feedURL
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	u = strings.TrimRight(u, "/")
	return uuid.NewSHA1(podcastNamespace, []byte(u)).String()
}

// The XML document. eduncan911/podcast's Podcast and Item carry the RSS and
// iTunes core; they are embedded (encoding/xml flattens embedded structs) and
// the tags the library lacks are added after them. Fields declared here
// shadow the embedded ones of the same element name (guid).
type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	NSItunes  string   `xml:"xmlns:itunes,attr"`
	NSPodcast string   `xml:"xmlns:podcast,attr"`
	NSContent string   `xml:"xmlns:content,attr"`
	NSAtom    string   `xml:"xmlns:atom,attr"`
	Channel   *rssChannel
}

type rssChannel struct {
	XMLName xml.Name `xml:"channel"`
	podcast.Podcast
	IType   string    `xml:"itunes:type,omitempty"`
	PGUID   string    `xml:"podcast:guid,omitempty"`
	PLocked *pLocked  `xml:"podcast:locked,omitempty"`
	Items   []rssItem `xml:"item"`
}

type pLocked struct {
	Owner string `xml:"owner,attr,omitempty"`
	Value string `xml:",chardata"`
}

type rssItem struct {
	podcast.Item
	GUID         rssGUID     `xml:"guid"`
	ITitle       string      `xml:"itunes:title,omitempty"`
	IEpisodeType string      `xml:"itunes:episodeType,omitempty"`
	Content      *cdata      `xml:"content:encoded,omitempty"`
	Persons      []pPerson   `xml:"podcast:person"`
	Transcript   *pTranscipt `xml:"podcast:transcript,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type cdata struct {
	Text []byte `xml:",cdata"` // not a string: encoding/xml would copy it to write it
}

type pPerson struct {
	Role  string `xml:"role,attr,omitempty"`
	Group string `xml:"group,attr,omitempty"`
	Name  string `xml:",chardata"`
}

type pTranscipt struct {
	URL  string `xml:"url,attr"`
	Type string `xml:"type,attr"`
}

// Render returns the RSS document for the channel and its episodes, newest
// first. It is a function of its arguments only: the same input gives the
// same bytes (no clock, no map order); lastBuildDate and the channel's
// pubDate are the newest episode's date.
func Render(ch Channel, episodes []Episode) ([]byte, error) {
	eps := append([]Episode(nil), episodes...)
	sortNewestFirst(eps)
	var newest time.Time
	if len(eps) > 0 {
		newest = eps[0].Date
	}
	doc, err := renderChannel(ch, newest)
	if err != nil {
		return nil, err
	}
	for _, e := range eps {
		it, err := renderItem(ch, e)
		if err != nil {
			return nil, err
		}
		doc.pieces = append(doc.pieces, it)
	}
	return doc.bytes(), nil
}

// feedDoc is a rendered feed in pieces: the document without its items,
// cut where they go, and each item. Items are rendered, checked and cached
// one by one (in parallel, and only when they changed); joined, the pieces
// are the bytes one encoding of the whole document gives.
type feedDoc = splitDoc

// The indentation of the document: items sit two levels deep.
const (
	xmlIndent     = "  "
	itemIndent    = xmlIndent + xmlIndent
	channelCloser = "\n" + xmlIndent + "</channel>"
)

// renderChannel renders the document with no items.
func renderChannel(ch Channel, newest time.Time) (feedDoc, error) {
	c := &rssChannel{}
	p := &c.Podcast
	p.Title, p.Link, p.Description = ch.Title, ch.Link, ch.Description
	p.Language, p.Copyright, p.Generator = ch.Language, ch.Copyright, ch.Generator
	p.PubDate = rfc1123(newest)
	p.LastBuildDate = p.PubDate
	if ch.FeedURL != "" {
		p.AddAtomLink(ch.FeedURL)
	}
	p.IAuthor = ch.Author
	p.ISummary = &podcast.ISummary{Text: truncateBytes(ch.Description, maxDescriptionBytes)}
	if ch.ImageURL != "" {
		p.Image = &podcast.Image{URL: ch.ImageURL, Title: ch.Title, Link: ch.Link}
		p.IImage = &podcast.IImage{HREF: ch.ImageURL}
	}
	p.IExplicit = strconv.FormatBool(ch.Explicit)
	if ch.OwnerName != "" || ch.OwnerEmail != "" {
		p.IOwner = &podcast.Author{Name: ch.OwnerName, Email: ch.OwnerEmail}
	}
	if ch.Category != "" {
		var subs []string
		if ch.Subcategory != "" {
			subs = []string{ch.Subcategory}
		}
		p.AddCategory(ch.Category, subs)
		p.Category = "" // AddCategory also sets the RSS category; Apple reads itunes:category
	}
	c.IType = ch.Type
	if c.IType == "" {
		c.IType = "episodic"
	}
	c.PGUID = ch.GUID
	if c.PGUID == "" && ch.FeedURL != "" {
		c.PGUID = PodcastGUID(ch.FeedURL)
	}
	locked := &pLocked{Value: "no"}
	if ch.Locked {
		locked.Value = "yes"
		locked.Owner = ch.OwnerEmail
	}
	c.PLocked = locked

	doc := rssDoc{Version: "2.0", NSItunes: nsItunes, NSPodcast: nsPodcast, NSContent: nsContent, NSAtom: nsAtom, Channel: c}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", xmlIndent)
	if err := enc.Encode(doc); err != nil {
		return feedDoc{}, fmt.Errorf("encode feed: %w", err)
	}
	b.WriteByte('\n')
	out := b.Bytes()
	cut := bytes.LastIndex(out, []byte(channelCloser))
	if cut < 0 {
		return feedDoc{}, fmt.Errorf("encode feed: no %q", channelCloser)
	}
	return feedDoc{head: out[:cut], tail: out[cut:]}, nil
}

// renderItem renders one item as it sits in the document, from the line
// break before it to its closing tag.
func renderItem(ch Channel, e Episode) ([]byte, error) {
	doc := itemDoc(ch, e, []byte(e.ContentHTML))
	return encodeItem(&doc)
}

// encodeItem is renderItem for the item's XML.
func encodeItem(it *rssItem) ([]byte, error) {
	var b bytes.Buffer
	n := len(it.Description) + 2048
	if it.ISummary != nil {
		n += len(it.ISummary.Text)
	}
	if it.Content != nil {
		n += len(it.Content.Text)
	}
	b.Grow(n)
	b.WriteByte('\n')
	// encoding/xml buffers through a bufio.Writer of its own unless it is
	// given one: a pooled one spares 4 KB an item.
	w := xmlBufs.Get().(*bufio.Writer)
	defer xmlBufs.Put(w)
	w.Reset(&b)
	enc := xml.NewEncoder(w)
	enc.Indent(itemIndent, xmlIndent)
	if err := enc.Encode(it); err != nil { // Encode flushes
		return nil, fmt.Errorf("encode item %s: %w", it.GUID.Value, err)
	}
	w.Reset(nil)
	return b.Bytes(), nil
}

var xmlBufs = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// sortNewestFirst orders episodes as the feed lists them.
func sortNewestFirst(eps []Episode) {
	sort.SliceStable(eps, func(i, j int) bool { return newerFirst(&eps[i], &eps[j]) })
}

// newerFirst is the feed's order: newest first, and by guid among
// episodes of the same date, so the order never depends on the input's.
func newerFirst(a, b *Episode) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.GUID > b.GUID
}

// itemDoc is the XML of one item, with body (the body as HTML) for its
// content:encoded; e.ContentHTML is not read.
func itemDoc(ch Channel, e Episode, body []byte) rssItem {
	desc := truncateBytes(e.Description, maxDescriptionBytes)
	it := rssItem{
		GUID:         rssGUID{IsPermaLink: "false", Value: e.GUID},
		ITitle:       e.Title,
		IEpisodeType: "full",
	}
	if strings.HasPrefix(e.GUID, "http://") || strings.HasPrefix(e.GUID, "https://") {
		it.GUID.IsPermaLink = "true"
	}
	i := &it.Item
	i.Title, i.Link, i.Description = e.Title, e.Link, desc
	// Set directly rather than with AddPubDate/AddItem: the library dates
	// an undated item with the current time.
	i.PubDateFormatted = rfc1123(e.Date)
	i.Enclosure = &podcast.Enclosure{
		URL:             e.URL,
		Length:          e.Length,
		LengthFormatted: strconv.FormatInt(e.Length, 10),
		TypeFormatted:   e.Type,
	}
	i.IAuthor = ch.Author
	// Several apps prefer itunes:summary over description: give them the
	// same editor's note.
	i.ISummary = &podcast.ISummary{Text: desc}
	img := e.ImageURL
	if img == "" {
		img = ch.ImageURL
	}
	if img != "" {
		i.IImage = &podcast.IImage{HREF: img}
	}
	// Apple: itunes:duration is best given in whole seconds.
	i.IDuration = strconv.FormatInt(int64(math.Round(e.Duration.Seconds())), 10)
	i.IExplicit = strconv.FormatBool(e.Explicit)
	if len(body) > 0 {
		it.Content = &cdata{body}
	}
	for _, p := range e.Persons {
		it.Persons = append(it.Persons, pPerson{Role: p.Role, Group: p.Group, Name: p.Name})
	}
	if e.TranscriptURL != "" {
		it.Transcript = &pTranscipt{URL: e.TranscriptURL, Type: "text/html"}
	}
	return it
}

func rfc1123(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC1123Z)
}

// truncateBytes cuts s to at most n bytes on a character boundary, ending
// it with an ellipsis when it was cut.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
