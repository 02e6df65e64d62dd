package feed

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sakurafm/podgen/parse"
)

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }

func md5Prefix(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := md5.Sum(b)
	return hex.EncodeToString(s[:4])
}

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
		{"description over 4000 bytes", "<description>d</description>", "<description>" + long + "</description>", "apple/length", Error},
		{"unknown category", `text="News"`, `text="Newz"`, "apple/category", Error},
		{"unknown subcategory", `text="Politics"`, `text="Politic"`, "apple/category", Error},
		{"old explicit value", "<itunes:explicit>false</itunes:explicit>\n    <itunes:owner>", "<itunes:explicit>no</itunes:explicit>\n    <itunes:owner>", "apple/explicit", Error},
		{"no artwork", `<itunes:image href="https://x.org/a.jpg"></itunes:image>` + "\n    <itunes:explicit>", "<itunes:explicit>", "apple/required", Error},
		{"no owner email", "<itunes:email>o@x.org</itunes:email>", "", "apple/owner", Warning},
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
			// A build checks the same bytes in pieces: the same verdict
			// (an XML error's line number counts from the piece).
			parts := splitFeed(t, doc)
			verdict := func(ps []Problem) []Problem {
				for i := range ps {
					if ps[i].Rule == "xml" {
						ps[i].Message = ""
					}
				}
				return ps
			}
			if got := checkDocument(parts, nil).problems; !reflect.DeepEqual(verdict(got), verdict(ps)) {
				t.Errorf("checkDocument = %v\nCheck = %v", got, ps)
			}
		})
	}
}

// splitFeed cuts a rendered feed into the pieces a build checks.
func splitFeed(t testing.TB, doc string) feedDoc {
	t.Helper()
	end := strings.LastIndex(doc, channelCloser)
	if end < 0 {
		t.Fatalf("no %q", channelCloser)
	}
	items := strings.Split(doc[:end], "\n"+itemIndent+"<item>")
	d := feedDoc{head: []byte(items[0]), tail: []byte(doc[end:])}
	for _, it := range items[1:] {
		d.pieces = append(d.pieces, []byte("\n"+itemIndent+"<item>"+it))
	}
	if len(d.pieces) == 0 {
		t.Fatal("no items")
	}
	return d
}

func TestCheckDocumentKnownItems(t *testing.T) {
	parts := splitFeed(t, goodFeed(t))
	facts, ps := checkItemXML(0, parts.pieces[0])
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	// A known item is not read again: its facts stand for it, and they
	// still take part in the checks across items.
	parts.pieces[0] = []byte("not xml")
	if ps := checkDocument(parts, []*itemFacts{&facts}).problems; len(ps) != 0 {
		t.Fatalf("known item read again: %v", ps)
	}
	dup := parts.pieces[len(parts.pieces)-1]
	other, _ := checkItemXML(0, dup)
	if ps := checkDocument(parts, []*itemFacts{&other}).problems; len(ps) != 2 || ps[0].Rule != "rss/guid" || ps[1].Rule != "rss/enclosure" {
		t.Fatalf("problems = %v, want a repeated guid and enclosure", ps)
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
	if len(desc) > maxDescriptionBytes || !strings.HasSuffix(desc, "樱…") {
		t.Errorf("description is %d bytes ending %q; want at most %d ending in an ellipsis", len(desc), desc[len(desc)-6:], maxDescriptionBytes)
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

func TestMatchAudio(t *testing.T) {
	idx := &audioIndex{dir: "audio", files: map[string]bool{}, byName: map[string]string{}}
	for _, p := range []string{"2455369.mp3", "sub/ep.M4A", "樱花FM-03.m4a", "x y.mp3"} {
		idx.files[p] = true
		idx.byName[strings.ToLower(filepath.Base(p))] = p
	}
	tests := []struct {
		name    string
		a       parse.Article
		o       Override
		want    string
		wantErr string
		noAudio bool
	}{
		{name: "post id", a: parse.Article{File: "a/x.md", PostID: "2455369"}, want: "2455369.mp3"},
		{name: "file stem", a: parse.Article{File: "a/樱花FM-03.md", PostID: "1"}, want: "樱花FM-03.m4a"},
		{name: "article link", a: parse.Article{File: "x.md", Audio: "sub/ep.M4A", AudioLine: 9}, want: "sub/ep.M4A"},
		{name: "article link relative to the archive", a: parse.Article{File: "x.md", Audio: "audio/2455369.mp3"}, want: "2455369.mp3"},
		{name: "escaped link", a: parse.Article{File: "x.md", Audio: "x%20y.mp3"}, want: "x y.mp3"},
		{name: "config", a: parse.Article{File: "x.md", PostID: "9"}, o: Override{Audio: "x y.mp3"}, want: "x y.mp3"},
		{name: "article wins over config", a: parse.Article{File: "x.md", Audio: "2455369.mp3"}, o: Override{Audio: "x y.mp3"}, want: "2455369.mp3"},
		{name: "parent path refused", a: parse.Article{File: "x.md", Audio: "../secret.mp3", AudioLine: 7}, wantErr: `x.md:7: audio path "../secret.mp3" (the article) is outside the audio folder audio`},
		{name: "absolute path refused", a: parse.Article{File: "x.md", Audio: "/etc/x.mp3", AudioLine: 7}, wantErr: `x.md:7: audio path "/etc/x.mp3" (the article) is outside`},
		{name: "sneaky parent refused", a: parse.Article{File: "x.md", Audio: "sub/../../x.mp3", AudioLine: 7}, wantErr: "is outside the audio folder"},
		{name: "remote", a: parse.Article{File: "x.md", Audio: "https://cdn.example.org/樱花 1.mp3", AudioLine: 3}, want: "https://cdn.example.org/%E6%A8%B1%E8%8A%B1%201.mp3"},
		{name: "remote in config", a: parse.Article{File: "x.md", PostID: "2455369"}, o: Override{Audio: "http://cdn.example.org/a.m4a"}, want: "http://cdn.example.org/a.m4a"},
		{name: "other schemes refused", a: parse.Article{File: "x.md", Audio: "ftp://cdn.example.org/a.mp3", AudioLine: 3}, noAudio: true, wantErr: "x.md:3: no audio: the article names ftp://cdn.example.org/a.mp3: only http and https URLs"},
		{name: "named but missing", a: parse.Article{File: "x.md", Audio: "nope.mp3", AudioLine: 3}, noAudio: true, wantErr: `x.md:3: no audio: the article names "nope.mp3"`},
		{name: "nothing", a: parse.Article{File: "x.md", PostID: "7"}, noAudio: true, wantErr: "no audio: none of 7.mp3, 7.m4a, x.mp3, x.m4a in the audio folder audio"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := matchAudio(&tt.a, tt.o, idx)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if isNo := strings.Contains(err.Error(), errNoAudio.Error()); isNo != tt.noAudio {
					t.Errorf("errNoAudio = %v, want %v", isNo, tt.noAudio)
				}
				return
			}
			if err != nil || got.local+got.remote != tt.want {
				t.Fatalf("matchAudio = %+v, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSiteSlug(t *testing.T) {
	for in, want := range map[string]string{"2455369": "2455369", "樱花FM-03": "fm-03-" + md5hex("樱花FM-03")[:6], "樱花": "ep-" + md5hex("樱花")[:8]} {
		if got := siteSlug(in); got != want {
			t.Errorf("siteSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func md5hex(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }

// TestGitHistory makes a repository with set author dates: a file's date is
// the commit that first added it, not a later one that changed it; a shallow
// clone says so.
func TestGitHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, s string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	git("2022-01-01T00:00:00Z", "init", "-q")
	write("articles/a.md", "a")
	write("other/z.md", "z")
	git("2022-01-01T00:00:00Z", "add", ".")
	git("2022-01-01T00:00:00Z", "commit", "-qm", "one")
	write("articles/樱花FM-02.md", "b")
	write("articles/a.md", "a changed")
	git("2022-02-01T00:00:00Z", "add", ".")
	git("2022-02-01T00:00:00Z", "commit", "-qm", "two")

	h, err := ReadGitHistory(t.Context(), filepath.Join(dir, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"a.md":       time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
		"樱花FM-02.md": time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC),
	}
	if d := cmp.Diff(want, h.Added); d != "" || h.Shallow {
		t.Errorf("history (-want +got):\n%s shallow=%v", d, h.Shallow)
	}
	// The same, read in the background for a build (and for another
	// folder, read when asked).
	c := NewCache("")
	c.PrefetchHistory(t.Context(), filepath.Join(dir, "articles"))
	if h, err := c.gitHistory(t.Context(), filepath.Join(dir, "articles")); err != nil || !cmp.Equal(want, h.Added) {
		t.Errorf("prefetched history: %v, %v", h, err)
	}
	if h, err := c.gitHistory(t.Context(), filepath.Join(dir, "other")); err != nil || len(h.Added) != 1 {
		t.Errorf("history of a folder not prefetched: %v, %v", h, err)
	}

	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+dir, clone).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	h, err = ReadGitHistory(t.Context(), filepath.Join(clone, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	if !h.Shallow {
		t.Error("a shallow clone is not reported as shallow")
	}
	if h, err := ReadGitHistory(t.Context(), t.TempDir()); h != nil || err != nil {
		t.Errorf("outside a repository: %v, %v; want nil, nil", h, err)
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
