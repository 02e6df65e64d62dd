package page

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/sakurafm/podgen/feed/rss"
)

// IndexFile is the podcast's web page, for listeners who arrive from a link.
const IndexFile = "index.html"

// The page works without JavaScript (the copy button is the one thing
// scripts add), needs no framework, follows the system's light or dark
// scheme and sets CJK text in the system's Chinese fonts.
var pageTmpl = template.Must(template.New("page").Parse(`{{define "head"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Channel.Title}}</title>
<meta name="description" content="{{.Channel.Description}}">
<link rel="alternate" type="application/rss+xml" title="{{.Channel.Title}}" href="{{.Channel.FeedURL}}">
{{with .Image}}<meta property="og:image" content="{{.}}">{{end}}
<style>
:root{color-scheme:light dark;--bg:#fffaf8;--fg:#222;--muted:#666;--card:#fff;--line:#eadcd8;--accent:#b0305a}
@media (prefers-color-scheme:dark){:root{--bg:#141213;--fg:#e8e4e3;--muted:#a9a1a0;--card:#1d1a1b;--line:#3a3133;--accent:#f08cab}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.75 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;text-spacing-trim:normal;line-break:strict;word-break:normal;overflow-wrap:anywhere}
a{color:var(--accent)}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 4rem}
header.podcast{display:grid;grid-template-columns:9rem 1fr;gap:1.25rem;align-items:start}
header.podcast img{width:9rem;height:9rem;border-radius:.75rem;object-fit:cover}
h1{margin:.1rem 0 .4rem;font-size:1.9rem;line-height:1.3}
.subscribe{margin:1.5rem 0;padding:1rem;border:1px solid var(--line);border-radius:.75rem;background:var(--card)}
.subscribe input{width:100%;padding:.5rem;font:inherit;font-size:.9rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
.apps{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem;padding:0;list-style:none}
.apps a{display:inline-block;padding:.3rem .8rem;border:1px solid var(--line);border-radius:999px;text-decoration:none}
.episode{display:grid;grid-template-columns:6rem 1fr;gap:1rem;padding:1.25rem 0;border-top:1px solid var(--line)}
.episode img{width:6rem;height:6rem;border-radius:.5rem;object-fit:cover}
.episode h2{margin:0;font-size:1.2rem;line-height:1.45}
.meta{color:var(--muted);font-size:.9rem}
.note{margin:.5rem 0}
audio{width:100%;margin:.5rem 0}
@media (max-width:30rem){header.podcast{grid-template-columns:1fr}.episode{grid-template-columns:1fr}.episode img{width:100%;height:auto;aspect-ratio:1}}
</style>
</head>
<body>
<main>
<header class="podcast">
{{with .Image}}<img src="{{.}}" alt="" width="144" height="144">{{end}}
<div>
<h1>{{.Channel.Title}}</h1>
<p>{{.Channel.Description}}</p>
{{with .Channel.Author}}<p class="meta">{{.}}</p>{{end}}
</div>
</header>
<section class="subscribe" aria-labelledby="subscribe">
<h2 id="subscribe" style="margin:0 0 .5rem;font-size:1.1rem">订阅 Subscribe</h2>
<label for="feed-url" class="meta">RSS</label>
<input id="feed-url" value="{{.Channel.FeedURL}}" readonly>
<button type="button" id="copy" hidden>复制 Copy</button>
<ul class="apps">
{{range .Apps}}<li><a href="{{.URL}}">{{.Name}}</a></li>
{{end}}</ul>
</section>
<section aria-label="episodes">
{{end}}{{define "episode"}}<article class="episode" id="{{.GUID}}">
<img src="{{.Image}}" alt="" loading="lazy" width="96" height="96">
<div>
<h2>{{.Title}}</h2>
<p class="meta"><time datetime="{{.Day}}">{{.Day}}</time> · {{.Meta}}</p>
<p class="note">{{.Description}}</p>
<audio controls preload="none" src="{{.Audio}}"></audio>
<p class="meta">{{with .Transcript}}<a href="{{.}}">文字稿 Transcript</a>{{end}}{{with .Link}} · <a href="{{.}}">原文</a>{{end}}</p>
</div>
</article>
{{end}}{{define "tail"}}</section>
</main>
<script>
(function(){var b=document.getElementById("copy"),i=document.getElementById("feed-url");if(!navigator.clipboard)return;b.hidden=false;b.onclick=function(){navigator.clipboard.writeText(i.value).then(function(){b.textContent="已复制 Copied"})}})();
</script>
</body>
</html>
{{end}}`))

// pageEpisode is what the page shows of an episode, worked out before
// the template runs.
type pageEpisode struct {
	GUID, Title, Description, Link string
	Image, Audio, Transcript       string
	Day                            string
	Meta                           string // length and credits: "12:34 · 主播 战友520 · 编辑 南雁"
}

// rel makes a URL of the site's own files relative: links on the page work
// from any host that serves the folder (podgen serve on a laptop, the bucket
// on the web).
func rel(base, u string) string {
	if r, ok := strings.CutPrefix(u, base+"/"); ok {
		return r
	}
	return u
}

// IndexFrame renders the podcast's web page without its episodes: what
// comes before them and what comes after. base is the URL the site is
// served from; links to the site's own files are made relative to it.
func IndexFrame(ch rss.Channel, base string) (head, tail []byte, err error) {
	type app struct {
		Name string
		URL  template.URL
	}
	noScheme := ch.FeedURL
	if i := strings.Index(noScheme, "://"); i >= 0 {
		noScheme = noScheme[i+3:]
	}
	escaped := url.QueryEscape(ch.FeedURL)
	data := struct {
		Lang, Image string
		Channel     rss.Channel
		Apps        []app
	}{Lang: ch.Language, Channel: ch, Image: rel(base, ch.ImageURL), Apps: []app{
		// The apps' own subscribe links. They are built here from the feed
		// URL, which config.yaml sets, so they are marked safe for
		// html/template, which would refuse the podcast: and pktc: schemes.
		{"Apple Podcasts", template.URL("podcast://" + noScheme)},
		{"Pocket Casts", template.URL("pktc://subscribe/" + noScheme)},
		{"Overcast", template.URL("overcast://x-callback-url/add?url=" + escaped)},
		{"AntennaPod", template.URL("https://antennapod.org/deeplink/subscribe?url=" + escaped)},
		{"RSS", template.URL(ch.FeedURL)},
	}}
	var h, t bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&h, "head", data); err != nil {
		return nil, nil, err
	}
	if err := pageTmpl.ExecuteTemplate(&t, "tail", data); err != nil {
		return nil, nil, err
	}
	return h.Bytes(), t.Bytes(), nil
}

// clock writes a duration as a player shows it: 4:05, 1:02:03.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// IndexEpisode renders one episode's piece of the podcast's web page.
func IndexEpisode(ch rss.Channel, base string, e rss.Episode) ([]byte, error) {
	img := e.ImageURL
	if img == "" {
		img = ch.ImageURL
	}
	var b bytes.Buffer
	b.Grow(len(e.Description) + 1024)
	pe := pageEpisode{
		GUID: e.GUID, Title: e.Title, Description: e.Description, Link: e.Link,
		Image: rel(base, img), Audio: rel(base, e.URL), Transcript: rel(base, e.TranscriptURL),
		Day: e.Date.UTC().Format("2006-01-02"),
	}
	meta := clock(e.Duration)
	for _, p := range e.Persons {
		label := "编辑"
		if p.Role == "narrator" {
			label = "主播"
		}
		meta += " · " + label + " " + p.Name
	}
	pe.Meta = meta
	err := pageTmpl.ExecuteTemplate(&b, "episode", pe)
	return b.Bytes(), err
}
