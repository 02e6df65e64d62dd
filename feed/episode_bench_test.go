package feed

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sakurafm/podgen/parse"
)

// BenchmarkEpisode times each step a cold build takes for one episode, on
// the seed article: the build's cost is about 10,000 times their sum
// (BENCHMARKS.md). Each step's result is checked once, so that a step
// that stopped working cannot look fast.
func BenchmarkEpisode(b *testing.B) {
	cfg := testConfig(b, b.TempDir())
	src := mustRead(b, "testdata/articles/000_ab612374b3f95bb2.txt")
	a, err := parse.Parser{}.Parse("seed.md", src)
	if err != nil {
		b.Fatal(err)
	}
	ch := cfg.Channel
	ch.FeedURL = cfg.BaseURL + "/" + FeedFile
	audio := filepath.Join(cfg.AudioDir, "cbr-xing.mp3")
	w := &episodeWork{a: &a, src: audio, file: "audio/2455369-0123abcd.mp3", script: "transcripts/2455369.html",
		date: time.Date(2022, 5, 18, 12, 0, 0, 0, time.UTC)}
	if w.media, w.sum, _, err = probeAndHash(audio, false); err != nil {
		b.Fatal(err)
	}
	e := episode(cfg.BaseURL, w)
	_, body, err := renderTranscript(&a, ch.Language)
	if err != nil {
		b.Fatal(err)
	}
	doc := itemDoc(ch, e, body)
	item, err := encodeItem(&doc)
	if err != nil {
		b.Fatal(err)
	}
	if facts, ps := checkItemXML(0, item); len(ps) > 0 || facts.GUID != e.GUID {
		b.Fatalf("the seed's item read from its bytes: facts %+v, problems %v", facts, ps)
	}
	if _, ok := doc.checkValues(); !ok {
		b.Fatal("the seed's item is not checked from its values")
	}

	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			if _, err := (parse.Parser{}).Parse("seed.md", src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("probe", func(b *testing.B) {
		for b.Loop() {
			if _, _, _, err := probeAndHash(audio, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("digest", func(b *testing.B) {
		for b.Loop() {
			episodeKey("code", articleDigest(&a), ch, cfg.BaseURL, e)
		}
	})
	b.Run("body", func(b *testing.B) {
		var out []byte // as a build renders it: into room made for it
		for b.Loop() {
			if out, err = appendBodyHTML(out[:0], &a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("transcript", func(b *testing.B) { // the body included
		for b.Loop() {
			if _, _, err := renderTranscript(&a, ch.Language); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("item", func(b *testing.B) {
		for b.Loop() {
			doc := itemDoc(ch, e, body)
			if _, err := encodeItem(&doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) { // as a build checks it
		for b.Loop() {
			it, _ := doc.checkValues()
			itemRules(0, &it)
		}
	})
	b.Run("check-bytes", func(b *testing.B) { // as podgen check, or an item that is not plain
		for b.Loop() {
			checkItemXML(0, item)
		}
	})
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			if _, err := renderPageEpisode(ch, cfg.BaseURL, e); err != nil {
				b.Fatal(err)
			}
		}
	})
}
