package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Severity says whether a Problem stops a build.
type Severity int

// Severities of problems.
const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is one broken rule in a feed.
type Problem struct {
	Severity Severity
	Item     string // the item's guid (or title); empty for the channel
	Rule     string // the rule's source and name, e.g. apple/category
	Message  string
}

func (p Problem) String() string {
	where := "channel"
	if p.Item != "" {
		where = "item " + p.Item
	}
	return fmt.Sprintf("%s: %s: %s (%s)", p.Severity, where, p.Message, p.Rule)
}

// Errors returns the problems of Error severity.
func Errors(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// The document as the checks read it. Tags without a namespace match
// elements of any namespace, so title and image (which iTunes also has) are
// read as lists and told apart by namespace.
type checkDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel *struct {
		Titles      []nsElem `xml:"title"`
		Links       []nsElem `xml:"link"` // atom:link too
		Description string   `xml:"description"`
		Language    string   `xml:"language"`
		Images      []nsElem `xml:"image"`
		Explicit    *string  `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd explicit"`
		Author      string   `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd author"`
		Owner       *struct {
			Email string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd email"`
		} `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd owner"`
		Categories []category  `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
		Type       *string     `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd type"`
		GUID       *string     `xml:"https://podcastindex.org/namespace/1.0 guid"`
		Locked     *string     `xml:"https://podcastindex.org/namespace/1.0 locked"`
		Items      []checkItem `xml:"item"`
	} `xml:"channel"`
}

type nsElem struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	URL     string `xml:"url"`
	Text    string `xml:",chardata"`
}

type category struct {
	Text string     `xml:"text,attr"`
	Subs []category `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
}

type checkItem struct {
	Titles      []nsElem        `xml:"title"`
	Description string          `xml:"description"`
	Summary     string          `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd summary"`
	PubDate     string          `xml:"pubDate"`
	GUID        *checkGUID      `xml:"guid"`
	Enclosure   *checkEnclosure `xml:"enclosure"`
	Duration    string          `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd duration"`
	Explicit    *string         `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd explicit"`
	EpisodeType *string         `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd episodeType"`
	Persons     []person        `xml:"https://podcastindex.org/namespace/1.0 person"`
	Transcripts []transcript    `xml:"https://podcastindex.org/namespace/1.0 transcript"`
}

type checkGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type checkEnclosure struct {
	URL    string `xml:"url,attr"`
	Length string `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type transcript struct {
	URL  string `xml:"url,attr"`
	Type string `xml:"type,attr"`
}

type person struct {
	Role  string `xml:"role,attr"`
	Group string `xml:"group,attr"`
	Name  string `xml:",chardata"`
}

// find returns the text (or href/url) of the first element of a namespace.
func find(es []nsElem, ns string) (nsElem, bool) {
	for _, e := range es {
		if e.XMLName.Space == ns {
			return e, true
		}
	}
	return nsElem{}, false
}

var durationRe = regexp.MustCompile(`^(\d+|\d{1,2}:\d{2}|\d{1,3}:\d{2}:\d{2})$`)

// Check reads an RSS document and reports every rule it breaks: Apple
// Podcasts' requirements (required tags, byte lengths, categories, explicit
// values, ASCII enclosure URLs), the Podcasting 2.0 namespace's (podcast:guid
// form, person roles and groups, transcript types) and RSS's (unique guids,
// dates, duplicate enclosures). Artwork pixels are checked by CheckArtwork.
func Check(doc []byte) []Problem {
	var d checkDoc
	if err := xml.NewDecoder(bytes.NewReader(skipContent(doc))).Decode(&d); err != nil {
		return []Problem{{Error, "", "xml", fmt.Sprintf("not a well-formed RSS document: %v", err)}}
	}
	ps := channelRules(&d)
	if d.Channel == nil {
		return ps
	}
	facts := make([]itemFacts, len(d.Channel.Items))
	for n := range d.Channel.Items {
		var ips []Problem
		facts[n], ips = itemRules(n, &d.Channel.Items[n])
		ps = append(ps, ips...)
	}
	return append(ps, uniqueRules(facts)...)
}

// checkDocument is Check for a feed rendered in pieces (feedDoc): the
// document without items is read as a whole, each item on its own (in
// parallel), and what must be unique across items is compared last. The
// problems are Check's on the joined bytes. Items in known (rendered and
// found clean by an earlier build, whose facts the cache kept) are not read
// again.
func checkDocument(d feedDoc, known []*itemFacts) docCheck {
	res := docCheck{
		problems: Check(append(d.head[:len(d.head):len(d.head)], d.tail...)),
		facts:    make([]itemFacts, len(d.pieces)),
		clean:    make([]bool, len(d.pieces)),
	}
	probs := make([][]Problem, len(d.pieces))
	idx := make([]int, 0, len(d.pieces))
	for n := range d.pieces {
		if n < len(known) && known[n] != nil {
			res.facts[n], res.clean[n] = *known[n], true
			continue
		}
		idx = append(idx, n)
	}
	parallel(idx, func(n int) {
		res.facts[n], probs[n] = checkItemXML(n, d.pieces[n])
		res.clean[n] = len(Errors(probs[n])) == 0
	})
	for _, p := range probs {
		res.problems = append(res.problems, p...)
	}
	res.problems = append(res.problems, uniqueRules(res.facts)...)
	return res
}

// docCheck is what checkDocument found.
type docCheck struct {
	problems []Problem
	facts    []itemFacts // of each item
	clean    []bool      // the item broke no rule of its own
}

// itemRoot declares the document's namespaces around an item checked on
// its own.
const itemRoot = `<x xmlns:itunes="` + nsItunes + `" xmlns:podcast="` + nsPodcast + `" xmlns:content="` + nsContent + `" xmlns:atom="` + nsAtom + `">`

// checkItemXML checks one rendered item on its own, inside an element that
// declares the document's namespaces.
func checkItemXML(n int, item []byte) (itemFacts, []Problem) {
	doc := make([]byte, 0, len(item)/2+len(itemRoot)+8)
	doc = append(appendSkipContent(append(doc, itemRoot...), item), "</x>"...)
	if it, ok := readItem(doc); ok {
		return itemRules(n, &it)
	}
	it, err := unmarshalItem(doc)
	if err != nil {
		where := fmt.Sprintf("#%d", n+1)
		return itemFacts{Where: where}, []Problem{{Error, where, "xml", err.Error()}}
	}
	return itemRules(n, &it)
}

// unmarshalItem reads an item document with encoding/xml.
func unmarshalItem(doc []byte) (checkItem, error) {
	var w struct {
		Items []checkItem `xml:"item"`
		Other []struct {
			XMLName xml.Name
		} `xml:",any"`
	}
	if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&w); err != nil {
		return checkItem{}, fmt.Errorf("not a well-formed RSS document: %v", err)
	}
	if len(w.Items) != 1 || len(w.Other) != 0 {
		return checkItem{}, errors.New("not one item element")
	}
	return w.Items[0], nil
}

// channelRules are the rules of the document and its channel.
func channelRules(d *checkDoc) []Problem {
	var ps []Problem
	add := func(sev Severity, item, rule, format string, args ...any) {
		ps = append(ps, Problem{sev, item, rule, fmt.Sprintf(format, args...)})
	}
	if d.Version != "2.0" {
		add(Error, "", "rss/version", "rss version is %q, want 2.0", d.Version)
	}
	ch := d.Channel
	if ch == nil {
		add(Error, "", "rss/channel", "no channel")
		return ps
	}
	if t, _ := find(ch.Titles, ""); strings.TrimSpace(t.Text) == "" {
		add(Error, "", "apple/required", "no title")
	}
	if strings.TrimSpace(ch.Description) == "" {
		add(Error, "", "apple/required", "no description")
	} else if n := len(ch.Description); n > maxDescriptionBytes {
		add(Error, "", "apple/length", "description is %d bytes; Apple allows %d", n, maxDescriptionBytes)
	}
	if ch.Language == "" {
		add(Error, "", "apple/required", "no language")
	}
	if l, _ := find(ch.Links, ""); strings.TrimSpace(l.Text) == "" {
		add(Warning, "", "rss/link", "no link to the podcast's web page")
	}
	if img, ok := find(ch.Images, nsItunes); !ok || img.Href == "" {
		add(Error, "", "apple/required", "no itunes:image")
	} else {
		checkURL(add, "", "itunes:image", img.Href)
	}
	if ch.Explicit == nil {
		add(Error, "", "apple/required", "no itunes:explicit")
	} else if *ch.Explicit != "true" && *ch.Explicit != "false" {
		add(Error, "", "apple/explicit", "itunes:explicit is %q; Apple accepts true or false", *ch.Explicit)
	}
	if ch.Author == "" {
		add(Warning, "", "apple/author", "no itunes:author")
	}
	if ch.Owner == nil || ch.Owner.Email == "" {
		add(Warning, "", "apple/owner", "no itunes:owner email: Apple mails the owner to verify the feed")
	}
	if len(ch.Categories) == 0 {
		add(Error, "", "apple/required", "no itunes:category")
	}
	for _, c := range ch.Categories {
		if err := CheckCategory(c.Text, ""); err != nil {
			add(Error, "", "apple/category", "%v", err)
			continue
		}
		for _, s := range c.Subs {
			if err := CheckCategory(c.Text, s.Text); err != nil {
				add(Error, "", "apple/category", "%v", err)
			}
		}
	}
	if ch.Type != nil && *ch.Type != "episodic" && *ch.Type != "serial" {
		add(Error, "", "apple/type", "itunes:type is %q; want episodic or serial", *ch.Type)
	}
	if ch.GUID != nil {
		if u, err := uuid.Parse(*ch.GUID); err != nil || u.Version() != 5 {
			add(Error, "", "podcast/guid", "podcast:guid %q is not a UUIDv5", *ch.GUID)
		}
	}
	if ch.Locked != nil && *ch.Locked != "yes" && *ch.Locked != "no" {
		add(Error, "", "podcast/locked", "podcast:locked is %q; want yes or no", *ch.Locked)
	}

	return ps
}

// itemFacts is what must be unique across items, and how problems name
// the item.
type itemFacts struct {
	Where, GUID, Enclosure string
}

// itemRules are the rules of one item, the n-th (from 0).
func itemRules(n int, it *checkItem) (itemFacts, []Problem) {
	var ps []Problem
	add := func(sev Severity, item, rule, format string, args ...any) {
		ps = append(ps, Problem{sev, item, rule, fmt.Sprintf(format, args...)})
	}
	t, _ := find(it.Titles, "")
	where := fmt.Sprintf("#%d", n+1)
	if it.GUID != nil && it.GUID.Value != "" {
		where = it.GUID.Value
	} else if t.Text != "" {
		where = t.Text
	}
	facts := itemFacts{Where: where}
	if strings.TrimSpace(t.Text) == "" {
		add(Error, where, "apple/required", "no title")
	}
	if n := len(it.Description); n > maxDescriptionBytes {
		add(Error, where, "apple/length", "description is %d bytes; Apple allows %d", n, maxDescriptionBytes)
	}
	if n := len(it.Summary); n > maxDescriptionBytes {
		add(Error, where, "apple/length", "itunes:summary is %d bytes; Apple allows %d", n, maxDescriptionBytes)
	}
	switch {
	case it.GUID == nil || strings.TrimSpace(it.GUID.Value) == "":
		add(Error, where, "rss/guid", "no guid")
	default:
		g := it.GUID.Value
		facts.GUID = g
		isURL := strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://")
		if !isURL && it.GUID.IsPermaLink != "false" {
			add(Warning, where, "rss/guid", "guid %q is not a URL but lacks isPermaLink=\"false\"", g)
		}
	}
	if it.PubDate == "" {
		add(Error, where, "rss/pubDate", "no pubDate")
	} else if _, err := parseRSSDate(it.PubDate); err != nil {
		add(Error, where, "rss/pubDate", "pubDate %q is not an RFC 822 date", it.PubDate)
	}
	if e := it.Enclosure; e == nil {
		add(Error, where, "apple/required", "no enclosure")
	} else {
		checkURL(add, where, "enclosure", e.URL)
		facts.Enclosure = e.URL
		if l, err := strconv.ParseInt(e.Length, 10, 64); err != nil || l <= 0 {
			add(Error, where, "apple/enclosure", "enclosure length %q is not a positive number of bytes", e.Length)
		}
		if !strings.HasPrefix(e.Type, "audio/") && !strings.HasPrefix(e.Type, "video/") {
			add(Error, where, "apple/enclosure", "enclosure type %q is not audio or video", e.Type)
		}
	}
	if it.Duration == "" {
		add(Warning, where, "apple/duration", "no itunes:duration")
	} else if !durationRe.MatchString(it.Duration) {
		add(Error, where, "apple/duration", "itunes:duration %q is not seconds or [HH:]MM:SS", it.Duration)
	}
	if it.Explicit != nil && *it.Explicit != "true" && *it.Explicit != "false" {
		add(Error, where, "apple/explicit", "itunes:explicit is %q; Apple accepts true or false", *it.Explicit)
	}
	if t := it.EpisodeType; t != nil && *t != "full" && *t != "trailer" && *t != "bonus" {
		add(Error, where, "apple/episodeType", "itunes:episodeType is %q; want full, trailer or bonus", *t)
	}
	for _, p := range it.Persons {
		if err := CheckPersonRole(p.Role, p.Group); err != nil {
			add(Error, where, "podcast/person", "podcast:person %s: %v", p.Name, err)
		}
	}
	for _, tr := range it.Transcripts {
		if !transcriptTypes[tr.Type] {
			add(Error, where, "podcast/transcript", "podcast:transcript type %q is not one of the namespace's", tr.Type)
		}
		checkURL(add, where, "podcast:transcript", tr.URL)
	}
	return facts, ps
}

// uniqueRules: guids and enclosure URLs repeat in no two items.
func uniqueRules(items []itemFacts) []Problem {
	var ps []Problem
	guids := make(map[string]int, len(items))
	enclosures := make(map[string]int, len(items))
	for n, f := range items {
		if f.GUID != "" {
			if prev, dup := guids[f.GUID]; dup {
				ps = append(ps, Problem{Error, f.Where, "rss/guid", fmt.Sprintf("guid %q repeats item #%d", f.GUID, prev)})
			} else {
				guids[f.GUID] = n + 1
			}
		}
		if f.Enclosure != "" {
			if prev, dup := enclosures[f.Enclosure]; dup {
				ps = append(ps, Problem{Error, f.Where, "rss/enclosure", fmt.Sprintf("enclosure URL %s repeats item #%d", f.Enclosure, prev)})
			} else {
				enclosures[f.Enclosure] = n + 1
			}
		}
	}
	return ps
}

// checkURL: Apple wants absolute http(s) URLs made of ASCII characters.
func checkURL(add func(Severity, string, string, string, ...any), where, what, raw string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add(Error, where, "apple/url", "%s URL %q is not an absolute http(s) URL", what, raw)
		return
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] >= 0x80 || raw[i] <= ' ' {
			add(Error, where, "apple/url", "%s URL %q is not ASCII-only", what, raw)
			return
		}
	}
}

func parseRSSDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

var transcriptTypes = map[string]bool{
	"text/html": true, "text/plain": true, "text/vtt": true, "application/x-subrip": true,
	"application/srt": true, "application/json": true,
}

var (
	contentOpen  = []byte("<content:encoded>")
	contentClose = []byte("</content:encoded>")
	cdataOpen    = []byte("<![CDATA[")
	cdataClose   = []byte("]]>")
)

// skipContent empties content:encoded elements made only of CDATA
// sections before the document is decoded: no rule reads them, and they
// are most of a feed's bytes (encoding/xml reads CDATA a byte at a time).
// An element of any other shape is left as it is.
func skipContent(doc []byte) []byte {
	if !bytes.Contains(doc, contentOpen) {
		return doc
	}
	return appendSkipContent(make([]byte, 0, len(doc)/2), doc)
}

// appendSkipContent appends doc to out, skipping content as skipContent.
func appendSkipContent(out, doc []byte) []byte {
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
		if j <= 0 || !bytes.HasPrefix(body[j:], contentClose) {
			// Not only CDATA: keep it, and go on after the opening tag.
			out = append(out, rest[:i+len(contentOpen)]...)
			rest = body
			continue
		}
		out = append(out, rest[:i+len(contentOpen)]...)
		rest = body[j:]
	}
	return append(out, rest...)
}
