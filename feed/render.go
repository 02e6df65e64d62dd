package feed

import (
	"bytes"
	"cmp"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// markdown renders article bodies. goldmark's default leaves raw HTML out
// (it writes "<!-- raw HTML omitted -->"): article text never injects
// markup into the feed or the episode pages. GitHub's tables,
// strikethrough and bare links are what writers of Markdown expect;
// its task lists are not (a page of disabled checkboxes without labels).
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(imageLinks{}, 100))))

// imagesKey holds, in a render's parser.Context, the URLs of the body's
// images by their path as written (builder.imageURLs).
var imagesKey = parser.NewContextKey()

// imageLinks points the body's images, and links to them, that the site
// serves at their URLs there.
type imageLinks struct{}

func (imageLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	urls, _ := pc.Get(imagesKey).(map[string]string)
	if len(urls) == 0 {
		return
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Image:
			dest = &n.Destination
		case *ast.Link:
			dest = &n.Destination
		}
		if dest != nil && entering {
			if u, ok := urls[parse.ImagePath(string(*dest))]; ok {
				*dest = []byte(u)
			}
		}
		return ast.WalkContinue, nil
	})
}

// bodyHTML renders an article's body (Markdown) as HTML, for
// content:encoded and the episode's page; images are the URLs of its
// images that the site serves, by their path as written.
func bodyHTML(md string, images map[string]string) (string, error) {
	var b bytes.Buffer
	b.Grow(len(md) + len(md)/4)
	pc := parser.NewContext()
	pc.Set(imagesKey, images)
	if err := markdown.Convert([]byte(md), &b, parser.WithContext(pc)); err != nil {
		return "", err
	}
	return b.String(), nil
}

// rendered is an episode as the site shows it: its feed item, its row of
// the index pages and its page, with what the item's check found.
type rendered struct {
	key        cache.Key // what the item and the row are made of
	pageKey    cache.Key // what the page is made of: key and the neighbours
	item, page []byte    // the feed item and the index row
	transcript []byte    // the episode's page; nil when the site folder holds it already
	facts      rss.Facts
	problems   []rss.Problem
}

// neighbours are the episodes before and after one, newest first, as its
// page links them: nil at either end.
type neighbours struct{ older, newer *page.Neighbour }

func (n neighbours) equal(m neighbours) bool {
	same := func(a, b *page.Neighbour) bool { return a == b || a != nil && b != nil && *a == *b }
	return same(n.older, m.older) && same(n.newer, m.newer)
}

// render renders an episode, or takes it from the cache when this code
// rendered it before from the same inputs. Only items that broke no rule
// are kept, so a cached item has nothing to report. The episode's page is
// rendered again only when the site folder no longer holds the one a
// build wrote for these inputs and neighbours (written).
func (b *builder) render(src source, e rss.Episode, transcript string, near neighbours) (rendered, error) {
	r := rendered{key: b.episodeKey(src, e)}
	r.pageKey = pageKey(r.key, near)
	cached := false
	if b.cfg.Code != "" {
		item, ok1 := b.cfg.Cache.Get(r.key.With("item"))
		row, ok2 := b.cfg.Cache.Get(r.key.With("page"))
		if ok1 && ok2 {
			it := rss.NewItem(b.ch, e)
			r.item, r.page, r.facts, cached = item, row, rss.ItemFacts(0, &it), true
			if b.written(transcript, r.pageKey) {
				return r, nil
			}
		}
	}
	body, err := b.body(src)
	if err != nil {
		return r, err
	}
	var text string
	if r.transcript, text, err = b.site.EpisodePage(episodePage(src.a, e, body), near.older, near.newer); err != nil {
		return r, err
	}
	if cached {
		return r, nil
	}
	e.Content = text // the page's text, its original's link included
	it := rss.NewItem(b.ch, e)
	// Checked here, on this core, from the values about to be encoded. A
	// build's items always have a guid, which names them whatever their
	// place in the feed.
	r.facts, r.problems = rss.CheckItem(0, &it)
	if r.item, err = rss.EncodeItem(&it); err != nil {
		return r, err
	}
	if r.page, err = b.site.IndexEpisode(e); err != nil {
		return r, err
	}
	if len(r.problems) == 0 && b.cfg.Code != "" {
		b.cfg.Cache.Put(r.key.With("item"), r.item)
		b.cfg.Cache.Put(r.key.With("page"), r.page)
	}
	return r, nil
}

// rerender renders an episode's page again for other neighbours than it
// was rendered with: those of an episode left out after it was rendered.
func (b *builder) rerender(ep *episode, near neighbours) error {
	body, err := b.body(ep.src)
	if err != nil {
		return err
	}
	ep.near = near
	ep.r.pageKey = pageKey(ep.r.key, near)
	ep.r.transcript, _, err = b.site.EpisodePage(episodePage(ep.src.a, ep.e, body), near.older, near.newer)
	return err
}

// body is an article's text as HTML.
func (b *builder) body(src source) (string, error) {
	md, err := b.arch.Body(src.a)
	if err != nil {
		return "", err
	}
	return bodyHTML(md, b.imageURLs(src.images))
}

// originalURL is the original an episode reads (原文): the text version,
// else the source.
func originalURL(a *parse.Article) string { return rss.ASCIIURL(cmp.Or(a.TextURL, a.Link)) }

// episodePage is what an episode's page shows.
func episodePage(a *parse.Article, e rss.Episode, body string) page.Episode {
	return page.Episode{Episode: e, Original: originalURL(a), Body: template.HTML(body)}
}

// episodeKey identifies everything an episode's item and row are made of:
// the code, the article, the episode's fields and what of the channel they
// and the episode's page show.
func (b *builder) episodeKey(src source, e rss.Episode) cache.Key {
	parts := []string{"episode", b.cfg.Code, string(src.key[:]), b.cfg.Location.String(),
		b.ch.Title, b.ch.Description, b.ch.Author, b.ch.Copyright, b.ch.ImageURL, b.ch.Language, b.cfg.BaseURL,
		e.GUID, e.Title, e.Link, e.Description, e.Date.UTC().Format(time.RFC3339Nano), e.URL,
		strconv.FormatInt(e.Length, 10), e.Type, e.Duration.String(), e.ImageURL, strconv.FormatBool(e.Explicit), e.TranscriptURL}
	for _, p := range e.Persons {
		parts = append(parts, p.Name, p.Role, p.Group)
	}
	for _, im := range src.images {
		parts = append(parts, im.path, im.rel)
	}
	return cache.KeyOf(parts...)
}

// pageKey identifies everything an episode's page is made of: what its
// item is made of, and the episodes it links to.
func pageKey(key cache.Key, near neighbours) cache.Key {
	parts := []string{"episode page", string(key[:])}
	for _, n := range []*page.Neighbour{near.older, near.newer} {
		if n == nil {
			parts = append(parts, "", "")
			continue
		}
		parts = append(parts, n.Title, n.URL)
	}
	return cache.KeyOf(parts...)
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
	v, ok := b.cfg.Cache.Get(cache.StatKey("written", name, st))
	return ok && bytes.Equal(v, key[:])
}

// wrote remembers that the file at name holds what key is made of.
func (b *builder) wrote(name string, key cache.Key) {
	if b.cfg.Code == "" {
		return
	}
	if st, err := os.Stat(name); err == nil {
		b.cfg.Cache.Put(cache.StatKey("written", name, st), key[:])
	}
}
