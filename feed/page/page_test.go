package page

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/sakurafm/podgen/feed/rss"
)

const base = "https://podcast.example.org/sakurafm"

func testSite(lang string) *Site {
	return NewSite(rss.Channel{Title: "樱花FM", Description: "樱花FM的测试频道", Language: lang, Author: "东京樱花团",
		Copyright: "© 东京樱花团", FeedURL: base + "/feed.xml", ImageURL: base + "/artwork-286fd757.jpg"}, base, nil)
}

func testEpisode() Episode {
	return Episode{Episode: rss.Episode{
		GUID: "gnews-2455369", Title: "基于中国的云和金融服务对美国和全球民主构成威胁（上）", Link: base + "/transcripts/2455369.html",
		Description: "中国最大的电子商务提供商阿里巴巴集团。", Date: time.Date(2022, 5, 18, 12, 0, 0, 0, time.UTC),
		URL: base + "/audio/2455369-f535b8ce.mp3", Length: 41517, Type: "audio/mpeg", Duration: 303 * time.Second,
		ImageURL: base + "/covers/2455369-0123abcd.jpg",
		Persons:  []rss.Person{{Name: "战友520", Role: "narrator", Group: "cast"}, {Name: "南雁", Role: "editor", Group: "writing"}},
	}, Original: "https://gnews.org/zh-hans/2442437/", Body: "<p>正文。</p>\n"}
}

// doc is a page as a browser reads it, for what its head says.
type doc struct {
	root  *html.Node
	metas map[string]string // og:…, twitter:…, description: content
	links map[string]string // rel: href
	ld    []map[string]any  // each JSON-LD script
}

func readPage(t *testing.T, page []byte) doc {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	d := doc{root: root, metas: map[string]string{}, links: map[string]string{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := attrs(n)
			switch n.Data {
			case "meta":
				if k := a["property"] + a["name"]; k != "" {
					d.metas[k] = a["content"]
				}
			case "link":
				d.links[a["rel"]] = a["href"]
			case "script":
				if a["type"] == "application/ld+json" {
					var v map[string]any
					if err := json.Unmarshal([]byte(text(n)), &v); err != nil {
						t.Errorf("JSON-LD %q: %v", text(n), err)
					}
					d.ld = append(d.ld, v)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return d
}

func attrs(n *html.Node) map[string]string {
	m := map[string]string{}
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// all returns the attribute attr of every element named el.
func (d doc) all(el, attr string) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == el {
			out = append(out, attrs(n)[attr])
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.root)
	return out
}

func contains(t *testing.T, page []byte, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !bytes.Contains(page, []byte(w)) {
			t.Errorf("no %q in\n%s", w, page)
		}
	}
	for _, n := range not {
		if bytes.Contains(page, []byte(n)) {
			t.Errorf("%q in\n%s", n, page)
		}
	}
}

// TestEpisodePage: the page shows the episode, links the site's files
// relatively and the episodes beside it, gives link previews and search
// engines absolute URLs, escapes what it shows, and shows only images the
// site serves.
func TestEpisodePage(t *testing.T) {
	older := &Neighbour{Title: "较早的一期 <b>", URL: base + "/transcripts/2455300.html"}
	newer := &Neighbour{Title: "较新的一期", URL: base + "/transcripts/2457120.html"}
	tests := []struct {
		name         string
		lang         string
		edit         func(*Episode)
		older, newer *Neighbour
		want, not    []string
	}{
		{"seed shape", "zh-cn", nil, older, newer, []string{
			`<html lang="zh-cn">`, "<title>基于中国的云和金融服务对美国和全球民主构成威胁（上） · 樱花FM</title>",
			"<h1>基于中国的云和金融服务对美国和全球民主构成威胁（上）</h1>",
			`<time datetime="2022-05-18">2022年5月18日</time> · 5:03 · 主播 战友520 · 编辑 南雁`,
			`<audio controls preload="metadata" src="../audio/2455369-f535b8ce.mp3" aria-label="播放：基于中国的云和金融服务对美国和全球民主构成威胁（上）">`,
			`<img src="../covers/2455369-0123abcd.jpg" alt=""`, "(MP3, 42 kB)", "<p>正文。</p>",
			`<a href="https://gnews.org/zh-hans/2442437/">原文</a> · <a href="https://web.archive.org/web/2022/https://gnews.org/zh-hans/2442437/">网页存档</a>`,
			`<a class="older" href="2455300.html" rel="prev"><span class="meta">← 上一期</span>较早的一期 &lt;b&gt;</a>`,
			`<a class="newer" href="2457120.html" rel="next"><span class="meta">下一期 →</span>较新的一期</a>`,
			`<a href="../index.html">全部节目</a>`, `<a href="../index.html"><img src="../artwork-286fd757.jpg"`, "订阅",
		}, nil},
		{"markup in the title", "zh-cn", func(e *Episode) { e.Title = `<script>alert("x")</script> & 'q'` }, nil, nil,
			[]string{"<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;</h1>", `"name":"\u003cscript\u003ealert(\"x\")\u003c/script\u003e \u0026 'q'"`},
			[]string{"<script>alert", `class="neighbours"`}},
		{"javascript original", "zh-cn", func(e *Episode) { e.Original = "javascript:alert(1)" }, nil, nil, []string{`href="#ZgotmplZ"`}, []string{`href="javascript:`}},
		{"no original", "zh-cn", func(e *Episode) { e.Original = "" }, nil, nil, nil, []string{"原文", "网页存档<"}},
		{"cover elsewhere", "zh-cn", func(e *Episode) { e.ImageURL = "https://assets.gnews.org/cover.jpg" }, nil, nil,
			[]string{`<img src="../artwork-286fd757.jpg" alt="" width="160"`, `<meta property="og:image" content="` + base + `/artwork-286fd757.jpg">`},
			[]string{"assets.gnews.org"}},
		{"japanese", "ja", nil, older, nil, []string{`<html lang="ja">`, "朗読 战友520", "編集 南雁", ">原文</a> · <a", ">ウェブアーカイブ</a>", "← 前の回", "購読",
			`<meta property="og:locale" content="ja_JP">`}, []string{"主播", "下一期", "次の回"}},
		{"english", "en", nil, nil, newer, []string{`<html lang="en">`, "Narrator 战友520", ">Original</a>", "Next episode →", "18 May 2022"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := testEpisode()
			if tt.edit != nil {
				tt.edit(&e)
			}
			page, _, err := testSite(tt.lang).EpisodePage(e, tt.older, tt.newer)
			if err != nil {
				t.Fatal(err)
			}
			contains(t, page, tt.want, tt.not)
			d := readPage(t, page)
			for _, k := range []string{"og:url", "og:image", "og:audio", "twitter:image"} {
				if !strings.HasPrefix(d.metas[k], base+"/") {
					t.Errorf("%s = %q, want an absolute URL of the site", k, d.metas[k])
				}
			}
			if d.links["canonical"] != e.Link || d.metas["og:url"] != e.Link || d.metas["twitter:card"] != "summary" ||
				d.metas["og:type"] != "article" || d.metas["og:audio:type"] != "audio/mpeg" || d.metas["og:title"] != e.Title {
				t.Errorf("head: links %v, metas %v", d.links, d.metas)
			}
			for _, src := range d.all("img", "src") {
				if strings.Contains(src, "://") {
					t.Errorf("an image of another host: %s", src)
				}
			}
			if len(d.ld) != 1 || d.ld[0]["@type"] != "PodcastEpisode" || d.ld[0]["name"] != e.Title || d.ld[0]["url"] != e.Link ||
				d.ld[0]["timeRequired"] != "PT5M3S" || d.ld[0]["datePublished"] != "2022-05-18T12:00:00Z" {
				t.Fatalf("JSON-LD %v", d.ld)
			}
			series, _ := d.ld[0]["partOfSeries"].(map[string]any)
			media, _ := d.ld[0]["associatedMedia"].(map[string]any)
			if series["@type"] != "PodcastSeries" || series["webFeed"] != base+"/feed.xml" || series["url"] != base+"/index.html" ||
				media["@type"] != "AudioObject" || media["contentUrl"] != e.URL {
				t.Errorf("JSON-LD series %v, media %v", series, media)
			}
		})
	}
}

// TestIndexFrame: the index's pages link the pages before and after them,
// and the first page is the podcast's.
func TestIndexFrame(t *testing.T) {
	tests := []struct {
		name             string
		n, pages, count  int
		want, not        []string
		canonical, title string
	}{
		{"one page", 1, 1, 3, []string{"<h1>樱花FM</h1>", "<h2 id=\"episodes-title\">全部节目</h2>"}, []string{`class="pages"`, `<p class="meta">没有找到节目</p>`},
			base + "/index.html", "樱花FM"},
		{"first of three", 1, 3, 120, []string{`<span class="meta">第 1 页，共 3 页</span>`, `<a class="older" href="index-2.html" rel="next">较早的节目 →</a>`},
			[]string{`class="newer"`}, base + "/index.html", "樱花FM"},
		{"second of three", 2, 3, 120, []string{`<h1><a href="index.html">樱花FM</a></h1>`, `<a class="newer" href="index.html" rel="prev">← 较新的节目</a>`,
			`<a class="older" href="index-3.html" rel="next">`}, nil, base + "/index-2.html", "樱花FM（第 2 页）"},
		{"last of three", 3, 3, 120, []string{`<a class="newer" href="index-2.html" rel="prev">`}, []string{`class="older"`}, base + "/index-3.html", "樱花FM（第 3 页）"},
		{"no episode", 1, 1, 0, []string{`<p class="meta">没有找到节目</p>`}, nil, base + "/index.html", "樱花FM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, tail, err := testSite("zh-cn").IndexFrame(tt.n, tt.pages, tt.count)
			if err != nil {
				t.Fatal(err)
			}
			page := append(append(head, `<li class="episode">row</li>`...), tail...)
			contains(t, page, tt.want, tt.not)
			d := readPage(t, page)
			if d.links["canonical"] != tt.canonical || d.metas["og:url"] != tt.canonical || d.metas["og:image"] != base+"/artwork-286fd757.jpg" {
				t.Errorf("head: links %v, metas %v", d.links, d.metas)
			}
			if got := text(find(d.root, "title")); got != tt.title {
				t.Errorf("title %q, want %q", got, tt.title)
			}
			if len(d.ld) != 1 || d.ld[0]["@type"] != "PodcastSeries" || d.ld[0]["webFeed"] != base+"/feed.xml" {
				t.Errorf("JSON-LD %v", d.ld)
			}
		})
	}
}

func find(n *html.Node, el string) *html.Node {
	if n.Type == html.ElementNode && n.Data == el {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, el); f != nil {
			return f
		}
	}
	return nil
}

// TestIndexEpisode: a row links the site's files relative to the site's
// top, plays through the shared player's button and shows only images the
// site serves.
func TestIndexEpisode(t *testing.T) {
	e := testEpisode().Episode
	row, err := testSite("zh-cn").IndexEpisode(e)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, row, []string{`<li class="episode" id="gnews-2455369">`, `<img src="covers/2455369-0123abcd.jpg" alt="" loading="lazy"`,
		`<h3><a href="transcripts/2455369.html">基于中国的云和金融服务对美国和全球民主构成威胁（上）</a></h3>`,
		`<button type="button" class="play" data-src="audio/2455369-f535b8ce.mp3" aria-label="播放：基于中国的云和金融服务对美国和全球民主构成威胁（上）">`,
		`<p class="note">中国最大的电子商务提供商阿里巴巴集团。</p>`}, []string{"<audio"})

	e.ImageURL, e.Description = "https://lh5.googleusercontent.com/x", strings.Repeat("很长的简介。", 40)
	row, err = testSite("zh-cn").IndexEpisode(e)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, row, []string{`<img src="artwork-286fd757.jpg"`, strings.Repeat("很长的简介。", 15) + "…</p>"}, []string{"googleusercontent"})
}

// TestDayInZone: the pages show an episode's day in the podcast's time
// zone (config.yaml's timezone), not UTC's: an article dated 2024-03-02 in
// Tokyo is 2024-03-01T15:00Z, and its pages say 2024年3月2日.
func TestDayInZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		loc       *time.Location
		date, day string
	}{
		{nil, "2024-03-01", "2024年3月1日"},
		{time.UTC, "2024-03-01", "2024年3月1日"},
		{tokyo, "2024-03-02", "2024年3月2日"},
		{ny, "2024-03-01", "2024年3月1日"},
	} {
		e := testEpisode()
		e.Date = time.Date(2024, 3, 2, 0, 0, 0, 0, tokyo)
		s := testSite("zh-cn")
		s = NewSite(s.ch, s.base, c.loc)
		want := []string{`<time datetime="` + c.date + `">` + c.day + `</time>`}
		page, _, err := s.EpisodePage(e, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, page, want, nil)
		row, err := s.IndexEpisode(e.Episode)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, row, want, nil)
		idx, err := s.SearchIndex([]rss.Episode{e.Episode})
		if err != nil {
			t.Fatal(err)
		}
		contains(t, idx, []string{`"date":"` + c.day + `"`}, nil)
	}
}

// TestSearchIndex: search.json holds every episode, newest first, with
// what the search looks through and links relative to the site's top.
func TestSearchIndex(t *testing.T) {
	e := testEpisode().Episode
	other := e
	other.Title, other.Link, other.Persons, other.Description = "第二期", base+"/transcripts/2457120.html", nil, strings.Repeat("长", 200)
	b, err := testSite("zh-cn").SearchIndex([]rss.Episode{e, other})
	if err != nil {
		t.Fatal(err)
	}
	var idx searchIndex
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	want := searchIndex{Episodes: []searchEntry{
		{Title: e.Title, Page: "transcripts/2455369.html", Audio: "audio/2455369-f535b8ce.mp3", Date: "2022年5月18日", Length: "5:03",
			Narrator: "战友520", Editor: "南雁", Text: "中国最大的电子商务提供商阿里巴巴集团。"},
		{Title: "第二期", Page: "transcripts/2457120.html", Audio: "audio/2455369-f535b8ce.mp3", Date: "2022年5月18日", Length: "5:03",
			Text: strings.Repeat("长", searchRunes) + "…"},
	}}
	if d := cmp.Diff(want, idx); d != "" {
		t.Errorf("search.json (-want +got):\n%s", d)
	}
}

// TestSitemap: sitemap.xml lists the podcast's page and every episode's,
// as the sitemaps protocol reads them.
func TestSitemap(t *testing.T) {
	e := testEpisode().Episode
	older := e
	older.Link, older.Date = base+"/transcripts/2455300.html", e.Date.Add(-24*time.Hour)
	b, err := testSite("zh-cn").Sitemap([]rss.Episode{e, older})
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	got := []string{set.XMLName.Space + " " + set.XMLName.Local}
	for _, u := range set.URLs {
		got = append(got, u.Loc+" "+u.LastMod)
	}
	want := []string{"http://www.sitemaps.org/schemas/sitemap/0.9 urlset",
		base + "/index.html 2022-05-18T12:00:00Z", base + "/transcripts/2455369.html 2022-05-18T12:00:00Z",
		base + "/transcripts/2455300.html 2022-05-17T12:00:00Z"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sitemap (-want +got):\n%s", d)
	}
	if got, want := string(testSite("zh-cn").Robots()), "User-agent: *\nDisallow:\n\nSitemap: "+base+"/sitemap.xml\n"; got != want {
		t.Errorf("robots.txt %q, want %q", got, want)
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		lang   string
		want   *labels
		locale string
	}{
		{"zh-cn", simplifiedChinese, "zh_CN"}, {"zh-Hans", simplifiedChinese, "zh_CN"}, {"zh", simplifiedChinese, "zh_CN"},
		{"zh-tw", traditionalChinese, "zh_TW"}, {"zh-hk", traditionalChinese, "zh_HK"}, {"zh-Hant", traditionalChinese, "zh_TW"},
		{"ja", japanese, "ja_JP"}, {"ja-JP", japanese, "ja_JP"},
		{"en", english, "en_US"}, {"fr", english, "fr_FR"}, {"", english, ""}, {"not a language!", english, ""},
	}
	for _, tt := range tests {
		if got := labelsFor(tt.lang); got != tt.want {
			t.Errorf("labelsFor(%q) = the labels of %q, want %q", tt.lang, got.Subscribe, tt.want.Subscribe)
		}
		if got := locale(tt.lang); got != tt.locale {
			t.Errorf("locale(%q) = %q, want %q", tt.lang, got, tt.locale)
		}
	}
}

func TestIndexNames(t *testing.T) {
	for _, tt := range []struct {
		n, pages int
	}{{0, 1}, {1, 1}, {PageSize, 1}, {PageSize + 1, 2}, {1566, 32}} {
		if got := IndexPages(tt.n); got != tt.pages {
			t.Errorf("IndexPages(%d) = %d, want %d", tt.n, got, tt.pages)
		}
	}
	for n, name := range map[int]string{1: "index.html", 2: "index-2.html", 32: "index-32.html"} {
		if got := IndexName(n); got != name || IsIndexName(name) != (n > 1) {
			t.Errorf("IndexName(%d) = %q, IsIndexName %v", n, got, IsIndexName(name))
		}
	}
	for _, name := range []string{"index.html", "index-1.html", "index-02.html", "index-x.html", "index-2.htm", "index-.html", "my-index-2.html"} {
		if IsIndexName(name) {
			t.Errorf("IsIndexName(%q)", name)
		}
	}
}

func TestRel(t *testing.T) {
	s := testSite("zh-cn")
	for _, tt := range []struct{ dir, u, want string }{
		{"", base + "/audio/a.mp3", "audio/a.mp3"},
		{"transcripts", base + "/audio/a.mp3", "../audio/a.mp3"},
		{"transcripts", base + "/transcripts/1.html", "1.html"},
		{"transcripts", base + "/index.html", "../index.html"},
		{"a/b", base + "/x.jpg", "../../x.jpg"},
		{"transcripts", "https://elsewhere.example/x.mp3", "https://elsewhere.example/x.mp3"},
		{"", base + "x/evil", base + "x/evil"}, // not under base/
	} {
		if got := s.rel(tt.dir, tt.u); got != tt.want {
			t.Errorf("rel(%q, %q) = %q, want %q", tt.dir, tt.u, got, tt.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "PT0S", 59 * time.Second: "PT59S", 303 * time.Second: "PT5M3S", 3723 * time.Second: "PT1H2M3S", 3600 * time.Second: "PT1H0M0S"} {
		if got := isoDuration(d); got != want {
			t.Errorf("isoDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for n, want := range map[int64]string{999: "999 B", 41517: "42 kB", 2_500_000: "2.5 MB", 45_000_000: "45 MB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
	for s, want := range map[string]string{"abc": "abc", "一二三四五": "一二三…", "ab  cd": "ab…"} {
		if got := snippet(s, 3); got != want {
			t.Errorf("snippet(%q, 3) = %q, want %q", s, got, want)
		}
	}
	if got := format("https://x.org/a/b.m4a?x=1"); got != "M4A" {
		t.Errorf("format = %q", got)
	}
}

// TestOriginalLink: the text of an episode's page, which content:encoded
// holds, is its body and then the paragraph that links its original.
func TestOriginalLink(t *testing.T) {
	s := testSite("zh-cn")
	got, err := s.OriginalLink("https://gnews.org/zh-hans/1/")
	if err != nil {
		t.Fatal(err)
	}
	page, text, err := s.EpisodePage(Episode{Episode: testEpisode().Episode, Original: "https://gnews.org/zh-hans/1/", Body: "<p>正文。</p>\n"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if text != "<p>正文。</p>\n"+got || !strings.Contains(string(page), text) || !strings.Contains(got, "https://web.archive.org/web/2022/https://gnews.org/zh-hans/1/") {
		t.Errorf("OriginalLink = %q; the page's text %q, not in the page or not the body and that link", got, text)
	}
	if empty, _ := s.OriginalLink(""); empty != "" {
		t.Errorf("OriginalLink(\"\") = %q", empty)
	}
}
