package rss

import (
	"testing"
	"time"
)

// TestSelfOf: the feed's own URL is read from the channel before its
// items, and a head that does not decode gives none.
func TestSelfOf(t *testing.T) {
	doc, err := Render(Channel{Title: "t", Description: "d", FeedURL: "https://x.org/a/feed.xml"},
		[]Episode{{GUID: "g", Title: "g", Description: "d", Date: time.Unix(1e9, 0), URL: "https://x.org/a.mp3", Length: 1, Type: "audio/mpeg", Duration: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		doc  []byte
		want string
	}{
		"a feed":             {doc, "https://x.org/a/feed.xml"},
		"cut in an item":     {doc[:len(doc)-40], "https://x.org/a/feed.xml"},
		"not a feed":         {[]byte("<html>"), ""},
		"nothing":            {nil, ""},
		"a feed without one": {[]byte(`<rss version="2.0"><channel><title>t</title></channel></rss>`), ""},
	} {
		if got := SelfOf(tt.doc); got != tt.want {
			t.Errorf("%s: SelfOf = %q, want %q", name, got, tt.want)
		}
	}
}
