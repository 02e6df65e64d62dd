package rss

import (
	"strings"
	"time"
	"unicode/utf8"

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
	Content       string // the body, as HTML (content:encoded); may be empty
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

// MaxDescriptionBytes is Apple's limit on descriptions, which Apple counts
// in bytes (Chinese text is 3 bytes a character); eduncan911/podcast
// counts characters, so the cut is made here.
const MaxDescriptionBytes = 4000

// The namespaces the feed declares.
const (
	NSItunes  = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	NSPodcast = "https://podcastindex.org/namespace/1.0"
	NSContent = "http://purl.org/rss/1.0/modules/content/"
	NSAtom    = "http://www.w3.org/2005/Atom"
)

// nsPodcastLegacy is the Podcasting 2.0 namespace's first URI, which the
// namespace says readers must take for NSPodcast.
const nsPodcastLegacy = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"

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

// NewerFirst is the feed's order: newest first, and by guid among
// episodes of the same date, so the order never depends on the input's.
func NewerFirst(a, b *Episode) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.GUID > b.GUID
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

// xmlText makes s text that an XML document can hold and gives back as
// it is: invalid UTF-8 and the characters XML 1.0 forbids (C0 controls but
// tab and line breaks, U+FFFE, U+FFFF) become U+FFFD, as encoding/xml
// writes them in character data, and carriage returns become line feeds,
// as a reader of a CDATA section finds them. Applied to every value before
// it is checked and encoded, it makes the values the rules read the values
// a reader of the document finds (TestItemRoundTrip).
func xmlText(s string) string {
	if utf8.ValidString(s) && !hasControl(s) && !strings.Contains(s, "\uFFFE") && !strings.Contains(s, "\uFFFF") {
		return s // nearly every text: checked byte by byte, not rune by rune
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case notXMLChar(r):
			return utf8.RuneError
		}
		return r // strings.Map has made invalid UTF-8 utf8.RuneError already
	}, s)
}

// hasControl reports whether s holds an ASCII control character other
// than tab and line feed: the characters XML forbids below U+0080, and the
// carriage returns xmlText replaces.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' {
			return true
		}
	}
	return false
}

// notXMLChar reports whether XML 1.0's Char production leaves r out.
func notXMLChar(r rune) bool {
	return !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF)
}

// ASCIIURL percent-encodes what an ASCII-only URL may not hold (Apple
// wants URLs of ASCII characters): each byte of a non-ASCII character,
// spaces, control characters and the characters URLs never hold bare. It
// is done once: an existing escape (%E6) is left alone, so ASCIIURL of its
// own result changes nothing.
func ASCIIURL(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 || r <= ' ' || r == 0x7f || strings.ContainsRune(urlUnsafe, r) })
	if i < 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := []byte(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f && !strings.ContainsRune(urlUnsafe, rune(c)) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

// urlUnsafe are the ASCII characters a URL never holds bare.
const urlUnsafe = "\"<>\\^`{|}"
