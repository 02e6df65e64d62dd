// Package rss is the podcast's RSS document: its types, its encoding, and
// the rules of Apple Podcasts, the Podcasting 2.0 namespace and RSS that it
// must keep. The build (package feed) and podgen check use it alike.
//
// An item has one model, [Item]: the values as the document holds them. A
// build makes an Item from an [Episode] ([NewItem]), checks it
// ([CheckItem]) and encodes it ([EncodeItem]); [Decode] reads a document
// into the same values with encoding/xml, and [Check] applies the same
// rules to them. NewItem cleans every text so that encoding and decoding
// give it back unchanged (TestItemRoundTrip, FuzzItemRoundTrip): what a
// build checks is what a podcast app reads, without reading the item back.
// The channel is encoded once, and a build checks it by decoding it.
//
// # Extending eduncan911/podcast
//
// github.com/eduncan911/podcast v1.4.2 provides the RSS and iTunes core
// (podcast.Podcast, podcast.Item and their parts) but lacks itunes:type,
// itunes:episodeType, the item's itunes:title, content:encoded and every
// podcast:* tag; its guid has no isPermaLink attribute; AddItem and
// AddPubDate date an undated item with the current time; it counts the 4000
// limit of descriptions in characters where Apple counts bytes. encode.go
// therefore embeds podcast.Podcast and podcast.Item in its own structs
// (encoding/xml flattens embedded structs), adds the missing elements after
// them, shadows guid with its own field, fills the embedded fields directly
// instead of calling AddItem, and truncates descriptions to 4000 bytes
// itself. No XML text is edited by hand.
//
// A feed is encoded in pieces ([Document]): the channel without items, and
// each item on its own, so that a build encodes and caches items one by
// one; written in order, the pieces are the bytes of one encoding of the
// whole document.
package rss
