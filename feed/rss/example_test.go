package rss_test

import (
	"fmt"

	"github.com/sakurafm/podgen/feed/rss"
)

func ExampleCheck() {
	doc := []byte(`<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>t</title><description>d</description><language>zh-cn</language>
<link>https://example.org/</link><itunes:author>a</itunes:author>
<itunes:owner><itunes:email>o@example.org</itunes:email></itunes:owner>
<itunes:image href="https://example.org/a.jpg"/><itunes:explicit>yes</itunes:explicit>
<itunes:category text="News"/></channel></rss>`)
	for _, p := range rss.Check(doc) {
		fmt.Println(p)
	}
	// Output: error: channel: itunes:explicit is "yes"; Apple accepts true or false (apple/explicit)
}

func ExamplePodcastGUID() {
	fmt.Println(rss.PodcastGUID("https://podnews.net/rss"))
	// Output: 9b024349-ccf0-5f69-a609-6b82873eab3c
}
