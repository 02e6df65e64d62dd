package feed

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sakurafm/podgen/feed/audio"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// BenchmarkEpisode times each step a cold build takes for one episode, on
// the seed article: the build's CPU is about 10,000 times their sum for the
// 10,000-episode benchmark (BENCHMARKS.md). Each step's result is checked
// once, so that a step that stopped working cannot look fast.
func BenchmarkEpisode(b *testing.B) {
	cfg := testConfig(b, b.TempDir())
	src := mustRead(b, "testdata/articles/000_ab612374b3f95bb2.txt")
	a, err := parse.Parser{}.Parse("seed.md", src)
	if err != nil {
		b.Fatal(err)
	}
	bld := &builder{cfg: cfg, ch: cfg.Channel}
	bld.ch.FeedURL = cfg.BaseURL + "/" + FeedFile
	bld.site = page.NewSite(bld.ch, cfg.BaseURL, nil)
	file := filepath.Join(cfg.AudioDir, "cbr-xing.mp3")
	m, err := bld.localMedia(file)
	if err != nil {
		b.Fatal(err)
	}
	s := source{a: &a, date: time.Date(2022, 5, 18, 12, 0, 0, 0, time.UTC)}
	p := sitePlaces(&a, m, mirrored{})
	e := bld.episode(s, m, p, false)
	body, err := bodyHTML(a.Body, nil)
	if err != nil {
		b.Fatal(err)
	}
	e.Content = body
	it := rss.NewItem(bld.ch, e)
	if facts, ps := rss.CheckItem(0, &it); len(ps) > 0 || facts.GUID != e.GUID {
		b.Fatalf("the seed's item: facts %+v, problems %v", facts, ps)
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
			if _, err := audio.ProbeFile(file); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("md5", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := bld.fileMD5(file); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("body", func(b *testing.B) {
		for b.Loop() {
			if _, err := bodyHTML(a.Body, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("item", func(b *testing.B) {
		for b.Loop() {
			it := rss.NewItem(bld.ch, e)
			if _, err := rss.EncodeItem(&it); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			rss.CheckItem(0, &it)
		}
	})
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			if _, err := bld.site.IndexEpisode(e); err != nil {
				b.Fatal(err)
			}
		}
	})
	near := &page.Neighbour{Title: "基于中国的云和金融服务对美国和全球民主构成威胁（下）", URL: cfg.BaseURL + "/transcripts/2457120.html"}
	b.Run("transcript", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := bld.site.EpisodePage(episodePage(&a, e, body), near, near); err != nil {
				b.Fatal(err)
			}
		}
	})
}
