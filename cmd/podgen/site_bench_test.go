package main

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// BenchmarkSite measures the web site of a podcast the size of the
// series (issue 15: the index's HTML under 150 KB, rendered in under 1 s in
// headless Chromium; before, one index.html of 1.4 MB took 115 s): the
// bytes of index.html, an episode's page and search.json, and the time
// headless Chromium takes to load a page, uncached, and to render it whole
// for a screenshot, and to answer a first search (search.json fetched and
// read). It reports metrics and asserts nothing.
//
//	cd cmd/podgen && go test -run '^$' -bench Site -benchtime 10x
func BenchmarkSite(b *testing.B) {
	chromium := chromiumPath(b)
	covers := coverServer(b)
	s := writeSeries(b, b.TempDir(), siteEpisodes, covers.URL)
	base := serveSite(b, s.config)
	ctx := browser(b, chromium)
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		b.Fatal(err)
	}
	size := func(path string) float64 {
		resp, err := http.Get(base + path)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		n, _ := io.Copy(io.Discard, resp.Body)
		return float64(n)
	}
	for _, p := range []struct{ name, path string }{
		{"index", "/index.html"}, {"episode", "/transcripts/" + s.ids[0] + ".html"},
	} {
		b.Run(p.name, func(b *testing.B) {
			var load, shot time.Duration
			for b.Loop() {
				start := time.Now()
				open(b, ctx, base+p.path)
				load += time.Since(start)
				start = time.Now()
				if _, err := chromedp.Run(ctx, chromedp.FullScreenshot(80)); err != nil {
					b.Fatal(err)
				}
				shot += time.Since(start)
			}
			n := float64(b.N)
			b.ReportMetric(size(p.path)/1e3, "kB")
			b.ReportMetric(float64(load.Milliseconds())/n, "load-ms/op")
			b.ReportMetric(float64(shot.Milliseconds())/n, "screenshot-ms/op")
		})
	}
	b.Run("search", func(b *testing.B) {
		var answer time.Duration
		for b.Loop() {
			open(b, ctx, base+"/index.html")
			start := time.Now()
			eval[bool](b, ctx, `new Promise(resolve => {
				const q = document.getElementById("q"), found = document.getElementById("found");
				new MutationObserver(() => found.textContent && resolve(true)).observe(found, {childList: true, characterData: true, subtree: true});
				q.value = "`+rareNarrator+`";
				q.dispatchEvent(new Event("input"));
			})`)
			answer += time.Since(start)
		}
		b.ReportMetric(size("/search.json")/1e3, "kB")
		b.ReportMetric(float64(answer.Milliseconds())/float64(b.N), "first-answer-ms/op")
	})
}
