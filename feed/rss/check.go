package rss

import (
	"errors"
	"fmt"
	"net/mail"
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
	Line     int    // the document's line, for a document that is not XML; 0 for none
	URL      string // what an online rule asked, said before the message; "" for none
}

func (p Problem) String() string { return p.Severity.String() + ": " + p.Detail() }

// Detail is the problem without its severity: where, what and the rule.
func (p Problem) Detail() string {
	where := "channel"
	switch {
	case p.Item != "":
		where = "item " + p.Item
	case p.Rule == "xml" || p.Rule == "previous/xml":
		where = "document" // it has no channel to speak of
	}
	if p.URL != "" {
		where += ": " + p.URL
	}
	return fmt.Sprintf("%s: %s (%s)", where, p.Message, p.Rule)
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

// Check reads an RSS document and reports every rule it breaks: Apple
// Podcasts' requirements (required tags, byte lengths, categories, explicit
// values, ASCII URLs), the Podcasting 2.0 namespace's (podcast:guid form,
// person roles and groups, transcript types) and RSS's (unique guids,
// dates, duplicate enclosures). Artwork pixels are checked by CheckArtwork.
func Check(doc []byte) []Problem {
	f, err := Decode(doc)
	if err != nil {
		return []Problem{Unreadable(err)}
	}
	return f.Check()
}

// Unreadable is the problem of a document that does not decode: no rule
// can be applied to it.
func Unreadable(err error) Problem {
	if se := (*SyntaxError)(nil); errors.As(err, &se) {
		return Problem{Severity: Error, Rule: "xml", Message: se.Msg, Line: se.Line}
	}
	return Problem{Severity: Error, Rule: "xml", Message: err.Error()}
}

// Check applies every rule to a decoded document.
func (f *Feed) Check() []Problem {
	ps := CheckChannel(f)
	facts := make([]Facts, len(f.Items))
	for n := range f.Items {
		var ips []Problem
		facts[n], ips = CheckItem(n, &f.Items[n])
		ps = append(ps, ips...)
	}
	return append(ps, CheckUnique(facts)...)
}

// CheckChannel applies the rules of the document and its channel; its
// items are not read.
func CheckChannel(f *Feed) []Problem {
	var ps []Problem
	add := func(sev Severity, rule, format string, args ...any) {
		ps = append(ps, Problem{Severity: sev, Item: "", Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	if f.Version != "2.0" {
		add(Error, "rss/version", "rss version is %q, want 2.0", f.Version)
	}
	if ns := f.Declared[""]; ns != "" {
		add(Error, "rss/namespace", "the rss element declares the default namespace %q: RSS 2.0's elements are in none, and apps find no title, link or item in it (remove its xmlns=)", ns)
	}
	for _, n := range []struct{ prefix, uri string }{{"itunes", NSItunes}, {"podcast", NSPodcast}, {"content", NSContent}, {"atom", NSAtom}} {
		got, ok := f.Declared[n.prefix]
		if ok && n.prefix == "podcast" && got == nsPodcastLegacy {
			// The namespace's first URI, which its readers are to take for
			// the same: not wrong, but check reads its tags by the other.
			add(Warning, "rss/namespace", "xmlns:podcast is %q, the namespace's old URI: apps are to read it as %q, and podgen check reads none of its podcast: tags", got, NSPodcast)
			continue
		}
		if ok && got != n.uri {
			add(Error, "rss/namespace", "xmlns:%s is %q, not %q: apps read none of its %s: tags (the namespace is compared letter for letter)", n.prefix, got, n.uri, n.prefix)
		}
	}
	ch := f.Channel
	if ch == nil {
		add(Error, "rss/channel", "no channel")
		return ps
	}
	if strings.TrimSpace(ch.Title) == "" {
		add(Error, "apple/required", "no title")
	}
	if strings.TrimSpace(ch.Description) == "" {
		add(Error, "apple/required", "no description")
	} else if n := len(ch.Description); n > MaxDescriptionBytes {
		add(Error, "apple/length", "description is %d bytes; Apple allows %d", n, MaxDescriptionBytes)
	}
	if ch.Language == "" {
		add(Error, "apple/required", "no language")
	} else if !IsLanguageCode(ch.Language) {
		add(Error, "apple/language", "language %q is not an ISO 639 code, as zh-cn, en or ja", ch.Language)
	}
	if strings.TrimSpace(ch.Link) == "" {
		add(Warning, "rss/link", "no link to the podcast's web page")
	}
	if ch.ITunesImage == "" {
		add(Error, "apple/required", "no itunes:image")
	} else {
		ps = append(ps, checkURL("", "itunes:image", ch.ITunesImage)...)
	}
	if ch.Explicit == nil {
		add(Error, "apple/required", "no itunes:explicit")
	} else if *ch.Explicit != "true" && *ch.Explicit != "false" {
		add(Error, "apple/explicit", "itunes:explicit is %q; Apple accepts true or false", *ch.Explicit)
	}
	if ch.Author == "" {
		add(Warning, "apple/author", "no itunes:author")
	}
	if ch.OwnerEmail == "" {
		add(Warning, "apple/owner", "no itunes:owner email: Apple mails the owner to verify the feed")
	} else if !IsEmail(ch.OwnerEmail) {
		add(Error, "apple/owner", "itunes:email %q is not an email address (name@example.org): Apple mails the owner to verify the feed", ch.OwnerEmail)
	}
	if len(ch.Categories) == 0 {
		add(Error, "apple/required", "no itunes:category")
	}
	for _, c := range ch.Categories {
		if err := CheckCategory(c.Text, ""); err != nil {
			add(Error, "apple/category", "%v", err)
			continue
		}
		for _, s := range c.Subs {
			if err := CheckCategory(c.Text, s); err != nil {
				add(Error, "apple/category", "%v", err)
			}
		}
	}
	if ch.Type != nil && *ch.Type != "episodic" && *ch.Type != "serial" {
		add(Error, "apple/type", "itunes:type is %q; want episodic or serial", *ch.Type)
	}
	if ch.GUID != nil {
		if u, err := uuid.Parse(*ch.GUID); err != nil || u.Version() != 5 {
			add(Error, "podcast/guid", "podcast:guid %q is not a UUIDv5", *ch.GUID)
		}
	}
	if ch.Locked != nil && *ch.Locked != "yes" && *ch.Locked != "no" {
		add(Error, "podcast/locked", "podcast:locked is %q; want yes or no", *ch.Locked)
	}
	return ps
}

// Facts are what must be unique across items, and how problems name the
// item.
type Facts struct {
	Where, GUID, Enclosure string
}

var durationRe = regexp.MustCompile(`^(\d+|\d{1,2}:\d{2}|\d{1,3}:\d{2}:\d{2})$`)

// ItemFacts returns what CheckUnique compares of an item, the n-th (from
// 0), without applying the item's own rules.
func ItemFacts(n int, it *Item) Facts {
	f := Facts{Where: fmt.Sprintf("#%d", n+1)}
	if it.GUID != nil && it.GUID.Value != "" {
		f.Where = it.GUID.Value
	} else if it.Title != "" {
		f.Where = it.Title
	}
	if it.GUID != nil && strings.TrimSpace(it.GUID.Value) != "" {
		f.GUID = it.GUID.Value
	}
	if it.Enclosure != nil {
		f.Enclosure = it.Enclosure.URL
	}
	return f
}

// CheckItem applies the rules of one item, the n-th (from 0), and returns
// what CheckUnique compares across items.
func CheckItem(n int, it *Item) (Facts, []Problem) {
	facts := ItemFacts(n, it)
	where := facts.Where
	var ps []Problem
	add := func(sev Severity, rule, format string, args ...any) {
		ps = append(ps, Problem{Severity: sev, Item: where, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(it.Title) == "" {
		add(Error, "apple/required", "no title")
	}
	if n := len(it.Description); n > MaxDescriptionBytes {
		add(Error, "apple/length", "description is %d bytes; Apple allows %d", n, MaxDescriptionBytes)
	}
	if n := len(it.Summary); n > MaxDescriptionBytes {
		add(Error, "apple/length", "itunes:summary is %d bytes; Apple allows %d", n, MaxDescriptionBytes)
	}
	switch {
	case it.GUID == nil || strings.TrimSpace(it.GUID.Value) == "":
		add(Error, "rss/guid", "no guid")
	default:
		g := it.GUID.Value
		isURL := strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://")
		if !isURL && it.GUID.IsPermaLink != "false" {
			add(Warning, "rss/guid", "guid %q is not a URL but lacks isPermaLink=\"false\"", g)
		}
	}
	if it.PubDate == "" {
		add(Error, "rss/pubDate", "no pubDate")
	} else if _, err := ParseDate(it.PubDate); err != nil {
		add(Error, "rss/pubDate", "pubDate %q is not an RFC 822 date", it.PubDate)
	}
	if e := it.Enclosure; e == nil {
		add(Error, "apple/required", "no enclosure")
	} else {
		ps = append(ps, checkURL(where, "enclosure", e.URL)...)
		if l, err := strconv.ParseInt(e.Length, 10, 64); err != nil || l <= 0 {
			add(Error, "apple/enclosure", "enclosure length %q is not a positive number of bytes", e.Length)
		}
		if !strings.HasPrefix(e.Type, "audio/") && !strings.HasPrefix(e.Type, "video/") {
			add(Error, "apple/enclosure", "enclosure type %q is not audio or video", e.Type)
		}
	}
	if it.Image != "" {
		ps = append(ps, checkURL(where, "itunes:image", it.Image)...)
	}
	if it.Link != "" {
		ps = append(ps, checkURL(where, "link", it.Link)...)
	}
	if it.Duration == "" {
		add(Warning, "apple/duration", "no itunes:duration")
	} else if !durationRe.MatchString(it.Duration) {
		add(Error, "apple/duration", "itunes:duration %q is not seconds or [HH:]MM:SS", it.Duration)
	}
	if it.Explicit != "" && it.Explicit != "true" && it.Explicit != "false" {
		add(Error, "apple/explicit", "itunes:explicit is %q; Apple accepts true or false", it.Explicit)
	}
	if t := it.EpisodeType; t != "" && t != "full" && t != "trailer" && t != "bonus" {
		add(Error, "apple/episodeType", "itunes:episodeType is %q; want full, trailer or bonus", t)
	}
	for _, p := range it.Persons {
		if err := CheckPersonRole(p.Role, p.Group); err != nil {
			add(Error, "podcast/person", "podcast:person %s: %v", p.Name, err)
		}
	}
	for _, tr := range it.Transcripts {
		if !transcriptTypes[tr.Type] {
			add(Error, "podcast/transcript", "podcast:transcript type %q is not one of the namespace's", tr.Type)
		}
		ps = append(ps, checkURL(where, "podcast:transcript", tr.URL)...)
	}
	return facts, ps
}

// CheckUnique: guids and enclosure URLs repeat in no two items.
func CheckUnique(items []Facts) []Problem {
	var ps []Problem
	guids := make(map[string]int, len(items))
	enclosures := make(map[string]int, len(items))
	for n, f := range items {
		if f.GUID != "" {
			if prev, dup := guids[f.GUID]; dup {
				ps = append(ps, Problem{Severity: Error, Item: f.Where, Rule: "rss/guid", Message: fmt.Sprintf("guid %q repeats item #%d", f.GUID, prev)})
			} else {
				guids[f.GUID] = n + 1
			}
		}
		if f.Enclosure != "" {
			if prev, dup := enclosures[f.Enclosure]; dup {
				ps = append(ps, Problem{Severity: Error, Item: f.Where, Rule: "rss/enclosure", Message: fmt.Sprintf("enclosure URL %s repeats item #%d", f.Enclosure, prev)})
			} else {
				enclosures[f.Enclosure] = n + 1
			}
		}
	}
	return ps
}

// checkURL: Apple wants absolute http(s) URLs made of ASCII characters.
func checkURL(where, what, raw string) []Problem {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return []Problem{{Severity: Error, Item: where, Rule: "apple/url", Message: fmt.Sprintf("%s URL %q is not an absolute http(s) URL", what, raw)}}
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] >= 0x80 || raw[i] <= ' ' {
			return []Problem{{Severity: Error, Item: where, Rule: "apple/url", Message: fmt.Sprintf("%s URL %q is not ASCII-only", what, raw)}}
		}
	}
	return nil
}

// ParseDate reads a pubDate: RFC 822 as RSS writes it, with a 4-digit
// year, a numeric zone or a named one.
func ParseDate(s string) (time.Time, error) {
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

// languageCode is a language as RSS and Apple write it: an ISO 639 code
// of two or three letters, with subtags (zh-cn, en-us, zh-Hant-TW).
var languageCode = regexp.MustCompile(`^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$`)

// IsLanguageCode reports whether s is a language code a feed may give.
func IsLanguageCode(s string) bool { return languageCode.MatchString(s) }

// IsEmail reports whether s is an address as itunes:email holds one:
// name@domain.tld, with no name or brackets around it.
func IsEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(strings.Trim(domain, "."), ".")
}
