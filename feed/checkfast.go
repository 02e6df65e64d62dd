package feed

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strconv"
	"unicode/utf8"
)

// readItem reads an item document (itemRoot, one item, "</x>", content
// already skipped) into a checkItem, as encoding/xml's Unmarshal would,
// when the document has the plain shape renderItem writes: child elements
// of the item with the declared prefixes, ASCII names, text and CDATA
// without child elements, the five entities and character references, no
// comments, processing instructions, carriage returns or namespace
// declarations. ok is false for anything else, and for anything wrong: the
// full decoder then reads the item and reports.
//
// It is checkItemXML's fast path. encoding/xml reads a byte at a time
// through an interface, about 50 ns a byte here; a build checks every
// item. TestReadItem and FuzzReadItem hold it to encoding/xml's results.
func readItem(doc []byte) (it checkItem, ok bool) {
	if !bytes.HasPrefix(doc, []byte(itemRoot)) {
		return it, false // the prefixes are not bound as itemPrefixes says
	}
	l := &lexer{b: doc, i: len(itemRoot)}
	l.space()
	if !l.literal("<item>") {
		return it, false
	}
	var seen []qname // the single elements read
	for {
		l.space()
		if l.literal("</item>") {
			break
		}
		prefix, local, attrs, empty, ok := l.start()
		if !ok {
			return it, false
		}
		ns, known := itemPrefixes[prefix]
		if !known {
			return it, false
		}
		key := qname{ns, local}
		text := ""
		if !empty {
			if text, ok = l.text(local == "title" || textRead[key]); !ok || !l.end(prefix, local) {
				return it, false
			}
		}
		get := func(name string) string {
			for _, a := range attrs {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
		single := true
		switch {
		case local == "title":
			if len(attrs) > 0 {
				return it, false
			}
			it.Titles = append(it.Titles, nsElem{XMLName: xml.Name{Space: ns, Local: "title"}, Text: text})
			single = false
		case key == (qname{"", "description"}):
			it.Description = text
		case key == (qname{nsItunes, "summary"}):
			it.Summary = text
		case key == (qname{"", "pubDate"}):
			it.PubDate = text
		case key == (qname{"", "guid"}):
			it.GUID = &checkGUID{get("isPermaLink"), text}
		case key == (qname{"", "enclosure"}):
			it.Enclosure = &checkEnclosure{get("url"), get("length"), get("type")}
		case key == (qname{nsItunes, "duration"}):
			it.Duration = text
		case key == (qname{nsItunes, "explicit"}):
			it.Explicit = &text
		case key == (qname{nsItunes, "episodeType"}):
			it.EpisodeType = &text
		case key == (qname{nsPodcast, "person"}):
			it.Persons = append(it.Persons, person{Role: get("role"), Group: get("group"), Name: text})
			single = false
		case key == (qname{nsPodcast, "transcript"}):
			it.Transcripts = append(it.Transcripts, transcript{get("url"), get("type")})
			single = false
		default:
			single = false // not read by the checks
		}
		// Unmarshal keeps the last of repeated elements; leave that to it.
		if single && slices.Contains(seen, key) {
			return it, false
		}
		if single {
			seen = append(seen, key)
		}
	}
	l.space()
	return it, l.literal("</x>") && l.i == len(l.b)
}

// checkValues is the checkItem an XML reader reads from the item
// encoding/xml writes for it, worked out from the values themselves: the
// build checks the items it renders without reading them back. ok is
// false unless every text the checks read, and the CDATA of
// itunes:summary, is plain (plainText): for those, encoding/xml's escaping
// and a reader's unescaping are exact inverses (its other escapes, and
// CDATA, are not). The elements and attributes follow rssItem's fields and
// their tags: TestCheckValues and FuzzArticleToFeed hold the result to
// readItem's and encoding/xml's reading of the rendered bytes.
func (r *rssItem) checkValues() (it checkItem, ok bool) {
	i := &r.Item
	texts := []string{i.Title, r.ITitle, i.Description, i.PubDateFormatted, r.GUID.IsPermaLink, r.GUID.Value,
		i.IDuration, i.IExplicit, r.IEpisodeType}
	it.Titles = []nsElem{{XMLName: xml.Name{Local: "title"}, Text: i.Title}}
	if r.ITitle != "" {
		it.Titles = append(it.Titles, nsElem{XMLName: xml.Name{Space: nsItunes, Local: "title"}, Text: r.ITitle})
	}
	it.Description, it.PubDate, it.Duration = i.Description, i.PubDateFormatted, i.IDuration
	if i.ISummary != nil {
		it.Summary = i.ISummary.Text
		texts = append(texts, it.Summary)
	}
	guid := checkGUID(r.GUID)
	it.GUID = &guid
	if e := i.Enclosure; e != nil {
		it.Enclosure = &checkEnclosure{e.URL, e.LengthFormatted, e.TypeFormatted}
		texts = append(texts, e.URL, e.LengthFormatted, e.TypeFormatted)
	}
	if i.IExplicit != "" {
		it.Explicit = &i.IExplicit
	}
	if r.IEpisodeType != "" {
		it.EpisodeType = &r.IEpisodeType
	}
	for _, p := range r.Persons {
		it.Persons = append(it.Persons, person(p))
		texts = append(texts, p.Role, p.Group, p.Name)
	}
	if t := r.Transcript; t != nil {
		it.Transcripts = append(it.Transcripts, transcript(*t))
		texts = append(texts, t.URL, t.Type)
	}
	for _, s := range texts {
		if !plainText(s) {
			return checkItem{}, false
		}
	}
	return it, true
}

// textRead are the elements besides the titles whose text the checks read;
// the text of any other element is checked, not kept.
var textRead = map[qname]bool{
	{"", "description"}: true, {nsItunes, "summary"}: true, {"", "pubDate"}: true, {"", "guid"}: true,
	{nsItunes, "duration"}: true, {nsItunes, "explicit"}: true, {nsItunes, "episodeType"}: true, {nsPodcast, "person"}: true,
}

// qname is an element's name: its namespace and local name.
type qname struct{ ns, local string }

// itemPrefixes are the prefixes itemRoot declares.
var itemPrefixes = map[string]string{"": "", "itunes": nsItunes, "podcast": nsPodcast, "content": nsContent, "atom": nsAtom}

// lexer reads the plain XML readItem accepts.
type lexer struct {
	b []byte
	i int
}

func (l *lexer) space() {
	for l.i < len(l.b) && (l.b[l.i] == ' ' || l.b[l.i] == '\n' || l.b[l.i] == '\t') {
		l.i++
	}
}

func (l *lexer) literal(s string) bool {
	if bytes.HasPrefix(l.b[l.i:], []byte(s)) {
		l.i += len(s)
		return true
	}
	return false
}

// name reads an ASCII name, without a colon.
func (l *lexer) name() (string, bool) {
	start := l.i
	for l.i < len(l.b) {
		c := l.b[l.i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || l.i > start && (c >= '0' && c <= '9' || c == '-' || c == '.') {
			l.i++
			continue
		}
		break
	}
	if n, ok := knownNames[string(l.b[start:l.i])]; ok { // no copy to look up
		return n, true
	}
	return string(l.b[start:l.i]), l.i > start
}

// knownNames are the names of the elements and attributes podgen writes in
// an item, and its prefixes: read without allocating a string each.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"item", "title", "link", "description", "pubDate", "guid", "isPermaLink", "enclosure", "url", "length", "type",
		"itunes", "author", "summary", "image", "href", "duration", "explicit", "episodeType", "content", "encoded",
		"podcast", "person", "role", "group", "transcript"} {
		m[n] = n
	}
	return m
}()

// qname reads prefix:local or local.
func (l *lexer) qname() (prefix, local string, ok bool) {
	if local, ok = l.name(); !ok {
		return "", "", false
	}
	if l.i < len(l.b) && l.b[l.i] == ':' {
		l.i++
		prefix = local
		if local, ok = l.name(); !ok {
			return "", "", false
		}
	}
	return prefix, local, true
}

// start reads a start tag; empty says it closed itself (<a/>).
func (l *lexer) start() (prefix, local string, attrs []xml.Attr, empty, ok bool) {
	if !l.literal("<") {
		return
	}
	if prefix, local, ok = l.qname(); !ok {
		return
	}
	for {
		sp := l.i
		l.space()
		switch {
		case l.literal("/>"):
			return prefix, local, attrs, true, true
		case l.literal(">"):
			return prefix, local, attrs, false, true
		}
		if l.i == sp { // attributes are set apart by space
			return "", "", nil, false, false
		}
		name, ok := l.name() // no prefixes, so no namespace declarations
		if !ok || name == "xmlns" || !l.literal("=") || l.i >= len(l.b) || l.b[l.i] != '"' && l.b[l.i] != '\'' {
			return "", "", nil, false, false
		}
		quote := l.b[l.i]
		l.i++
		value, ok := l.chars(quote, true)
		if !ok || !l.literal(string(quote)) {
			return "", "", nil, false, false
		}
		for _, a := range attrs {
			if a.Name.Local == name {
				return "", "", nil, false, false
			}
		}
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: name}, Value: value})
	}
}

// end reads the end tag of prefix:local.
func (l *lexer) end(prefix, local string) bool {
	if !l.literal("</") {
		return false
	}
	p, n, ok := l.qname()
	l.space()
	return ok && p == prefix && n == local && l.literal(">")
}

// text reads character data and CDATA sections up to the next tag;
// unless keep, it only checks them and returns "".
func (l *lexer) text(keep bool) (string, bool) {
	var out []byte
	for {
		s, ok := l.chars('<', keep)
		if !ok {
			return "", false
		}
		if !bytes.HasPrefix(l.b[l.i:], []byte("<![CDATA[")) {
			if out == nil {
				return s, true
			}
			return string(append(out, s...)), true
		}
		l.i += len("<![CDATA[")
		end := bytes.Index(l.b[l.i:], []byte("]]>"))
		if end < 0 || !plainChars(l.b[l.i:l.i+end]) {
			return "", false
		}
		if keep {
			out = append(out, s...)
			out = append(out, l.b[l.i:l.i+end]...)
		}
		l.i += end + 3
	}
}

// chars reads text up to stop (not included), replacing references;
// false at '<' (unless stop), at a carriage return, a character XML does
// not allow, "]]>", or a reference it does not know. Unless keep, it only
// checks the text and returns "".
//
// It looks at the whole run at once: the references are ASCII, so they do
// not change whether the run's characters are allowed.
func (l *lexer) chars(stop byte, keep bool) (string, bool) {
	rest := l.b[l.i:]
	n := bytes.IndexByte(rest, stop)
	if n < 0 {
		return "", false
	}
	run := rest[:n]
	if stop != '<' && bytes.IndexByte(run, '<') >= 0 ||
		bytes.IndexByte(run, '\r') >= 0 || bytes.Contains(run, []byte("]]>")) || !plainChars(run) {
		return "", false
	}
	l.i += n
	amp := bytes.IndexByte(run, '&')
	if amp < 0 {
		if !keep {
			return "", true
		}
		return string(run), true
	}
	var out []byte
	if keep {
		out = make([]byte, 0, len(run))
	}
	for amp >= 0 {
		if keep {
			out = append(out, run[:amp]...)
		}
		run = run[amp:]
		end := bytes.IndexByte(run, ';')
		if end < 0 {
			return "", false
		}
		r, ok := reference(string(run[1:end]))
		if !ok {
			return "", false
		}
		if keep {
			out = utf8.AppendRune(out, r)
		}
		run = run[end+1:]
		amp = bytes.IndexByte(run, '&')
	}
	if !keep {
		return "", true
	}
	return string(append(out, run...)), true
}

// reference is the character of an entity or character reference.
func reference(ref string) (rune, bool) {
	switch ref {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	for _, c := range []byte(digits) { // digits only: no sign, no 0x
		if !(c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !xmlChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// plainChars: valid UTF-8 of characters XML allows, no carriage return.
func plainChars(b []byte) bool { return plain(b, utf8.Valid) }

// plainText is plainChars for a string.
func plainText(s string) bool { return plain(s, utf8.ValidString) }

func plain[T string | []byte](b T, valid func(T) bool) bool {
	// Beyond these controls, the only runes of valid UTF-8 that are not
	// XML characters are U+FFFE and U+FFFF (surrogates are not valid
	// UTF-8): EF BF BE and EF BF BF.
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c < 0x20 && c != '\t' && c != '\n':
			return false
		case c == 0xef && i+2 < len(b) && b[i+1] == 0xbf && (b[i+2] == 0xbe || b[i+2] == 0xbf):
			return false
		}
	}
	return valid(b)
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
