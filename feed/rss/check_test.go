package rss

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"
)

func goodFeed(t testing.TB) string {
	t.Helper()
	ch := Channel{Title: "t", Description: "d", Link: "https://x.org/", Language: "zh-cn", Author: "a",
		OwnerEmail: "o@x.org", ImageURL: "https://x.org/a.jpg", Category: "News", Subcategory: "Politics",
		FeedURL: "https://x.org/feed.xml"}
	eps := []Episode{
		{GUID: "gnews-1", Title: "one", Description: "d1", Date: time.Unix(1e9, 0), URL: "https://x.org/1.mp3", Length: 10,
			Type: "audio/mpeg", Duration: time.Minute, Persons: []Person{{"n", "narrator", "cast"}}, TranscriptURL: "https://x.org/1.html"},
		{GUID: "gnews-2", Title: "two", Description: "d2", Date: time.Unix(2e9, 0), URL: "https://x.org/2.mp3", Length: 20,
			Type: "audio/mpeg", Duration: time.Minute},
	}
	b, err := Render(ch, eps)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCheck breaks one rule at a time in a good feed.
func TestCheck(t *testing.T) {
	good := goodFeed(t)
	if ps := Check([]byte(good)); len(ps) != 0 {
		t.Fatalf("good feed has problems: %v", ps)
	}
	long := strings.Repeat("长", 1334) // 4002 bytes
	tests := []struct {
		name, old, new string
		want           string // the rule of the one expected problem
		sev            Severity
	}{
		{"not xml", "</rss>", "", "xml", Error},
		{"no channel title", "<title>t</title>", "<title></title>", "apple/required", Error},
		{"no language", "<language>zh-cn</language>", "", "apple/required", Error},
		{"a language by name", "<language>zh-cn</language>", "<language>chinese</language>", "apple/language", Error},
		{"description over 4000 bytes", "<description>d</description>", "<description>" + long + "</description>", "apple/length", Error},
		{"unknown category", `text="News"`, `text="Newz"`, "apple/category", Error},
		{"unknown subcategory", `text="Politics"`, `text="Politic"`, "apple/category", Error},
		{"old explicit value", "<itunes:explicit>false</itunes:explicit>\n    <itunes:owner>", "<itunes:explicit>no</itunes:explicit>\n    <itunes:owner>", "apple/explicit", Error},
		{"no artwork", `<itunes:image href="https://x.org/a.jpg"></itunes:image>` + "\n    <itunes:explicit>", "<itunes:explicit>", "apple/required", Error},
		{"no owner email", "<itunes:email>o@x.org</itunes:email>", "", "apple/owner", Warning},
		{"owner email that is none", "<itunes:email>o@x.org</itunes:email>", "<itunes:email>not-an-email</itunes:email>", "apple/owner", Error},
		{"owner email with a name", "<itunes:email>o@x.org</itunes:email>", "<itunes:email>O &lt;o@x.org&gt;</itunes:email>", "apple/owner", Error},
		{"bad type", "<itunes:type>episodic</itunes:type>", "<itunes:type>daily</itunes:type>", "apple/type", Error},
		{"podcast:guid not v5", "<podcast:guid>", "<podcast:guid>x", "podcast/guid", Error},
		{"locked value", "<podcast:locked>no</podcast:locked>", "<podcast:locked>true</podcast:locked>", "podcast/locked", Error},
		{"duplicate guid", "gnews-2</guid>", "gnews-1</guid>", "rss/guid", Error},
		{"guid without isPermaLink=false", `<guid isPermaLink="false">gnews-1`, `<guid>gnews-1`, "rss/guid", Warning},
		{"no guid", `<guid isPermaLink="false">gnews-1</guid>`, "", "rss/guid", Error},
		{"duplicate enclosure", "https://x.org/2.mp3", "https://x.org/1.mp3", "rss/enclosure", Error},
		{"bad pubDate", "<pubDate>Sun, 09 Sep 2001", "<pubDate>2001-09-09", "rss/pubDate", Error},
		{"no enclosure", `<enclosure url="https://x.org/1.mp3" length="10" type="audio/mpeg"></enclosure>`, "", "apple/required", Error},
		{"zero length", `length="10"`, `length="0"`, "apple/enclosure", Error},
		{"not audio", `length="10" type="audio/mpeg"`, `length="10" type="text/html"`, "apple/enclosure", Error},
		{"non-ASCII URL", "https://x.org/1.mp3", "https://x.org/樱花.mp3", "apple/url", Error},
		{"relative URL", "https://x.org/1.mp3", "/1.mp3", "apple/url", Error},
		{"bad duration", "<itunes:duration>60</itunes:duration>\n      <itunes:explicit>false</itunes:explicit>\n      <guid isPermaLink=\"false\">gnews-1", "<itunes:duration>1 min</itunes:duration>\n      <itunes:explicit>false</itunes:explicit>\n      <guid isPermaLink=\"false\">gnews-1", "apple/duration", Error},
		{"episode type", "<itunes:episodeType>full</itunes:episodeType>\n      <podcast:person", "<itunes:episodeType>extra</itunes:episodeType>\n      <podcast:person", "apple/episodeType", Error},
		{"unknown person role", `role="narrator" group="cast"`, `role="publisher" group="cast"`, "podcast/person", Error},
		{"role in the wrong group", `role="narrator" group="cast"`, `role="narrator" group="writing"`, "podcast/person", Error},
		{"transcript type", `type="text/html"`, `type="text/markdown"`, "podcast/transcript", Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.old) {
				t.Fatalf("the good feed has no %q", tt.old)
			}
			doc := strings.Replace(good, tt.old, tt.new, 1)
			ps := Check([]byte(doc))
			if len(ps) != 1 || ps[0].Rule != tt.want || ps[0].Severity != tt.sev {
				t.Fatalf("problems = %v, want one %s %s", ps, tt.sev, tt.want)
			}
		})
	}
}

// TestCheckDocument: what is wrong with a document as a whole is said
// first, with its line when it is not XML, rather than only as the tags it
// hides.
func TestCheckDocument(t *testing.T) {
	good := goodFeed(t)
	cut := good[:strings.Index(good, "<item>")]
	for _, tc := range []struct {
		name, doc string
		rule, msg string
		line      int
	}{
		{"cut short", cut, "xml", "not well-formed XML: the file ends inside an element (cut short?)", strings.Count(cut, "\n") + 1},
		{"a bad tag", strings.Replace(good, "<channel>", "<channel>\n<a b>", 1), "xml", "not well-formed XML: ", 4},
		{"latin-1", strings.Replace(good, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), "xml", "the document is in ISO-8859-1, not UTF-8", 0},
		{"itunes namespace in capitals", strings.Replace(good, `xmlns:itunes="`+NSItunes, `xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd`, 1),
			"rss/namespace", `xmlns:itunes is "http://www.itunes.com/DTDs/Podcast-1.0.dtd", not "` + NSItunes + `": apps read none of its itunes: tags`, 0},
		{"podcast namespace over http", strings.Replace(good, `xmlns:podcast="`+NSPodcast, `xmlns:podcast="http://podcastindex.org/namespace/1.0`, 1),
			"rss/namespace", `xmlns:podcast is "http://podcastindex.org/namespace/1.0"`, 0},
		{"the podcast namespace's old URI", strings.Replace(good, `xmlns:podcast="`+NSPodcast, `xmlns:podcast="`+nsPodcastLegacy, 1),
			"rss/namespace", `xmlns:podcast is "` + nsPodcastLegacy + `", the namespace's old URI`, 0},
		{"a default namespace", strings.Replace(good, `<rss version="2.0"`, `<rss version="2.0" xmlns="http://example.org/rss"`, 1),
			"rss/namespace", `the rss element declares the default namespace "http://example.org/rss"`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.doc == good {
				t.Fatal("the case changes nothing")
			}
			ps := Check([]byte(tc.doc))
			if len(ps) == 0 {
				t.Fatal("no problem")
			}
			p := ps[0]
			sev := Error
			if tc.name == "the podcast namespace's old URI" {
				sev = Warning // not wrong: readers are to take it for the new one
			}
			if p.Rule != tc.rule || p.Severity != sev || !strings.HasPrefix(p.Message, tc.msg) || p.Line != tc.line {
				t.Errorf("first problem = %+v, want an error %s at line %d starting %q", p, tc.rule, tc.line, tc.msg)
			}
		})
	}
}

func TestRenderLimits(t *testing.T) {
	long := strings.Repeat("樱", 2000) // 6000 bytes
	b, err := Render(Channel{Title: "t", Description: "d"}, []Episode{{GUID: "g", Title: "t", Description: long, Date: time.Unix(0, 1), Duration: 1499 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "<description>樱")
	j := strings.Index(s[i:], "</description>")
	desc := s[i+len("<description>") : i+j]
	if len(desc) > MaxDescriptionBytes || !strings.HasSuffix(desc, "樱…") {
		t.Errorf("description is %d bytes ending %q; want at most %d ending in an ellipsis", len(desc), desc[len(desc)-6:], MaxDescriptionBytes)
	}
	if !strings.Contains(s, "<itunes:duration>1</itunes:duration>") {
		t.Error("duration is not whole seconds, rounded")
	}
	if strings.Contains(s, time.Now().UTC().Format("02 Jan 2006")) {
		t.Error("the feed holds today's date")
	}
}

func TestPodcastGUID(t *testing.T) {
	// The check value of the Podcasting 2.0 specification.
	for _, u := range []string{"https://podnews.net/rss", "http://podnews.net/rss/", "podnews.net/rss"} {
		if got := PodcastGUID(u); got != "9b024349-ccf0-5f69-a609-6b82873eab3c" {
			t.Errorf("PodcastGUID(%q) = %s", u, got)
		}
	}
}

func encodeImage(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckArtwork(t *testing.T) {
	rgb := func(w, h int) image.Image { return image.NewGray(image.Rect(0, 0, w, h)) }
	opaquePNG := func(w, h int) image.Image {
		img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
		return img
	}
	tests := []struct {
		name, file, format string
		img                image.Image
		want               string // "" for no error
	}{
		{"1400 jpeg", "a.jpg", "jpeg", rgb(1400, 1400), ""},
		{"3000 png", "a.png", "png", opaquePNG(3000, 3000), ""},
		{"too small", "a.jpg", "jpeg", rgb(1000, 1000), "1000x1000 is outside 1400-3000 pixels a side"},
		{"too large", "a.jpg", "jpeg", rgb(3001, 3001), "3001x3001 is outside"},
		{"not square", "a.jpg", "jpeg", rgb(1400, 1500), "not square (1400x1500)"},
		{"alpha", "a.png", "png", image.NewNRGBA(image.Rect(0, 0, 1400, 1400)), "has an alpha channel"},
		{"extension lies", "a.png", "jpeg", rgb(1400, 1400), "a JPEG image needs a .jpg extension, not .png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckArtwork(tt.file, bytes.NewReader(encodeImage(t, tt.img, tt.format)))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := CheckArtwork("a.gif", strings.NewReader("GIF89a")); err == nil || !strings.Contains(err.Error(), "not a JPEG or PNG") {
		t.Errorf("gif: err = %v", err)
	}
}

func TestSkipContent(t *testing.T) {
	for in, want := range map[string]string{
		"<a><content:encoded><![CDATA[x]]></content:encoded></a>":                                                        "<a><content:encoded></content:encoded></a>",
		"<content:encoded><![CDATA[a]]]]><![CDATA[>b]]></content:encoded>":                                               "<content:encoded></content:encoded>",
		"<content:encoded>&lt;p&gt;</content:encoded>":                                                                   "<content:encoded>&lt;p&gt;</content:encoded>",
		"<content:encoded><![CDATA[x]]>text</content:encoded>":                                                           "<content:encoded><![CDATA[x]]>text</content:encoded>",
		"<content:encoded><![CDATA[unclosed":                                                                             "<content:encoded><![CDATA[unclosed",
		"<i><content:encoded><![CDATA[1]]></content:encoded></i><i><content:encoded><![CDATA[2]]></content:encoded></i>": "<i><content:encoded></content:encoded></i><i><content:encoded></content:encoded></i>",
		"no content": "no content",
	} {
		if got := string(skipContent([]byte(in))); got != want {
			t.Errorf("skipContent(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckItemURLs: an item's artwork and link must be absolute, ASCII
// http(s) URLs too.
func TestCheckItemURLs(t *testing.T) {
	base := NewItem(testChannel, Episode{GUID: "g", Title: "t", Date: time.Unix(1e9, 0), URL: "https://x.org/a.mp3",
		Length: 1, Type: "audio/mpeg", Duration: time.Second, Link: "https://gnews.org/1/"})
	if _, ps := CheckItem(0, &base); len(ps) != 0 {
		t.Fatalf("good item: %v", ps)
	}
	for name, edit := range map[string]func(*Item){
		"non-ASCII image": func(it *Item) { it.Image = "https://assets.gnews.org/为何.png" },
		"relative link":   func(it *Item) { it.Link = "/zh-hans/1/" },
	} {
		it := base
		edit(&it)
		if _, ps := CheckItem(0, &it); len(ps) != 1 || ps[0].Rule != "apple/url" {
			t.Errorf("%s: %v", name, ps)
		}
	}
}

func TestIsLanguageCode(t *testing.T) {
	for s, want := range map[string]bool{"zh-cn": true, "en": true, "ja": true, "en-US": true, "zh-Hant-TW": true, "haw": true,
		"chinese": false, "zh_cn": false, "中文": false, "en-": false, "e": false, " en": false} {
		if got := IsLanguageCode(s); got != want {
			t.Errorf("IsLanguageCode(%q) = %v, want %v", s, got, want)
		}
	}
}
