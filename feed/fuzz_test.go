package feed

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/sakurafm/podgen/parse"
)

// FuzzArticleToFeed: whatever an article file holds, if the parser accepts
// it, the feed rendered from it passes the checks (the renderer, not the
// article, is responsible for a valid feed), the build's check of the
// item's values agrees with reading its bytes, and rendering is
// deterministic.
func FuzzArticleToFeed(f *testing.F) {
	seed, _ := os.ReadFile("testdata/articles/000_ab612374b3f95bb2.txt")
	f.Add(seed)
	f.Add([]byte("## 樱花FM┃a]]>b<c>&d\x01\n` 樱花FM` [轉載自GNews](https://gnews.org/1/)\n【编者按】" + string(bytes.Repeat([]byte("长"), 2000)) + "\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := parse.Parser{}.Parse("f.md", src)
		if err != nil {
			return
		}
		body, err := bodyHTML(&a)
		if err != nil {
			t.Fatal(err)
		}
		ch := Channel{Title: "t", Description: "d", Link: "https://x.org/", Language: "zh-cn", Author: "a",
			OwnerEmail: "o@x.org", ImageURL: "https://x.org/a.jpg", Category: "News", FeedURL: "https://x.org/feed.xml"}
		w := &episodeWork{a: &a, media: Media{Size: 10, Type: typeMP3, Ext: ".mp3", Duration: time.Second},
			sum: "0123456789abcdef", date: time.Unix(1e9, 0), file: "audio/x.mp3", script: "transcripts/x.html"}
		ep := episode("https://x.org", w)
		ep.ContentHTML = body
		doc, err := Render(ch, []Episode{ep})
		if err != nil {
			t.Fatal(err)
		}
		if ps := Errors(Check(doc)); len(ps) > 0 {
			t.Fatalf("a parsed article gave a feed with problems: %v\n%s", ps, doc)
		}
		valuesAgree(t, itemDoc(ch, ep, []byte(ep.ContentHTML)))
		again, _ := Render(ch, []Episode{ep})
		if !bytes.Equal(doc, again) {
			t.Fatal("two renders differ")
		}
	})
}
