package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The web site of a podcast the size of the series (1,566 episodes),
// generated, built and served by podgen serve, in headless Chromium: what
// TestSite proves and BenchmarkSite measures.

// siteEpisodes is the series' size: the 樱花FM episodes of the archive.
const siteEpisodes = 1566

// series is a generated archive in the series' shape, with what the
// tests look for in its site.
type series struct {
	config    string   // its config.yaml
	titles    []string // by episode, the oldest first
	narrators []string
	ids       []string
	covers    map[int]bool // the episodes whose cover the build mirrors
}

// The episodes the tests look for: one with a word no other title has,
// and the narrator of a few.
const (
	uniqueEpisode = 777
	uniqueWord    = "蝴蝶"
	rareNarrator  = "雨中樱"
)

var topics = []string{
	"基于中国的云和金融服务对美国和全球民主构成威胁", "中共对香港新闻自由的打压", "乌克兰战争中的信息战", "台湾海峡的军事平衡",
	"上海封城中的民生", "全球供应链的重新布局", "美国国会通过新的制裁法案", "人权组织发布年度报告", "数字人民币与金融监控",
	"一带一路项目的债务陷阱", "太平洋岛国的安全协议", "日本修改防卫政策", "欧洲议会冻结中欧投资协定", "新疆强迫劳动与棉花禁令",
	"网络审查与翻墙工具", "海外警察站的调查", "稀土出口限制的影响", "中印边境的对峙", "半导体产业的出口管制", "联合国人权理事会的辩论",
}

// writeSeries writes n articles in the shapes of the example's two
// 樱花FM articles (the seed, long, with images in its text; and a short
// one), dated 40 minutes apart from 2022-04-27 as the archive's were, each
// with its own copy of a short MP3, and a config.yaml that builds them.
// Covers come from coverURL: a few exist, the others answer 404, as the
// archive's hosts no longer answer.
func writeSeries(t testing.TB, dir string, n int, coverURL string) *series {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	seed, short := read("example/articles/000_ab612374b3f95bb2.txt"), read("example/articles/001_2457120.md")
	mp3 := []byte(read("example/audio/2455369.mp3"))
	for _, d := range []string{"articles", "audio"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := &series{covers: map[int]bool{n - 3: true, n - 17: true, uniqueEpisode: true, 100: true}}
	start := time.Date(2022, 4, 27, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	for i := range n {
		id := fmt.Sprint(2414342 + 181*i)
		title := fmt.Sprintf("%s（第%d期）", topics[i%len(topics)], i+1)
		if i == uniqueEpisode {
			title = "樱花树下的" + uniqueWord + "效应"
		}
		narrator := map[bool]string{true: "战友520", false: "京城小伙儿"}[i%2 == 0]
		if i%97 == 0 {
			narrator = rareNarrator
		}
		text, old, oldID, oldCover := seed, "基于中国的云和金融服务对美国和全球民主构成威胁（上）", "2455369",
			"https://lh5.googleusercontent.com/73XMBHJtEk3F0jGYA5KR9cbOOYKFVXHDIENv94b7O3_V3A5QD2eaoigOmOncfRFzY0ZGZEOeZMMSLgD01jIjEqEAYFUx2AL3Gfhdl1Jj3AXECF1_BJKhx6L8z7DG-qe01uW3Bbci"
		if i%3 != 0 {
			text, old, oldID, oldCover = short, "基于中国的云和金融服务对美国和全球民主构成威胁（下）", "2457120",
				"https://assets.gnews.org/wp-content/uploads/2022/05/example-cover-2.jpeg"
		}
		cover := fmt.Sprintf("%s/gone/%s.jpg", coverURL, id)
		if s.covers[i] {
			cover = fmt.Sprintf("%s/cover/%s.jpg", coverURL, id)
		}
		text = strings.Replace(text, "樱花FM┃"+old, "樱花FM┃"+title, 1)
		text = strings.ReplaceAll(text, oldID, id)
		text = strings.Replace(text, "音频：东京樱花团/战友520", "音频：东京樱花团/"+narrator, 1)
		text = strings.Replace(text, oldCover, cover, 1)
		date := start.Add(time.Duration(i) * 40 * time.Minute).Format(time.RFC3339)
		text = "---\ndate: " + date + "\n---\n" + text
		if err := os.WriteFile(filepath.Join(dir, "articles", id+".md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "audio", id+".mp3"), mp3, 0o644); err != nil {
			t.Fatal(err)
		}
		s.titles, s.narrators, s.ids = append(s.titles, title), append(s.narrators, narrator), append(s.ids, id)
	}
	art := read("example/artwork.jpg")
	cfg := read("config.yaml")
	for _, r := range [][2]string{{"image: example/artwork.jpg", "image: artwork.jpg"}, {"articles: example/articles", "articles: articles"},
		{"audio: example/audio", "audio: audio"}} {
		cfg = strings.Replace(cfg, r[0], r[1], 1)
	}
	s.config = filepath.Join(dir, "config.yaml")
	for name, data := range map[string]string{"artwork.jpg": art, "config.yaml": cfg} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// coverServer serves the generated archive's covers: /cover/… a JPEG,
// /gone/… 404.
func coverServer(t testing.TB) *httptest.Server {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 600, 600))
	for y := range 600 {
		for x := range 600 {
			img.Set(x, y, color.RGBA{uint8(120 + x/5), uint8(40 + y/6), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/cover/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(b.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// serveSite runs podgen serve on a configuration, in process, until the
// test ends, and returns the base URL once the site is served.
func serveSite(t testing.TB, config string, args ...string) string {
	t.Helper()
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, append([]string{"serve", "--config", config, "--addr", addr, "--cache-dir", t.TempDir()}, args...), &out, &errOut)
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	})
	base := "http://" + addr
	for {
		select {
		case code := <-done:
			done <- code // for the cleanup
			t.Fatalf("serve exited %d: %s %s", code, out.String(), errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
		if resp, err := http.Get(base + "/feed.xml"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
	}
	if !strings.Contains(out.String(), "subscribe: "+base+"/feed.xml") {
		t.Errorf("serve printed %q", out.String())
	}
	return base
}

// syncBuffer is a bytes.Buffer that serve writes to while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// chromiumPath is Debian's chromium; a test without it is skipped, but
// fails in CI, where make test installs it.
func chromiumPath(t testing.TB) string {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: run make test (it installs Debian's chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	return chromium
}

// browser starts headless Chromium for the rest of the test and returns a
// tab of it. Chromium's own traffic (updates, sync, QUIC probes) is off.
func browser(t testing.TB, chromium string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatal(err)
	}
	return ctx
}

// requests records what a tab asked the site for and how it went: every
// request to the site that failed or answered an error, and every request
// to another host, which the tab blocks (the tests reach no network, and
// the archive's hosts are gone).
type requests struct {
	mu      sync.Mutex
	base    string
	urls    map[network.RequestID]string
	failed  []string // of the site
	blocked []string // of other hosts
}

func watchRequests(t testing.TB, ctx context.Context, base string) *requests {
	t.Helper()
	r := &requests{base: base, urls: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			r.urls[ev.RequestID] = ev.Request.URL
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && strings.HasPrefix(ev.Response.URL, base+"/") {
				r.failed = append(r.failed, fmt.Sprintf("%s: %d", ev.Response.URL, ev.Response.Status))
			}
		case *network.EventLoadingFailed:
			u := r.urls[ev.RequestID]
			switch {
			case strings.HasPrefix(u, base+"/") && !ev.Canceled:
				r.failed = append(r.failed, u+": "+ev.ErrorText)
			case !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:"):
				r.blocked = append(r.blocked, u)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{
		{URLPattern: base + "/*", Block: false}, {URLPattern: "*://*:*/*", Block: true},
	}}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *requests) report() (failed, blocked []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.failed...), append([]string(nil), r.blocked...)
}

// step is how long one step in the browser may take.
const step = 30 * time.Second

// eval runs a script in the tab; it fails the test with the script's
// error.
func eval[T any](t testing.TB, ctx context.Context, script string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", firstLine(script), err)
	}
	return v
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// open navigates the tab to a URL and waits for the page to load.
func open(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

// follow clicks the element and waits for the page it leads to.
func follow(t testing.TB, ctx context.Context, sel string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		t.Fatalf("follow %s: %v", sel, err)
	}
}

// viewport sets the tab's width and its light or dark scheme.
func viewport(t testing.TB, ctx context.Context, width int64, dark bool) {
	t.Helper()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
		t.Fatal(err)
	}
}
