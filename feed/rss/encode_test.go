package rss

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testChannel = Channel{Title: "t", Description: "d", Link: "https://x.org/", Language: "zh-cn", Author: "东京樱花团",
	OwnerEmail: "o@x.org", ImageURL: "https://x.org/a.jpg", Category: "News", FeedURL: "https://x.org/feed.xml"}

// roundTrip encodes an item in a document and reads it back.
func roundTrip(t *testing.T, it Item) Item {
	t.Helper()
	doc, err := EncodeChannel(testChannel, time.Unix(1e9, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodeItem(&it)
	if err != nil {
		t.Fatal(err)
	}
	doc.Items = [][]byte{b}
	var out strings.Builder
	doc.WriteTo(&out)
	f, err := Decode([]byte(out.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(f.Items) != 1 {
		t.Fatalf("%d items read back", len(f.Items))
	}
	// Decode leaves content:encoded out (no rule reads it): read it here.
	var c struct {
		Content string `xml:"channel>item>encoded"`
	}
	if err := xml.Unmarshal([]byte(out.String()), &c); err != nil {
		t.Fatal(err)
	}
	got := f.Items[0]
	got.Content = c.Content
	return got
}

// TestItemRoundTrip: the values a build checks (NewItem) are the values a
// reader of the encoded document finds, whatever the episode's text holds.
// This is what lets a build check items without reading them back.
func TestItemRoundTrip(t *testing.T) {
	base := Episode{GUID: "gnews-1", Title: "一", Link: "https://gnews.org/zh-hans/1/", Description: "编者按",
		Content: "<p>正文</p>\n", Date: time.Unix(1e9, 0), URL: "https://x.org/audio/1-0123abcd.mp3", Length: 10,
		Type: "audio/mpeg", Duration: 61 * time.Second, ImageURL: "https://x.org/covers/1.jpg",
		Persons:       []Person{{"战友520", "narrator", "cast"}, {"南雁", "editor", "writing"}},
		TranscriptURL: "https://x.org/transcripts/1.html"}
	tests := map[string]func(e *Episode){
		"plain":              func(e *Episode) {},
		"markup in text":     func(e *Episode) { e.Title = `a <b> & "c" 'd'`; e.Description = "x < y && y > z ]]> w" },
		"cdata end":          func(e *Episode) { e.Content = "<p>]]></p>]]>]]>" },
		"control characters": func(e *Episode) { e.Title = "a\x00b\x01c\x1fd"; e.Description = "\x7f\x0b\ufffe\uffff" },
		"invalid utf-8":      func(e *Episode) { e.Title = "a\xffb\xc3"; e.Content = "\xe6\xa8" },
		"carriage returns":   func(e *Episode) { e.Description = "a\r\nb\rc"; e.Content = "<p>a\r\nb</p>\r" },
		"long description":   func(e *Episode) { e.Description = strings.Repeat("长", 2000) },
		"url with query":     func(e *Episode) { e.URL = "https://x.org/a.mp3?x=1&y=2"; e.ImageURL = "" },
		"guid is a url":      func(e *Episode) { e.GUID = "https://x.org/1" },
		"spaces kept":        func(e *Episode) { e.Title = "  a  b  "; e.Description = "\n\ta\n" },
		"no persons":         func(e *Episode) { e.Persons = nil; e.TranscriptURL = "" },
		"empty texts":        func(e *Episode) { e.Description, e.Content, e.Link = "", "", "" },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			e := base
			edit(&e)
			want := NewItem(testChannel, e)
			if d := cmp.Diff(want, roundTrip(t, want)); d != "" {
				t.Errorf("read back (-checked +read):\n%s", d)
			}
		})
	}
}

func FuzzItemRoundTrip(f *testing.F) {
	f.Add("一", "编者按", "<p>正文</p>", "战友520")
	f.Add("a\x00]]>&<", "\r\n\xff", "]]>]]", "\"'")
	f.Fuzz(func(t *testing.T, title, desc, content, person string) {
		e := Episode{GUID: "g", Title: title, Description: desc, Content: content, Date: time.Unix(1e9, 0),
			URL: "https://x.org/a.mp3", Length: 1, Type: "audio/mpeg", Duration: time.Second,
			Persons: []Person{{person, "narrator", "cast"}}}
		want := NewItem(testChannel, e)
		if d := cmp.Diff(want, roundTrip(t, want)); d != "" {
			t.Errorf("read back (-checked +read):\n%s", d)
		}
	})
}

func TestASCIIURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.org/a.mp3":                   "https://x.org/a.mp3",
		"https://assets.gnews.org/为何台湾.png":     "https://assets.gnews.org/%E4%B8%BA%E4%BD%95%E5%8F%B0%E6%B9%BE.png",
		"https://x.org/樱花FM┃1.jpg":              "https://x.org/%E6%A8%B1%E8%8A%B1FM%E2%94%831.jpg",
		"https://x.org/%E6%A8%B1 a.jpg?q=1&r=2": "https://x.org/%E6%A8%B1%20a.jpg?q=1&r=2",
		"https://x.org/a\"<b>{c}":               "https://x.org/a%22%3Cb%3E%7Bc%7D",
		"https://x.org/\x00\x7f":                "https://x.org/%00%7F",
	} {
		got := ASCIIURL(in)
		if got != want {
			t.Errorf("ASCIIURL(%q) = %q, want %q", in, got, want)
		}
		if again := ASCIIURL(got); again != got {
			t.Errorf("ASCIIURL is not done once: %q, then %q", got, again)
		}
	}
}
