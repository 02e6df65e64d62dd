// Package feed turns parsed articles into a podcast site folder: it matches
// each episode with its audio, probes the audio's size, type and duration,
// renders an iTunes-compatible RSS feed with Podcasting 2.0 tags, checks it,
// and writes feed.xml, the audio, the transcripts and the artwork.
//
// It is the second stage of podgen's pipeline (parse -> feed -> upload).
// [Build] does the I/O around pure pieces that can be tested alone:
// [Render] (channel and episodes -> RSS bytes, deterministic: no clock, no
// map order), [Check] (RSS bytes -> the rules they break), [Probe] (audio
// headers -> duration) and the matching of articles to audio files.
//
// # Episode by episode
//
// A build renders the feed, the web page and the transcripts in pieces,
// one episode at a time and in parallel: each item is encoded and checked
// on its own (the same bytes and the same verdict as the whole document;
// check_test.go holds them to it), and the pieces are joined around the
// channel. The pieces are what the [Cache] keeps: a rebuild takes every
// episode whose inputs did not change from it, without parsing, rendering
// or checking it again, and renders only the new or changed ones.
//
// A build that will write its site ([Build], and podgen build when the
// articles parsed cleanly) creates an episode's new audio file and
// transcript as soon as they are known, while other episodes are still
// rendered (Config.WriteEarly): a cold build's 20,000 file creations overlap
// its CPU work instead of following it. Only files that do not exist are
// created early; if the build then fails, they are removed again, with the
// folders made for them, so that a failed build leaves the site folder as it
// was. Replacing files that exist, the page and feed.xml wait for Write.
//
// Article bodies are Markdown, rendered by goldmark for content:encoded and
// the transcript pages. Most bodies are plain prose (paragraphs of text,
// images and links and nothing else); proseHTML writes those directly, in
// a sixth of goldmark's time, and hands anything else to goldmark: the same
// bytes either way (TestProseHTML, FuzzProseHTML).
//
// # The site folder
//
//	feed.xml                         written last, atomically
//	artwork-<md5>.jpg                the channel artwork
//	audio/<id>-<8 hex of md5>.mp3    audio, under content-addressed ASCII names
//	transcripts/<id>.html            the article body, the text the narrator reads
//
// Apple requires ASCII URLs, and a new URL whenever a file's bytes change
// (players resume downloads without If-Range), hence the names.
//
// # Extending eduncan911/podcast
//
// github.com/eduncan911/podcast v1.4.2 provides the RSS and iTunes core
// (podcast.Podcast, podcast.Item and their parts) but lacks itunes:type,
// itunes:episodeType, the item's itunes:title, content:encoded and every
// podcast:* tag; its guid has no isPermaLink attribute; AddItem and
// AddPubDate date an undated item with the current time; it counts the 4000
// limit of descriptions in characters where Apple counts bytes. render.go
// therefore embeds podcast.Podcast and podcast.Item in its own rssChannel and
// rssItem structs (encoding/xml flattens embedded structs), adds the missing
// elements after them, shadows guid with its own field, fills the embedded
// fields directly instead of calling AddItem, and truncates descriptions to
// 4000 bytes itself. No XML text is edited by hand.
package feed
