package rss

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eduncan911/podcast"
)

// The XML document as it is encoded. eduncan911/podcast's Podcast and Item
// carry the RSS and iTunes core; they are embedded (encoding/xml flattens
// embedded structs) and the tags the library lacks are added after them.
// Fields declared here shadow the embedded ones of the same element name
// (guid).
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
	GUID         *rssGUID      `xml:"guid"`
	ITitle       string        `xml:"itunes:title,omitempty"`
	IEpisodeType string        `xml:"itunes:episodeType,omitempty"`
	Content      *cdata        `xml:"content:encoded,omitempty"`
	Persons      []pPerson     `xml:"podcast:person"`
	Transcripts  []pTranscript `xml:"podcast:transcript"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

type pPerson struct {
	Role  string `xml:"role,attr,omitempty"`
	Group string `xml:"group,attr,omitempty"`
	Name  string `xml:",chardata"`
}

type pTranscript struct {
	URL  string `xml:"url,attr"`
	Type string `xml:"type,attr"`
}

// Render returns the RSS document for the channel and its episodes, newest
// first. It is a function of its arguments only: the same input gives the
// same bytes (no clock, no map order); lastBuildDate and the channel's
// pubDate are the newest episode's date.
func Render(ch Channel, episodes []Episode) ([]byte, error) {
	eps := append([]Episode(nil), episodes...)
	sort.SliceStable(eps, func(i, j int) bool { return NewerFirst(&eps[i], &eps[j]) })
	var newest time.Time
	if len(eps) > 0 {
		newest = eps[0].Date
	}
	doc, err := EncodeChannel(ch, newest)
	if err != nil {
		return nil, err
	}
	for _, e := range eps {
		it := NewItem(ch, e)
		b, err := EncodeItem(&it)
		if err != nil {
			return nil, err
		}
		doc.Items = append(doc.Items, b)
	}
	var out bytes.Buffer
	_, err = doc.WriteTo(&out)
	return out.Bytes(), err
}

// Document is an encoded feed in pieces: the document without its items,
// cut where they go, and each item as it sits there. A build encodes,
// checks and caches items one by one; written in order, the pieces are the
// bytes one encoding of the whole document gives.
type Document struct {
	Head, Tail []byte
	Items      [][]byte
}

// WriteTo writes the pieces in order.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, p := range append(append([][]byte{d.Head}, d.Items...), d.Tail) {
		m, err := w.Write(p)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// The indentation of the document: items sit two levels deep.
const (
	xmlIndent     = "  "
	itemIndent    = xmlIndent + xmlIndent
	channelCloser = "\n" + xmlIndent + "</channel>"
)

// EncodeChannel encodes the document with no items; newest is the newest
// episode's date.
func EncodeChannel(ch Channel, newest time.Time) (Document, error) {
	c := &rssChannel{}
	p := &c.Podcast
	p.Title, p.Link, p.Description = xmlText(ch.Title), xmlText(ch.Link), xmlText(ch.Description)
	p.Language, p.Copyright, p.Generator = xmlText(ch.Language), xmlText(ch.Copyright), xmlText(ch.Generator)
	p.PubDate = rfc1123(newest)
	p.LastBuildDate = p.PubDate
	if ch.FeedURL != "" {
		p.AddAtomLink(xmlText(ch.FeedURL))
	}
	p.IAuthor = xmlText(ch.Author)
	p.ISummary = &podcast.ISummary{Text: truncateBytes(xmlText(ch.Description), MaxDescriptionBytes)}
	if ch.ImageURL != "" {
		img := xmlText(ch.ImageURL)
		p.Image = &podcast.Image{URL: img, Title: p.Title, Link: p.Link}
		p.IImage = &podcast.IImage{HREF: img}
	}
	p.IExplicit = strconv.FormatBool(ch.Explicit)
	if ch.OwnerName != "" || ch.OwnerEmail != "" {
		p.IOwner = &podcast.Author{Name: xmlText(ch.OwnerName), Email: xmlText(ch.OwnerEmail)}
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
		locked.Owner = xmlText(ch.OwnerEmail)
	}
	c.PLocked = locked

	doc := rssDoc{Version: "2.0", NSItunes: NSItunes, NSPodcast: NSPodcast, NSContent: NSContent, NSAtom: NSAtom, Channel: c}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", xmlIndent)
	if err := enc.Encode(doc); err != nil {
		return Document{}, fmt.Errorf("encode feed: %w", err)
	}
	b.WriteByte('\n')
	out := b.Bytes()
	cut := bytes.LastIndex(out, []byte(channelCloser))
	if cut < 0 {
		return Document{}, fmt.Errorf("encode feed: no %q", channelCloser)
	}
	return Document{Head: out[:cut], Tail: out[cut:]}, nil
}

// NewItem makes the item of an episode: what the document will hold, and
// what the build checks before it encodes it.
func NewItem(ch Channel, e Episode) Item {
	desc := truncateBytes(xmlText(e.Description), MaxDescriptionBytes)
	it := Item{
		Title:       xmlText(e.Title),
		Link:        xmlText(e.Link),
		Description: desc,
		// Set here rather than by the library's AddPubDate: it dates an
		// undated item with the current time.
		PubDate: rfc1123(e.Date),
		Enclosure: &Enclosure{
			URL:    xmlText(e.URL),
			Length: strconv.FormatInt(e.Length, 10),
			Type:   xmlText(e.Type),
		},
		Author: xmlText(ch.Author),
		// Several apps prefer itunes:summary over description: give them
		// the same text.
		Summary: desc,
		// Apple: itunes:duration is best given in whole seconds.
		Duration:    strconv.FormatInt(int64(math.Round(e.Duration.Seconds())), 10),
		Explicit:    strconv.FormatBool(e.Explicit),
		GUID:        &GUID{IsPermaLink: "false", Value: xmlText(e.GUID)},
		ITunesTitle: xmlText(e.Title),
		EpisodeType: "full",
		Content:     xmlText(e.Content),
	}
	if strings.HasPrefix(e.GUID, "http://") || strings.HasPrefix(e.GUID, "https://") {
		it.GUID.IsPermaLink = "true"
	}
	img := e.ImageURL
	if img == "" {
		img = ch.ImageURL
	}
	it.Image = xmlText(img)
	for _, p := range e.Persons {
		it.Persons = append(it.Persons, Person{Name: xmlText(p.Name), Role: xmlText(p.Role), Group: xmlText(p.Group)})
	}
	if e.TranscriptURL != "" {
		it.Transcripts = []Transcript{{URL: xmlText(e.TranscriptURL), Type: "text/html"}}
	}
	return it
}

// EncodeItem encodes one item as it sits in the document, from the line
// break before it to its closing tag.
func EncodeItem(it *Item) ([]byte, error) {
	x := rssItem{ITitle: it.ITunesTitle, IEpisodeType: it.EpisodeType}
	i := &x.Item
	i.Title, i.Link, i.Description, i.PubDateFormatted = it.Title, it.Link, it.Description, it.PubDate
	if e := it.Enclosure; e != nil {
		// podcast.Enclosure writes LengthFormatted (its Length is xml:"-").
		i.Enclosure = &podcast.Enclosure{URL: e.URL, LengthFormatted: e.Length, TypeFormatted: e.Type}
	}
	i.IAuthor = it.Author
	i.ISummary = &podcast.ISummary{Text: it.Summary}
	if it.Image != "" {
		i.IImage = &podcast.IImage{HREF: it.Image}
	}
	i.IDuration, i.IExplicit = it.Duration, it.Explicit
	if it.GUID != nil {
		x.GUID = &rssGUID{IsPermaLink: it.GUID.IsPermaLink, Value: it.GUID.Value}
	}
	if it.Content != "" {
		x.Content = &cdata{it.Content}
	}
	for _, p := range it.Persons {
		x.Persons = append(x.Persons, pPerson{Role: p.Role, Group: p.Group, Name: p.Name})
	}
	for _, t := range it.Transcripts {
		x.Transcripts = append(x.Transcripts, pTranscript(t))
	}
	var b bytes.Buffer
	b.Grow(len(it.Description) + len(it.Summary) + len(it.Content) + 2048)
	b.WriteByte('\n')
	enc := xml.NewEncoder(&b)
	enc.Indent(itemIndent, xmlIndent)
	if err := enc.Encode(&x); err != nil {
		where := "item"
		if it.GUID != nil {
			where += " " + it.GUID.Value
		}
		return nil, fmt.Errorf("encode %s: %w", where, err)
	}
	return b.Bytes(), nil
}
