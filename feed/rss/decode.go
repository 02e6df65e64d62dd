package rss

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"
)

// Feed is a document as the rules read it: its channel and its items, each
// value as the document holds it.
type Feed struct {
	Version string
	// Declared are the namespaces the rss element declares, by prefix
	// ("" for a default namespace).
	Declared map[string]string
	Channel  *ChannelValues // nil when the document has no channel
	Items    []Item
}

// ChannelValues is the channel of a document, its items aside.
type ChannelValues struct {
	Title       string
	Link        string // the web page (RSS link)
	Self        string // atom:link rel="self"
	Description string
	Language    string
	ImageURL    string // RSS image/url
	ITunesImage string // itunes:image href
	Explicit    *string
	Author      string
	OwnerEmail  string
	Categories  []Category
	Type        *string
	GUID        *string
	Locked      *string
}

// Category is an itunes:category with its subcategories.
type Category struct {
	Text string
	Subs []string
}

// Item is one item as the document holds it: the values the rules read. A
// build makes it from an Episode (NewItem), checks it and encodes it
// (EncodeItem); Decode reads it from a document. Empty strings are
// elements that are absent.
type Item struct {
	Title       string
	Link        string
	Description string
	PubDate     string
	Enclosure   *Enclosure
	Author      string // itunes:author
	Summary     string // itunes:summary
	Image       string // itunes:image href
	Duration    string // itunes:duration
	Explicit    string // itunes:explicit
	GUID        *GUID
	ITunesTitle string // itunes:title
	EpisodeType string // itunes:episodeType
	Content     string // content:encoded, which EncodeItem writes; Decode leaves it out (no rule reads it)
	Persons     []Person
	Transcripts []Transcript
}

// GUID is an item's guid element.
type GUID struct {
	IsPermaLink string
	Value       string
}

// Enclosure is an item's enclosure element.
type Enclosure struct {
	URL, Length, Type string
}

// Transcript is a podcast:transcript element.
type Transcript struct {
	URL, Type string
}

// Decode reads an RSS document with encoding/xml. Elements are matched by
// namespace, whatever prefix the document binds to it. Items' content is
// not read (see skipContent).
func Decode(doc []byte) (*Feed, error) {
	switch start := bytes.TrimLeft(bytes.TrimPrefix(doc, []byte("\uFEFF")), " \t\r\n"); {
	case len(start) == 0:
		return nil, errors.New("an empty file, not an RSS document")
	case start[0] != '<':
		return nil, errors.New("not an RSS document: not XML (it does not start with <)")
	}
	var d xmlDoc
	dec := xml.NewDecoder(bytes.NewReader(skipContent(doc)))
	dec.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		return nil, notUTF8(charset)
	}
	if err := dec.Decode(&d); err != nil {
		var se *xml.SyntaxError
		var cs notUTF8
		switch {
		case errors.As(err, &cs):
			return nil, cs
		case errors.As(err, &se):
			msg := se.Msg
			if msg == "unexpected EOF" {
				msg = "the file ends inside an element (cut short?)"
			}
			return nil, &SyntaxError{Line: se.Line, Msg: "not well-formed XML: " + msg}
		}
		return nil, fmt.Errorf("not a well-formed RSS document: %v", err)
	}
	f := &Feed{Version: d.Version, Declared: map[string]string{}}
	for _, a := range d.Attrs {
		switch {
		case a.Name.Space == "xmlns":
			f.Declared[a.Name.Local] = a.Value
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			f.Declared[""] = a.Value
		}
	}
	if c := d.Channel; c != nil {
		f.Channel = c.values()
		for i := range c.Items {
			f.Items = append(f.Items, c.Items[i].values())
		}
	}
	return f, nil
}

// SyntaxError is a document that is not well-formed XML, at its line.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// notUTF8 is a document in another encoding than UTF-8.
type notUTF8 string

func (e notUTF8) Error() string {
	return fmt.Sprintf("the document is in %s, not UTF-8, which podcast apps read (Apple requires it): save it as UTF-8, with encoding=\"UTF-8\"", string(e))
}

// The document as encoding/xml reads it. Tags without a namespace match
// elements of any namespace, so title, link and image, which iTunes and
// Atom have too, are read as lists and told apart by namespace.
type xmlDoc struct {
	XMLName xml.Name    `xml:"rss"`
	Version string      `xml:"version,attr"`
	Attrs   []xml.Attr  `xml:",any,attr"` // the namespaces it declares among them
	Channel *xmlChannel `xml:"channel"`
}

type xmlChannel struct {
	Titles      []nsElem `xml:"title"`
	Links       []nsElem `xml:"link"`
	Description string   `xml:"description"`
	Language    string   `xml:"language"`
	Images      []nsElem `xml:"image"`
	Explicit    *string  `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd explicit"`
	Author      string   `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd author"`
	Owner       *struct {
		Email string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd email"`
	} `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd owner"`
	Categories []xmlCategory `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
	Type       *string       `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd type"`
	GUID       *string       `xml:"https://podcastindex.org/namespace/1.0 guid"`
	Locked     *string       `xml:"https://podcastindex.org/namespace/1.0 locked"`
	Items      []xmlItem     `xml:"item"`
}

type nsElem struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	URL     string `xml:"url"`
	Text    string `xml:",chardata"`
}

type xmlCategory struct {
	Text string        `xml:"text,attr"`
	Subs []xmlCategory `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
}

type xmlItem struct {
	Titles      []nsElem `xml:"title"`
	Links       []nsElem `xml:"link"`
	Description string   `xml:"description"`
	PubDate     string   `xml:"pubDate"`
	GUID        *struct {
		IsPermaLink string `xml:"isPermaLink,attr"`
		Value       string `xml:",chardata"`
	} `xml:"guid"`
	Enclosure *struct {
		URL    string `xml:"url,attr"`
		Length string `xml:"length,attr"`
		Type   string `xml:"type,attr"`
	} `xml:"enclosure"`
	Author  string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd author"`
	Summary string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd summary"`
	Image   *struct {
		Href string `xml:"href,attr"`
	} `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd image"`
	Duration    string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd duration"`
	Explicit    string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd explicit"`
	EpisodeType string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd episodeType"`
	Persons     []struct {
		Role  string `xml:"role,attr"`
		Group string `xml:"group,attr"`
		Name  string `xml:",chardata"`
	} `xml:"https://podcastindex.org/namespace/1.0 person"`
	Transcripts []struct {
		URL  string `xml:"url,attr"`
		Type string `xml:"type,attr"`
	} `xml:"https://podcastindex.org/namespace/1.0 transcript"`
}

// find returns the first element of a namespace ("" for none).
func find(es []nsElem, ns string) (nsElem, bool) {
	for _, e := range es {
		if e.XMLName.Space == ns {
			return e, true
		}
	}
	return nsElem{}, false
}

func (c *xmlChannel) values() *ChannelValues {
	v := &ChannelValues{
		Description: c.Description, Language: c.Language, Explicit: c.Explicit, Author: c.Author,
		Type: c.Type, GUID: c.GUID, Locked: c.Locked,
	}
	t, _ := find(c.Titles, "")
	v.Title = t.Text
	l, _ := find(c.Links, "")
	v.Link = l.Text
	for _, l := range c.Links {
		if l.XMLName.Space == NSAtom && l.Rel == "self" {
			v.Self = l.Href
		}
	}
	img, _ := find(c.Images, "")
	v.ImageURL = img.URL
	img, _ = find(c.Images, NSItunes)
	v.ITunesImage = img.Href
	if c.Owner != nil {
		v.OwnerEmail = c.Owner.Email
	}
	for _, cat := range c.Categories {
		vc := Category{Text: cat.Text}
		for _, s := range cat.Subs {
			vc.Subs = append(vc.Subs, s.Text)
		}
		v.Categories = append(v.Categories, vc)
	}
	return v
}

func (x *xmlItem) values() Item {
	it := Item{
		Description: x.Description, PubDate: x.PubDate, Author: x.Author, Summary: x.Summary,
		Duration: x.Duration, Explicit: x.Explicit, EpisodeType: x.EpisodeType,
	}
	if x.Image != nil {
		it.Image = x.Image.Href
	}
	t, _ := find(x.Titles, "")
	it.Title = t.Text
	t, _ = find(x.Titles, NSItunes)
	it.ITunesTitle = t.Text
	l, _ := find(x.Links, "")
	it.Link = l.Text
	if g := x.GUID; g != nil {
		it.GUID = &GUID{IsPermaLink: g.IsPermaLink, Value: g.Value}
	}
	if e := x.Enclosure; e != nil {
		it.Enclosure = &Enclosure{URL: e.URL, Length: e.Length, Type: e.Type}
	}
	for _, p := range x.Persons {
		it.Persons = append(it.Persons, Person{Name: p.Name, Role: p.Role, Group: p.Group})
	}
	for _, tr := range x.Transcripts {
		it.Transcripts = append(it.Transcripts, Transcript{URL: tr.URL, Type: tr.Type})
	}
	return it
}

var (
	contentOpen  = []byte("<content:encoded>")
	contentClose = []byte("</content:encoded>")
	cdataOpen    = []byte("<![CDATA[")
	cdataClose   = []byte("]]>")
)

// skipContent empties content:encoded elements made only of CDATA sections
// before the document is decoded: no rule reads them, and they are most of
// a feed's bytes (a 10,000-episode feed is 70 MB, which encoding/xml reads
// at about 50 ns a byte). An element of any other shape is left as it is.
func skipContent(doc []byte) []byte {
	if !bytes.Contains(doc, contentOpen) {
		return doc
	}
	out := make([]byte, 0, len(doc)/2)
	rest := doc
	for {
		i := bytes.Index(rest, contentOpen)
		if i < 0 {
			break
		}
		body := rest[i+len(contentOpen):]
		j := 0
		for bytes.HasPrefix(body[j:], cdataOpen) {
			k := bytes.Index(body[j+len(cdataOpen):], cdataClose)
			if k < 0 {
				j = -1
				break
			}
			j += len(cdataOpen) + k + len(cdataClose)
		}
		out = append(out, rest[:i+len(contentOpen)]...)
		if j <= 0 || !bytes.HasPrefix(body[j:], contentClose) {
			// Not only CDATA: keep it, and go on after the opening tag.
			rest = body
			continue
		}
		rest = body[j:]
	}
	return append(out, rest...)
}

// References returns every URL of the document that a podcast app, or a
// listener following a link, fetches, each once, in document order: the
// channel's link, image/url and itunes:image; each item's link,
// enclosure, itunes:image and podcast:transcript URLs. Publishing uses it
// to know which files must be in the bucket before the feed is, and which
// must stay there while the feed is live. atom:link, the feed itself, is
// not among them.
func (f *Feed) References() []string {
	seen := map[string]bool{}
	var urls []string
	add := func(u string) {
		if u != "" && !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	if c := f.Channel; c != nil {
		add(c.Link)
		add(c.ImageURL)
		add(c.ITunesImage)
	}
	for _, it := range f.Items {
		add(it.Link)
		if it.Enclosure != nil {
			add(it.Enclosure.URL)
		}
		add(it.Image)
		for _, t := range it.Transcripts {
			add(t.URL)
		}
	}
	return urls
}

// SelfOf is the atom:link rel="self" of a feed, read from its channel
// before the first item, so that a feed of thousands of items is not
// decoded for it; "" when it has none or that part does not decode.
func SelfOf(doc []byte) string {
	if i := bytes.Index(doc, []byte("<item>")); i >= 0 {
		doc = append(doc[:i:i], "</channel></rss>"...)
	}
	f, err := Decode(doc)
	if err != nil || f.Channel == nil {
		return ""
	}
	return f.Channel.Self
}

// PubDates are the items' pubDates by guid; an item without a guid or a
// date that does not parse is left out.
func (f *Feed) PubDates() map[string]time.Time {
	dates := map[string]time.Time{}
	for _, it := range f.Items {
		if it.GUID == nil {
			continue
		}
		if t, err := ParseDate(it.PubDate); err == nil {
			dates[it.GUID.Value] = t
		}
	}
	return dates
}
