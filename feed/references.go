package feed

import (
	"encoding/xml"
	"fmt"
)

// References returns every URL a feed document points apps at, each once,
// in document order: the channel's image/url and itunes:image href, and
// each item's enclosure url, itunes:image href and podcast:transcript url.
// Publishing uses it to know which files must be in the bucket before the
// feed is, and which must stay there while the feed is live. Elements are
// matched by namespace, not by prefix, as apps read them.
func References(doc []byte) ([]string, error) {
	type href struct {
		Href string `xml:"href,attr"`
	}
	type link struct {
		URL string `xml:"url,attr"`
	}
	var rss struct {
		XMLName xml.Name `xml:"rss"`
		Channel struct {
			Image struct {
				URL string `xml:"url"`
			} `xml:"image"`
			ITunesImage href `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd image"`
			Items       []struct {
				Enclosure   link   `xml:"enclosure"`
				ITunesImage href   `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd image"`
				Transcripts []link `xml:"https://podcastindex.org/namespace/1.0 transcript"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(doc, &rss); err != nil {
		return nil, fmt.Errorf("not a well-formed RSS document: %w", err)
	}
	var urls []string
	seen := map[string]bool{}
	add := func(u string) {
		if u != "" && !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	ch := rss.Channel
	add(ch.Image.URL)
	add(ch.ITunesImage.Href)
	for _, it := range ch.Items {
		add(it.Enclosure.URL)
		add(it.ITunesImage.Href)
		for _, t := range it.Transcripts {
			add(t.URL)
		}
	}
	return urls, nil
}
