package rss

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	ep := func(guid, title, url string, day int) Episode {
		return Episode{GUID: guid, Title: title, Description: "d", Date: time.Date(2022, 5, day, 0, 0, 0, 0, time.UTC),
			URL: url, Length: 1, Type: "audio/mpeg", Duration: time.Second}
	}
	ch := Channel{Title: "t", Description: "d"}
	prev, _ := Render(ch, []Episode{ep("a", "A", "https://x/a.mp3", 1), ep("b", "B", "https://x/b.mp3", 2), ep("c", "C", "https://x/c.mp3", 3)})
	next, _ := Render(ch, []Episode{ep("a", "A", "https://x/a.mp3", 1), ep("b", "B2", "https://x/b2.mp3", 2), ep("d", "D", "https://x/d.mp3", 4)})
	got, err := Diff(prev, next)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{Kind: "new", GUID: "d", Title: "D"},
		{Kind: "changed", GUID: "b", Title: "B2", What: "title, audio"},
		{Kind: "removed", GUID: "c", Title: "C"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	first, err := Diff(nil, next)
	if err != nil || len(first) != 3 || first[0].Kind != "new" {
		t.Errorf("first build: %v %v", first, err)
	}
	if _, err := Diff([]byte("<rss"), next); err == nil {
		t.Error("a broken previous feed is not reported")
	}
}

func TestCheckPrevious(t *testing.T) {
	ep := func(guid string, day int, url string, length int64) Episode {
		return Episode{GUID: guid, Title: guid, Description: "d", Date: time.Date(2022, 5, day, 0, 0, 0, 0, time.UTC),
			URL: url, Length: length, Type: "audio/mpeg", Duration: time.Second}
	}
	ch := Channel{Title: "t", Description: "d"}
	prevDoc, _ := Render(ch, []Episode{ep("a", 1, "https://x/a.mp3", 10), ep("b", 2, "https://x/b.mp3", 20)})
	prev, err := Decode(prevDoc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		next  []Episode
		want  []string // rules
		mayGo map[string]bool
	}{
		{"same", []Episode{ep("a", 1, "https://x/a.mp3", 10), ep("b", 2, "https://x/b.mp3", 20)}, nil, nil},
		{"new episode and new audio URL", []Episode{ep("a", 1, "https://x/a2.mp3", 11), ep("b", 2, "https://x/b.mp3", 20), ep("c", 3, "https://x/c.mp3", 5)}, nil, nil},
		{"guid vanished", []Episode{ep("a", 1, "https://x/a.mp3", 10)}, []string{"previous/guid"}, nil},
		{"pubDate changed", []Episode{ep("a", 9, "https://x/a.mp3", 10), ep("b", 2, "https://x/b.mp3", 20)}, []string{"previous/pubDate"}, nil},
		{"same URL, other length", []Episode{ep("a", 1, "https://x/a.mp3", 99), ep("b", 2, "https://x/b.mp3", 20)}, []string{"previous/enclosure"}, nil},
		// Another podcast's feed: one problem that says so, not a vanished guid each.
		{"no guid in common", []Episode{ep("x", 1, "https://y/x.mp3", 10), ep("y", 2, "https://y/y.mp3", 20), ep("z", 3, "https://y/z.mp3", 30)}, []string{"previous/guid"}, nil},
		// Config removes them: they leave without a word, all of them too
		// (a trial episode before the first real one).
		{"a guid that may go", []Episode{ep("b", 2, "https://x/b.mp3", 20)}, nil, map[string]bool{"a": true}},
		{"every guid may go", []Episode{ep("c", 3, "https://x/c.mp3", 5)}, nil, map[string]bool{"a": true, "b": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := Render(ch, tt.next)
			next, err := Decode(doc)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range next.CheckPrevious(prev, tt.mayGo) {
				got = append(got, p.Rule)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("rules = %v, want %v", got, tt.want)
			}
			if ps := next.CheckPrevious(prev, tt.mayGo); tt.name == "no guid in common" && !strings.HasPrefix(ps[0].Message, `none of the 2 episodes of the previous feed ("t") is in this one: is it this podcast's feed?`) {
				t.Errorf("message = %q", ps[0].Message)
			}
		})
	}
}
