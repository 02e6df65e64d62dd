package rss

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReferences(t *testing.T) {
	// The prefixes are not the usual ones: elements are matched by
	// namespace. The atom:link to the feed itself is not among them; an
	// itunes:image in another namespace is not an iTunes image.
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:i="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:p="https://podcastindex.org/namespace/1.0"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:x="urn:other">
  <channel>
    <title>t</title>
    <link>https://pod.example/fm/</link>
    <image><url>https://pod.example/fm/artwork-1.jpg</url></image>
    <atom:link href="https://pod.example/fm/feed.xml" rel="self"/>
    <i:image href="https://pod.example/fm/artwork-1.jpg"/>
    <item>
      <link>https://pod.example/fm/episodes/1.html</link>
      <enclosure url="https://pod.example/fm/audio/1-aaaaaaaa.mp3" length="3" type="audio/mpeg"/>
      <i:image href="https://covers.example/1.jpg"/>
      <x:image href="https://pod.example/fm/not-an-image.jpg"/>
      <p:transcript url="https://pod.example/fm/transcripts/1.html" type="text/html"/>
      <p:transcript url="https://pod.example/fm/transcripts/1.vtt" type="text/vtt"/>
    </item>
    <item>
      <enclosure url="https://pod.example/fm/audio/2-bbbbbbbb.m4a" length="3" type="audio/mp4"/>
    </item>
  </channel>
</rss>`
	f, err := Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://pod.example/fm/",
		"https://pod.example/fm/artwork-1.jpg",
		"https://pod.example/fm/episodes/1.html",
		"https://pod.example/fm/audio/1-aaaaaaaa.mp3",
		"https://covers.example/1.jpg",
		"https://pod.example/fm/transcripts/1.html",
		"https://pod.example/fm/transcripts/1.vtt",
		"https://pod.example/fm/audio/2-bbbbbbbb.m4a",
	}
	if d := cmp.Diff(want, f.References()); d != "" {
		t.Errorf("References (-want +got):\n%s", d)
	}
	for name, doc := range map[string]string{
		"not XML":     "<rss><channel>",
		"not RSS":     "<feed xmlns='http://www.w3.org/2005/Atom'/>",
		"empty input": "",
	} {
		if _, err := Decode([]byte(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
