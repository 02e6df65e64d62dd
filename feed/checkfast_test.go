package feed

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// itemDocs are item documents of every shape: the items of a rendered
// feed, each case of TestCheck, and shapes readItem leaves to encoding/xml.
func itemDocs(t testing.TB) []string {
	good := goodFeed(t)
	var items []string
	for _, it := range strings.Split(good, "<item>")[1:] {
		items = append(items, "<item>"+it[:strings.Index(it, "</item>")]+"</item>")
	}
	docs := []string{}
	for _, it := range items {
		docs = append(docs, itemRoot+"\n    "+it+"\n</x>")
	}
	it := items[0]
	for _, i := range items {
		if strings.Contains(i, "<podcast:person") {
			it = i
		}
	}
	for _, edit := range [][2]string{
		{"<title>", "<title a=\"1\">"},
		{"</title>", "</titl>"},
		{"<pubDate>", "<!-- c --><pubDate>"},
		{"<pubDate>", "<pubDate><b>x</b>"},
		{"<guid", "<guid xmlns=\"urn:x\""},
		{"<guid", "<foo:guid"},
		{`isPermaLink="false"`, `isPermaLink="false" isPermaLink="true"`},
		{"<description>", "<description>a&amp;b<![CDATA[<c>]]>"},
		{"<description>", "<description>&bogus;"},
		{"<itunes:duration>", "<itunes:duration>1</itunes:duration><itunes:duration>"},
		{"</item>", "</item><item></item>"},
		{"</item>", "</item>text"},
		{"<title>", "<atom:title>x</atom:title><title>"},
		{"<podcast:person", "<podcast:person role=\"host\"></podcast:person><podcast:person"},
		{"<description>", "<description>&#x4E2D;&#20013;&lt;&gt;&quot;&apos;"},
		{"<description>", "<description>&#0;"},
		{"<description>", "<description>&#xD800;"},
		{"<description>", "<description>a]]>b"},
		{"<description>", "<description>a\rb"},
		{"<description>", "<description>\x01"},
		{"<description>", "<description>\xff"},
		{`isPermaLink="false"`, `isPermaLink='false'`},
		{`isPermaLink="false"`, `isPermaLink="&amp;x"`},
		{"<pubDate>", "<pubDate  >"},
		{"</pubDate>", "</pubDate >"},
	} {
		if !strings.Contains(it, edit[0]) {
			t.Fatalf("item has no %q", edit[0])
		}
		docs = append(docs, itemRoot+strings.Replace(it, edit[0], edit[1], 1)+"</x>")
	}
	return docs
}

// TestReadItem: whenever the fast reader reads an item, it reads what
// encoding/xml does; what it declines, encoding/xml reads.
func TestReadItem(t *testing.T) {
	fast := 0
	for _, doc := range itemDocs(t) {
		got, ok := readItem([]byte(doc))
		want, err := unmarshalItem([]byte(doc))
		if !ok {
			continue
		}
		fast++
		if err != nil {
			t.Errorf("readItem read a document encoding/xml refuses (%v):\n%s", err, doc)
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("readItem = %+v\nencoding/xml = %+v\n%s", got, want, doc)
		}
	}
	if fast < 3 {
		t.Errorf("readItem read only %d documents: the rendered items must take the fast path", fast)
	}
}

func FuzzReadItem(f *testing.F) {
	for _, doc := range itemDocs(f) {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, ok := readItem(doc)
		if !ok {
			return
		}
		want, err := unmarshalItem(doc)
		if err != nil {
			t.Fatalf("readItem read a document encoding/xml refuses (%v)", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("readItem = %+v\nencoding/xml = %+v", got, want)
		}
	})
}

// plainCharsByRune is plainChars by its definition, a rune at a time.
func plainCharsByRune(b []byte) bool {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == '\r' || !xmlChar(r) {
			return false
		}
		i += size
	}
	return true
}

var plainCharsCases = []string{"", "plain", "中文，标点。", "tab\tnewline\n", "cr\r", "nul\x00", "\x1f", "\x7f",
	"\uFFFD", "\uFFFE", "\uFFFF", "x\xef\xbf", "\xef\xbf\xbe", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\U0010FFFF", "\xff", "a\xc3"}

// TestPlainChars: plainChars is its definition, on every boundary case.
func TestPlainChars(t *testing.T) {
	for _, s := range plainCharsCases {
		if got, want := plainChars([]byte(s)), plainCharsByRune([]byte(s)); got != want {
			t.Errorf("plainChars(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzPlainChars(f *testing.F) {
	for _, s := range plainCharsCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := plainChars(b), plainCharsByRune(b); got != want {
			t.Errorf("plainChars(%q) = %v, want %v", b, got, want)
		}
	})
}

// valuesAgree fails unless checkValues, when it answers, answers what
// reading the encoded item does; it returns whether it answered.
func valuesAgree(t *testing.T, doc rssItem) bool {
	t.Helper()
	b, err := encodeItem(&doc)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := doc.checkValues()
	if !ok {
		return false
	}
	xmlDoc := []byte(itemRoot + string(b) + "</x>")
	want, fast := readItem(skipContent(xmlDoc))
	if !fast {
		if want, err = unmarshalItem(xmlDoc); err != nil {
			t.Fatalf("checkValues answered for an item encoding/xml cannot read (%v):\n%s", err, b)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("checkValues = %+v\nread from the bytes = %+v\n%s", got, want, b)
	}
	return true
}

// TestCheckValues: for episodes of every shape, checkValues gives what
// reading the rendered item gives, and leaves to reading the items whose
// texts encoding/xml would change.
func TestCheckValues(t *testing.T) {
	ch := Channel{Title: "t", Description: "d", Link: "https://x.org/", Language: "zh-cn", Author: "a",
		ImageURL: "https://x.org/a.jpg", FeedURL: "https://x.org/feed.xml"}
	full := Episode{GUID: "gnews-1", Title: "一", Description: "编者按", Date: time.Unix(1e9, 0), URL: "https://x.org/1.mp3",
		Length: 10, Type: "audio/mpeg", Duration: time.Minute, ImageURL: "https://x.org/1.jpg", ContentHTML: "<p>正文</p>",
		Persons: []Person{{"战友520", "narrator", "cast"}, {"南雁", "editor", "writing"}}, TranscriptURL: "https://x.org/1.html"}
	edit := func(f func(*Episode)) Episode {
		e := full
		e.Persons = append([]Person(nil), full.Persons...)
		f(&e)
		return e
	}
	answered := []Episode{
		full,
		{},
		edit(func(e *Episode) { e.Persons, e.TranscriptURL, e.ContentHTML, e.ImageURL = nil, "", "", "" }),
		edit(func(e *Episode) { e.Title, e.Description = `<a href="x">&amp;'`, "a]]>b]]]]>c\t\n  " }),
		edit(func(e *Episode) { e.Description = strings.Repeat("长", 1400) }),
		edit(func(e *Episode) { e.GUID, e.Explicit = "https://x.org/1", true }),
		edit(func(e *Episode) { e.Persons = append(e.Persons, Person{Name: "无名"}) }),
		edit(func(e *Episode) { e.URL, e.Type, e.Length, e.Duration = "", "", 0, 0 }),
		edit(func(e *Episode) { e.ContentHTML = "a\x00\r\xff]]>" }), // content:encoded is not read
		edit(func(e *Episode) { e.Link = "\x01\r" }),                // nor the link: escaped or replaced
	}
	// Shapes itemDoc does not make, but the fields allow.
	docEdit := func(f func(*rssItem)) rssItem {
		doc := itemDoc(ch, full, []byte(full.ContentHTML))
		f(&doc)
		return doc
	}
	answeredDocs := []rssItem{
		docEdit(func(it *rssItem) { it.IExplicit, it.IEpisodeType, it.ITitle, it.IDuration = "", "", "", "" }),
		docEdit(func(it *rssItem) { it.ISummary, it.Enclosure, it.Transcript, it.Content = nil, nil, nil, nil }),
		docEdit(func(it *rssItem) { it.GUID.IsPermaLink, it.ISummary.Text = "", "another note" }),
	}
	for n, doc := range answeredDocs {
		if !valuesAgree(t, doc) {
			t.Errorf("item %d: checkValues left a plain item to reading", n)
		}
	}
	if valuesAgree(t, docEdit(func(it *rssItem) { it.ISummary.Text = "\x01" })) {
		t.Error("checkValues answered for a summary that is not plain")
	}
	for n, e := range answered {
		if !valuesAgree(t, itemDoc(ch, e, []byte(e.ContentHTML))) {
			t.Errorf("episode %d: checkValues left a plain item to reading", n)
		}
	}
	for n, f := range []func(*Episode){
		func(e *Episode) { e.Title = "a\rb" },
		func(e *Episode) { e.Description = "\x01" },
		func(e *Episode) { e.Description = "\xff" },
		func(e *Episode) { e.GUID = "\uFFFE" },
		func(e *Episode) { e.Persons[0].Name = "\uFFFF" },
		func(e *Episode) { e.TranscriptURL = "https://x.org/\x00" },
		func(e *Episode) { e.URL = "https://x.org/\t\r" },
	} {
		if e := edit(f); valuesAgree(t, itemDoc(ch, e, []byte(e.ContentHTML))) {
			t.Errorf("edit %d: checkValues answered for an item whose texts are not plain", n)
		}
	}
}
