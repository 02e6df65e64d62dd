package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestSite opens the web site of a generated podcast of 1,566 episodes,
// built and served by podgen serve, in headless Chromium, as a listener
// would: the index and its pages, the search by a word of a title and by
// a narrator, an episode's page whose player plays, the links between
// episodes and back, the player from the keyboard, the pages without
// JavaScript, axe-core's accessibility rules in light and dark, and no
// request for a file the site does not have. It writes screenshots of the
// index and an episode page at 1200 and 390 px as artifacts (go test
// -artifacts).
func TestSite(t *testing.T) {
	chromium := chromiumPath(t)
	axe := axeScript(t)
	covers := coverServer(t)
	s := writeSeries(t, t.TempDir(), siteEpisodes, covers.URL)
	start := time.Now()
	base := serveSite(t, s.config)
	t.Logf("%d episodes generated, built and served in %s", siteEpisodes, time.Since(start).Round(time.Millisecond))
	browserCtx := browser(t, chromium)
	reqs := watchRequests(t, browserCtx, base)
	ctx := browserCtx
	newest := siteEpisodes - 1
	pages := (siteEpisodes + 49) / 50
	page := func(i int) string { return base + "/transcripts/" + s.ids[i] + ".html" }

	t.Run("index", func(t *testing.T) {
		open(t, ctx, base+"/index.html")
		type index struct {
			Rows, Audio         int
			First, Title, Pages string
			Covers              []string
		}
		got := eval[index](t, ctx, `({
			rows: document.querySelectorAll("#episodes li.episode").length,
			audio: document.querySelectorAll("audio").length,
			first: document.querySelector("#episodes h3").textContent,
			title: document.querySelector("h1").textContent,
			pages: document.querySelector(".pages span").textContent,
			covers: [...document.querySelectorAll("#episodes li.episode img")].map(i => i.getAttribute("src")).filter(s => s.startsWith("covers/")),
		})`)
		want := index{Rows: 50, Audio: 1, First: s.titles[newest], Title: "樱花FM", Pages: fmt.Sprintf("第 1 页，共 %d 页", pages),
			Covers: []string{"covers/" + s.ids[newest-2]}}
		if got.Rows != want.Rows || got.Audio != want.Audio || got.First != want.First || got.Title != want.Title || got.Pages != want.Pages ||
			len(got.Covers) != 2 || !strings.HasPrefix(got.Covers[0], want.Covers[0]+"-") {
			t.Errorf("index.html shows %+v, want %+v (and the newest of the two mirrored covers among the 50)", got, want)
		}
		// Every image loads (lazily, as it is scrolled to; all at once
		// here): the mirrored covers, the channel artwork for the others.
		loaded := eval[bool](t, ctx, `new Promise(resolve => {
			const images = [...document.images];
			images.forEach(i => i.loading = "eager");
			const check = () => images.every(i => i.complete) ? resolve(images.every(i => i.naturalWidth > 0)) : setTimeout(check, 50);
			check();
		})`)
		if !loaded {
			t.Error("an image of index.html did not load")
		}
	})

	t.Run("pages", func(t *testing.T) {
		open(t, ctx, base+"/index.html")
		follow(t, ctx, "a.older")
		first := eval[string](t, ctx, `document.querySelector("#episodes h3").textContent`)
		where := eval[string](t, ctx, `location.pathname.split("/").pop() + " " + document.querySelector(".pages span").textContent`)
		if first != s.titles[newest-50] || where != fmt.Sprintf("index-2.html 第 2 页，共 %d 页", pages) {
			t.Errorf("the older page: %s, first %q; want index-2.html and %q", where, first, s.titles[newest-50])
		}
		follow(t, ctx, "a.newer")
		if got := eval[string](t, ctx, `location.href`); got != base+"/index.html" && got != base+"/" {
			t.Errorf("the newer page of index-2.html is %s", got)
		}
		open(t, ctx, fmt.Sprintf("%s/index-%d.html", base, pages))
		rows := eval[[]string](t, ctx, `[...document.querySelectorAll("#episodes h3")].map(h => h.textContent)`)
		if len(rows) != siteEpisodes-(pages-1)*50 || rows[len(rows)-1] != s.titles[0] || eval[bool](t, ctx, `!!document.querySelector("a.older")`) {
			t.Errorf("the last page lists %d episodes, the last %q; want %d ending with the oldest", len(rows), rows[len(rows)-1], siteEpisodes-(pages-1)*50)
		}
	})

	t.Run("search by a word of a title", func(t *testing.T) {
		open(t, ctx, base+"/index.html")
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#q")), chromedp.SendKeys(chromedp.CSS("#q"), uniqueWord)); err != nil {
			t.Fatal(err)
		}
		found := waitText(t, ctx, "#found")
		titles := eval[[]string](t, ctx, `[...document.querySelectorAll("#results h3")].map(h => h.textContent)`)
		if found != "找到 1 期节目" || len(titles) != 1 || titles[0] != s.titles[uniqueEpisode] || eval[bool](t, ctx, `!document.getElementById("episodes").hidden`) {
			t.Errorf("search %q: %q, %q; want the one episode %q, the list hidden", uniqueWord, found, titles, s.titles[uniqueEpisode])
		}
		// Escape clears the search and brings the list back.
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
			t.Fatal(err)
		}
		if eval[bool](t, ctx, `document.getElementById("episodes").hidden || document.querySelectorAll("#results li").length > 0`) {
			t.Error("Escape did not clear the search")
		}
	})

	want := 0
	for _, n := range s.narrators {
		if n == rareNarrator {
			want++
		}
	}
	t.Run("search by narrator", func(t *testing.T) {
		// From a link: the query is in the address, as the page keeps it.
		open(t, ctx, base+"/index.html?q="+url.QueryEscape(rareNarrator))
		found := waitText(t, ctx, "#found")
		metas := eval[[]string](t, ctx, `[...document.querySelectorAll("#results .meta")].map(p => p.textContent)`)
		if found != fmt.Sprintf("找到 %d 期节目", want) || len(metas) != want {
			t.Fatalf("search %q: %q, %d results; want %d", rareNarrator, found, len(metas), want)
		}
		for _, m := range metas {
			if !strings.Contains(m, "主播 "+rareNarrator) {
				t.Errorf("a result of %q: %q", rareNarrator, m)
			}
		}
		// The newest of them first; its link leads to its page.
		follow(t, ctx, "#results h3 a")
		if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != s.titles[1552] {
			t.Errorf("the first result leads to %q, want %q", got, s.titles[1552])
		}
	})

	t.Run("episode page plays", func(t *testing.T) {
		open(t, ctx, page(uniqueEpisode))
		type played struct {
			Duration  float64
			Ready     int
			Paused    bool
			Src       string
			Cover     string
			Width     int
			Canonical string
		}
		got := eval[played](t, ctx, `new Promise((resolve, reject) => {
			const a = document.querySelector("audio"), cover = document.querySelector(".episode-head img");
			const done = () => resolve({duration: a.duration, ready: a.readyState, paused: a.paused, src: a.currentSrc,
				cover: cover.getAttribute("src"), width: cover.naturalWidth, canonical: document.querySelector("link[rel=canonical]").href});
			// A short file may be loaded whole (canplay fired) before the
			// test looks.
			a.readyState >= 3 ? a.addEventListener("playing", done, {once: true}) : a.addEventListener("canplay", done, {once: true});
			a.addEventListener("error", () => reject("audio error " + (a.error && a.error.code)));
			a.play().catch(e => reject("play: " + e));
			setTimeout(() => reject("no canplay in 20 s"), 20000);
		})`)
		if got.Ready < 3 || got.Paused || got.Duration < 5.5 || got.Duration > 6.5 || !strings.HasPrefix(got.Src, base+"/audio/"+s.ids[uniqueEpisode]+"-") {
			t.Errorf("the player: %+v; want it playing the 6 s of the episode's audio from %s", got, base)
		}
		if !strings.HasPrefix(got.Cover, "../covers/"+s.ids[uniqueEpisode]+"-") || got.Width == 0 || got.Canonical != page(uniqueEpisode) {
			t.Errorf("the page: cover %q (%d px wide), canonical %q; want its mirrored cover and %s", got.Cover, got.Width, got.Canonical, page(uniqueEpisode))
		}
	})

	t.Run("older, newer and back", func(t *testing.T) {
		open(t, ctx, page(uniqueEpisode))
		h1 := func() string { return eval[string](t, ctx, `document.querySelector("h1").textContent`) }
		follow(t, ctx, "a.older")
		if got := h1(); got != s.titles[uniqueEpisode-1] {
			t.Errorf("older: %q, want %q", got, s.titles[uniqueEpisode-1])
		}
		follow(t, ctx, "a.newer")
		follow(t, ctx, "a.newer")
		if got := h1(); got != s.titles[uniqueEpisode+1] {
			t.Errorf("newer of newer: %q, want %q", got, s.titles[uniqueEpisode+1])
		}
		// podgen serve (Go's file server) answers index.html with a
		// redirect to the folder.
		follow(t, ctx, "header.site a")
		if got := eval[string](t, ctx, `location.href`); got != base+"/index.html" && got != base+"/" || h1() != "樱花FM" {
			t.Errorf("back to the podcast: %s, %q", got, h1())
		}
		open(t, ctx, page(newest))
		if eval[bool](t, ctx, `!!document.querySelector("a.newer") || !document.querySelector("a.older")`) {
			t.Error("the newest episode's page links a newer one, or no older one")
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		open(t, ctx, base+"/index.html")
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if got := eval[string](t, ctx, `document.activeElement.className`); got != "skip" {
			t.Errorf("the first Tab reaches %q, want the skip link", got)
		}
		eval[bool](t, ctx, `document.querySelector("#episodes button.play").focus(), true`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		type state struct {
			Playing     bool
			Pressed     string
			Label, Now  string
			PlayerShown bool
		}
		read := `new Promise(resolve => setTimeout(() => {
			const a = document.querySelector("#player audio"), b = document.querySelector("#episodes button.play");
			resolve({playing: !a.paused, pressed: b.getAttribute("aria-pressed"), label: b.getAttribute("aria-label"),
				now: document.getElementById("now").textContent, playerShown: !document.getElementById("player").hidden});
		}, 300))`
		got := eval[state](t, ctx, read)
		title := s.titles[newest]
		if want := (state{true, "true", "暂停：" + title, title, true}); got != want {
			t.Errorf("Enter on the first play button: %+v, want %+v", got, want)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
			t.Fatal(err)
		}
		if got, want := eval[state](t, ctx, read), (state{false, "false", "播放：" + title, title, true}); got != want {
			t.Errorf("then Space: %+v, want %+v", got, want)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		open(t, tab, base+"/index.html")
		type index struct {
			Rows, Buttons int
			Search, Older bool
		}
		got := eval[index](t, tab, `({rows: document.querySelectorAll("#episodes li.episode").length,
			buttons: [...document.querySelectorAll("button")].filter(b => b.offsetParent).length,
			search: !!document.getElementById("search").offsetParent, older: !!document.querySelector("a.older")})`)
		if got != (index{Rows: 50, Older: true}) {
			t.Errorf("index.html without JavaScript: %+v; want 50 rows and the older page, no button, no search", got)
		}
		open(t, tab, page(uniqueEpisode))
		if src := eval[string](t, tab, `document.querySelector("audio[controls]").getAttribute("src")`); !strings.HasPrefix(src, "../audio/") {
			t.Errorf("the episode's player without JavaScript: src %q", src)
		}
	})

	t.Run("accessibility", func(t *testing.T) {
		for _, tt := range []struct {
			name, url, then string
			width           int64
			dark            bool
			planted         string // a violation the step plants, which axe must find
		}{
			{"index", base + "/index.html", "", 1200, false, ""},
			{"index dark", base + "/index.html", "", 1200, true, ""},
			{"index playing and searching, 390 px", base + "/index.html?q=" + url.QueryEscape("台湾"), `document.querySelector("#results button.play").click()`, 390, false, ""},
			{"episode page", page(uniqueEpisode), "", 1200, false, ""},
			{"episode page dark, 390 px", page(uniqueEpisode), "", 390, true, ""},
			// The rules run for real: a cover without its alt attribute is
			// found.
			{"a planted violation", base + "/index.html", `document.querySelector("#episodes img").removeAttribute("alt")`, 1200, false, "image-alt"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				viewport(t, ctx, tt.width, tt.dark)
				defer viewport(t, ctx, 1200, false)
				open(t, ctx, tt.url)
				if strings.Contains(tt.url, "?q=") {
					waitText(t, ctx, "#found")
				}
				if tt.then != "" {
					eval[bool](t, ctx, tt.then+", true")
				}
				serious, others, passed := runAxe(t, ctx, axe)
				if passed < 10 {
					t.Errorf("axe passed %d rules: did it run?", passed)
				}
				if tt.planted != "" {
					if len(serious) != 1 || !strings.HasPrefix(serious[0], tt.planted+" ") {
						t.Errorf("axe found %q, want the planted %s", serious, tt.planted)
					}
					return
				}
				for _, v := range serious {
					t.Errorf("axe: %s", v)
				}
				t.Logf("axe: %d rules passed; moderate and minor: %q", passed, others)
			})
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		dir := t.ArtifactDir()
		for _, width := range []int64{1200, 390} {
			for name, u := range map[string]string{"index": base + "/index.html", "episode": page(uniqueEpisode)} {
				viewport(t, ctx, width, false)
				open(t, ctx, u)
				eval[bool](t, ctx, `document.fonts.ready.then(() => true)`)
				shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
				if err != nil {
					t.Fatal(err)
				}
				file := filepath.Join(dir, fmt.Sprintf("%s-%d.jpg", name, width))
				if err := os.WriteFile(file, shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		viewport(t, ctx, 1200, false)
		t.Logf("screenshots in %s", dir)
	})

	failed, blocked := reqs.report()
	for _, f := range failed {
		t.Errorf("a request of the site failed: %s", f)
	}
	for _, b := range blocked {
		if strings.HasPrefix(b, covers.URL) || !strings.Contains(b, "googleusercontent.com/") && !strings.Contains(b, "assets.gnews.org/") {
			t.Errorf("a page asked another host than the article's text names: %s", b)
		}
	}
	t.Logf("%d requests to the archive's gone image hosts (the articles' text), blocked", len(blocked))
}

// waitText waits until the element has text, and returns it.
func waitText(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`document.querySelector(%q).textContent`, sel), chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	return v
}

// axeScript is axe-core, installed by make test from package.json (npm
// ci); without it the test is skipped, but fails in CI.
func axeScript(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is not installed: run make test (it runs npm ci): %v", err)
		}
		t.Skipf("axe-core is not installed (npm ci): %v", err)
	}
	return string(b)
}

// runAxe runs axe-core's rules on the tab's page: the violations of
// serious or critical impact, the others, and how many rules passed.
func runAxe(t testing.TB, ctx context.Context, axe string) (serious, others []string, passed int) {
	t.Helper()
	eval[bool](t, ctx, axe+";\ntrue")
	type violation struct {
		ID, Impact, Help string
		Nodes            []string
	}
	type results struct {
		Violations []violation
		Passes     int
	}
	r := eval[results](t, ctx, `axe.run(document).then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary)}))}))`)
	for _, v := range r.Violations {
		s := fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
		if v.Impact == "serious" || v.Impact == "critical" {
			serious = append(serious, s)
		} else {
			others = append(others, s)
		}
	}
	return serious, others, r.Passes
}
