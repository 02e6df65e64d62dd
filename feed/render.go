package feed

import (
	"bytes"
	"cmp"
	"encoding/json"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/yuin/goldmark"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// markdown renders article bodies. goldmark's default leaves raw HTML out
// (it writes "<!-- raw HTML omitted -->"): article text never injects
// markup into the feed or the transcript pages.
var markdown = goldmark.New()

// bodyHTML renders an article's body (Markdown) as HTML, for
// content:encoded and the transcript page.
func bodyHTML(md string) (string, error) {
	var b bytes.Buffer
	b.Grow(len(md) + len(md)/4)
	if err := markdown.Convert([]byte(md), &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// rendered is an episode as the site shows it: its feed item, its piece of
// the index page and its transcript page, with what the item's check found.
type rendered struct {
	key        cache.Key // what they are made of
	item, page []byte
	transcript []byte // nil when the site folder holds it already
	facts      rss.Facts
	problems   []rss.Problem
}

// render renders an episode, or takes it from the cache when this code
// rendered it before from the same inputs. Only items that broke no rule
// are kept, so a cached item has nothing to report. The transcript is
// rendered again only when the site folder no longer holds the one a
// build wrote for these inputs (written).
func (b *builder) render(src source, e rss.Episode, transcript string) (rendered, error) {
	r := rendered{key: b.episodeKey(src, e)}
	cached := false
	if b.cfg.Code != "" {
		item, ok1 := b.cfg.Cache.Get(r.key.With("item"))
		page, ok2 := b.cfg.Cache.Get(r.key.With("page"))
		if ok1 && ok2 {
			it := rss.NewItem(b.ch, e)
			r.item, r.page, r.facts, cached = item, page, rss.ItemFacts(0, &it), true
			if b.written(transcript, r.key) {
				return r, nil
			}
		}
	}
	md, err := b.arch.body(src.a)
	if err != nil {
		return r, err
	}
	body, err := bodyHTML(md)
	if err != nil {
		return r, err
	}
	tr := transcriptOf(src.a, b.ch.Language, body)
	if r.transcript, err = page.TranscriptPage(tr); err != nil {
		return r, err
	}
	if cached {
		return r, nil
	}
	original, err := page.OriginalLink(tr.Link)
	if err != nil {
		return r, err
	}
	e.Content = body + original
	it := rss.NewItem(b.ch, e)
	// Checked here, on this core, from the values about to be encoded. A
	// build's items always have a guid, which names them whatever their
	// place in the feed.
	r.facts, r.problems = rss.CheckItem(0, &it)
	if r.item, err = rss.EncodeItem(&it); err != nil {
		return r, err
	}
	if r.page, err = page.IndexEpisode(b.ch, b.cfg.BaseURL, e); err != nil {
		return r, err
	}
	if len(r.problems) == 0 && b.cfg.Code != "" {
		b.cfg.Cache.Put(r.key.With("item"), r.item)
		b.cfg.Cache.Put(r.key.With("page"), r.page)
	}
	return r, nil
}

// transcriptOf is what an article's transcript page shows.
func transcriptOf(a *parse.Article, lang, body string) page.Transcript {
	n := a.Narrator()
	narrator := n.Name
	if n.Organisation != "" {
		narrator = n.Organisation + "/" + n.Name
	}
	return page.Transcript{Lang: lang, Title: a.Title, Narrator: narrator, Link: rss.ASCIIURL(cmp.Or(a.TextURL, a.Link)), Body: template.HTML(body)}
}

// episodeKey identifies everything an episode's item, page piece and
// transcript are made of: the code, the article, the episode's fields and
// what of the channel they show.
func (b *builder) episodeKey(src source, e rss.Episode) cache.Key {
	parts := []string{"episode", b.cfg.Code, string(src.key[:]),
		b.ch.Author, b.ch.ImageURL, b.ch.Language, b.cfg.BaseURL,
		e.GUID, e.Title, e.Link, e.Description, e.Content, e.Date.UTC().Format(time.RFC3339Nano), e.URL,
		strconv.FormatInt(e.Length, 10), e.Type, e.Duration.String(), e.ImageURL, strconv.FormatBool(e.Explicit), e.TranscriptURL}
	for _, p := range e.Persons {
		parts = append(parts, p.Name, p.Role, p.Group)
	}
	return cache.KeyOf(parts...)
}

// articleKey identifies an article that did not come from ReadArchive (a
// test's, say) by its fields.
func articleKey(a *parse.Article) cache.Key {
	fields, err := json.Marshal(a)
	if err != nil {
		panic(err) // an Article is plain data
	}
	return cache.KeyOf("article fields", string(fields))
}

// written reports whether the site file at rel (a slash path in the site
// folder) is still the one a build wrote for key: the cache remembers, by
// the file's stat data, which key each written file holds.
func (b *builder) written(rel string, key cache.Key) bool {
	name := filepath.Join(b.cfg.OutDir, filepath.FromSlash(rel))
	st, err := os.Stat(name)
	if err != nil {
		return false
	}
	v, ok := b.cfg.Cache.Get(statKey("written", name, st))
	return ok && bytes.Equal(v, key[:])
}

// wrote remembers that the file at name holds what key is made of.
func (b *builder) wrote(name string, key cache.Key) {
	if b.cfg.Code == "" {
		return
	}
	if st, err := os.Stat(name); err == nil {
		b.cfg.Cache.Put(statKey("written", name, st), key[:])
	}
}
