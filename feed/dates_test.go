package feed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// TestEpisodeDate: the order dates are taken in, and what is said of each:
// the article's own, config.yaml's (said unused when the article's wins
// over it), the commit's, the site folder's feed.xml's, the file's time.
func TestEpisodeDate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ep.md")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(file, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	own, override := time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	committed, published := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	none := func() map[string]time.Time { return nil }
	site := func() map[string]time.Time { return map[string]time.Time{"file-ep": published} }
	for _, tc := range []struct {
		name      string
		a         parse.Article
		o         Override
		added     map[string]time.Time
		published func() map[string]time.Time
		want      time.Time
		warning   string
	}{
		{"the article's", parse.Article{File: file, Date: own, DateLine: 3}, Override{}, nil, site, own, ""},
		{"the article's over config's", parse.Article{File: file, Date: own, DateLine: 3}, Override{Date: override, Where: "config.yaml:9: episodes.ep"}, nil, none, own,
			file + ":3: its date is the article's, 2024-03-02T00:00:00Z: config.yaml:9: episodes.ep.date, 2024-02-29T00:00:00Z, is not used (remove the article's date for it to be)"},
		{"config's, the same as the article's", parse.Article{File: file, Date: own, DateLine: 3}, Override{Date: own}, nil, none, own, ""},
		{"config's", parse.Article{File: file}, Override{Date: override}, map[string]time.Time{file: committed}, site, override, ""},
		{"the commit's", parse.Article{File: file}, Override{}, map[string]time.Time{file: committed}, site, committed, ""},
		{"the site's", parse.Article{File: file}, Override{}, nil, site, published, "keeping the date the site folder's feed.xml gives it, 2022-06-01T00:00:00Z"},
		{"the file's", parse.Article{File: file}, Override{}, nil, none, mtime, "using the file's modification time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, warning, err := episodeDate(&tc.a, tc.o, tc.added, tc.published)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tc.want) {
				t.Errorf("date %v, want %v", got, tc.want)
			}
			switch {
			case tc.warning == "" && warning != nil:
				t.Errorf("warning %v, want none", warning)
			case tc.warning != "" && (warning == nil || !strings.Contains(warning.Error(), tc.warning)):
				t.Errorf("warning %v, want %q", warning, tc.warning)
			}
		})
	}
}

// TestPubDates: the site folder's feed lends its dates only when it is
// this podcast's feed, or one built to be tried on this machine; not
// another podcast's built into the folder before.
func TestPubDates(t *testing.T) {
	day := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	doc := func(feedURL string) []byte {
		b, err := rss.Render(rss.Channel{Title: "t", Description: "d", FeedURL: feedURL},
			[]rss.Episode{{GUID: "file-ep", Title: "e", Description: "d", Date: day, URL: "https://x.org/e.mp3", Length: 1, Type: "audio/mpeg", Duration: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const here = "https://podcast.example.org/mine/feed.xml"
	for _, tc := range []struct {
		name, self string
		lends      bool
	}{
		{"this podcast's", here, true},
		{"this podcast's, its host in capitals", "https://Podcast.Example.org/mine/feed.xml", true},
		{"one tried on this machine", "http://localhost:8080/feed.xml", true},
		{"another podcast's", "https://other.example.org/feed.xml", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := pubDates(doc(tc.self), here)["file-ep"]
			if ok != tc.lends || ok && !got.Equal(day) {
				t.Errorf("date %v, %v; want it lent: %v", got, ok, tc.lends)
			}
		})
	}
	if len(pubDates(nil, here)) != 0 {
		t.Error("dates from no feed")
	}
}
