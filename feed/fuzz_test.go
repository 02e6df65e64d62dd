package feed

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/sakurafm/podgen/feed/audio"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// FuzzArticleToFeed: whatever an article file holds, if the parser accepts
// it, the feed rendered from it passes the checks (the renderer, not the
// article, is responsible for a valid feed), the build's check of the
// item's values agrees with podgen check's reading of its bytes, and
// rendering is deterministic.
func FuzzArticleToFeed(f *testing.F) {
	seed, _ := os.ReadFile("testdata/articles/000_ab612374b3f95bb2.txt")
	f.Add(seed)
	f.Add([]byte("## 樱花FM┃a]]>b<c>&d\x01\n` 樱花FM` [轉載自GNews](https://gnews.org/1/)\n【编者按】" + string(bytes.Repeat([]byte("长"), 2000)) + "\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := parse.Parser{}.Parse("f.md", src)
		if err != nil {
			return
		}
		body, err := bodyHTML(a.Body, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := &builder{cfg: Config{BaseURL: "https://x.org"}, ch: rss.Channel{Title: "t", Description: "d", Link: "https://x.org/",
			Language: "zh-cn", Author: "a", OwnerEmail: "o@x.org", ImageURL: "https://x.org/a.jpg", Category: "News",
			FeedURL: "https://x.org/feed.xml"}}
		m := media{Media: audio.Media{Size: 10, Type: audio.TypeMP3, Ext: ".mp3", Duration: time.Second}, src: "x.mp3", md5: "0123456789abcdef"}
		e := b.episode(source{a: &a, date: time.Unix(1e9, 0)}, m, sitePlaces(&a, m, mirrored{}), false)
		e.Content = body
		it := rss.NewItem(b.ch, e)
		_, built := rss.CheckItem(0, &it)
		doc, err := rss.Render(b.ch, []rss.Episode{e})
		if err != nil {
			t.Fatal(err)
		}
		checked := rss.Check(doc)
		if ps := rss.Errors(checked); len(ps) > 0 {
			t.Fatalf("a parsed article gave a feed with problems: %v\n%s", ps, doc)
		}
		if len(built) != len(checked) {
			t.Fatalf("the build found %v, podgen check %v", built, checked)
		}
		again, _ := rss.Render(b.ch, []rss.Episode{e})
		if !bytes.Equal(doc, again) {
			t.Fatal("two renders differ")
		}
	})
}
