package feed

import (
	"cmp"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/audiofolder"
	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/feed/pool"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
	"golang.org/x/sync/errgroup"
)

// builder is what one build knows besides its episodes.
type builder struct {
	cfg       Config
	arch      *archive.Archive
	ch        rss.Channel // config's, with FeedURL and ImageURL
	site      *page.Site  // what the pages show of the podcast
	client    *http.Client
	fetch     *fetch.Fetcher
	coversDir string
	tempDir   string       // coversDir when Prepare made it, to be removed
	early     *earlyWriter // with Config.WriteEarly
	left      int          // episodes config.yaml removes

	rootOnce sync.Once // the articles folder as a root, opened once asked for
	root     *os.Root
	rootErr  error
}

// articlesRoot is the articles folder as an os.Root, through which an
// image beside an article is looked at: nothing out of it is reached.
func (b *builder) articlesRoot() (*os.Root, error) {
	b.rootOnce.Do(func() { b.root, b.rootErr = os.OpenRoot(b.arch.Dir) })
	return b.root, b.rootErr
}

// source is an article matched with its audio and dated: the first stage's
// value.
type source struct {
	a      *parse.Article
	key    cache.Key // what the article is made of
	audio  audiofolder.Ref
	file   string // the local audio file: a symlink's target
	date   time.Time
	images []siteImage // the body's images the site serves (prepare finds them)
}

// places are an episode's files in the site folder, as slash paths.
type places struct {
	audio      string // "" for remote audio
	cover      string // "" when the cover is not mirrored
	transcript string
}

// episode is one episode as the build prepared it: the value each
// source ends as.
type episode struct {
	src      source
	near     neighbours // as its page links them
	e        rss.Episode
	media    media
	cover    mirrored
	places   places
	r        rendered
	warnings []error // problems that used a fallback
	skip     error   // a warning that leaves the episode out
	err      error
}

// Site is a built podcast that has not been written yet: everything is
// known and checked.
type Site struct {
	b        *builder
	episodes []episode
	feed     rss.Document
	pages    []sitePage // the index pages, search.json, sitemap.xml and robots.txt
	artName  string
	artBytes []byte
	warnings []error
	present  map[string]bool // audio and covers in the site folder when Prepare began, by slash path
	prevFeed []byte          // the site folder's feed.xml when Prepare began, for Config.Diff
}

// sitePage is a file of the site made of parts: an index page is its
// frame around the episodes' rows.
type sitePage struct {
	name  string // slash path in the site folder
	parts [][]byte
}

// Discard removes what Prepare wrote early (Config.WriteEarly), for a
// Site that will not be written: the site folder is as it was.
func (s *Site) Discard() {
	s.b.early.undo()
	s.b.removeTemp()
}

// removeTemp removes the covers' temporary folder, once their files are
// in the site folder or will not be, and closes the articles' root.
func (b *builder) removeTemp() {
	if b.tempDir != "" {
		os.RemoveAll(b.tempDir)
		b.tempDir = ""
	}
	if b.root != nil {
		b.root.Close()
		b.root = nil
	}
}

// Warnings returns the problems that left an episode out or used a
// fallback.
func (s *Site) Warnings() []error { return s.warnings }

// Episodes returns the episodes of the feed, newest first.
func (s *Site) Episodes() []rss.Episode {
	eps := make([]rss.Episode, len(s.episodes))
	for i := range s.episodes {
		eps[i] = s.episodes[i].e
	}
	return eps
}

// Build is Prepare and then Write, with the site's new files written as
// the episodes are prepared (Config.WriteEarly).
func Build(ctx context.Context, cfg Config, arch *archive.Archive) (*Result, error) {
	cfg.WriteEarly = true
	s, err := Prepare(ctx, cfg, arch)
	if err != nil {
		res := &Result{}
		if s != nil {
			res.Warnings = s.warnings
		}
		return res, err
	}
	return s.Write()
}

// Prepare matches each article with its audio, dates it, probes the audio,
// mirrors the cover, renders the feed item, the page piece and the
// transcript, and checks the feed, without writing anything (but, with
// Config.WriteEarly, new audio files and transcripts, which it removes
// again when it fails). Errors (an unusable audio file, a feed that breaks
// Apple's rules, and under Strict any warning) are returned together, with
// the Site so that its warnings can be reported too.
func Prepare(ctx context.Context, cfg Config, arch *archive.Archive) (_ *Site, err error) {
	b := &builder{cfg: cfg, arch: arch, ch: cfg.Channel, client: cfg.Client, coversDir: cfg.CoversDir}
	if b.client == nil {
		b.client = fetch.Client()
	}
	b.fetch = fetch.New(cfg.Cache, cfg.FetchTimeout)
	if (cfg.MirrorCovers || hasLocalCovers(arch)) && b.coversDir == "" {
		if b.coversDir, err = os.MkdirTemp("", "podgen-covers-"); err != nil {
			return nil, err
		}
		b.tempDir = b.coversDir
		defer func() {
			if err != nil {
				b.removeTemp() // no Write follows
			}
		}()
	}
	s := &Site{b: b}
	warn := func(err error) { s.warnings = append(s.warnings, err) }

	idx, err := audiofolder.List(cfg.AudioDir, cfg.AudioURL != "")
	if err != nil {
		return nil, err
	}
	// The site folder's feed, read once: for the dates of episodes that
	// have none of their own, the shrink guard, the URL it says it is at,
	// and for Write to compare with (Config.Diff). What the site holds is
	// counted before this build writes anything into it.
	prev, _ := os.ReadFile(filepath.Join(cfg.OutDir, FeedFile))
	sources, warnings, errs := b.match(arch, idx, sync.OnceValue(func() map[string]time.Time { return pubDates(prev, cfg.BaseURL+"/"+FeedFile) }))
	s.warnings = append(s.warnings, warnings...)

	s.artName, s.artBytes, err = artwork(cfg.Artwork)
	if err != nil {
		if cfg.ArtworkAt != "" {
			err = fmt.Errorf("%s: %w", cfg.ArtworkAt, err)
		}
		errs = append(errs, err)
	}
	badArtwork := err != nil // said: the feed's missing itunes:image is not said again
	b.ch.FeedURL = cfg.BaseURL + "/" + FeedFile
	if s.artName != "" {
		b.ch.ImageURL = cfg.BaseURL + "/" + s.artName
	}
	b.site = page.NewSite(b.ch, cfg.BaseURL, cfg.Location)
	// Newest first, as the feed lists them: each episode's page links the
	// episodes before and after it, known before any is rendered.
	sort.SliceStable(sources, func(i, j int) bool { return newerSource(&sources[i], &sources[j]) })
	near := around(len(sources), func(i int) page.Neighbour { return b.neighbour(sources[i].a) })

	// The audio and covers the site folder holds: a rebuild's are there
	// already, and are looked at rather than linked again.
	s.present = siteFiles(cfg.OutDir, AudioDir, CoversDir, ImagesDir)
	if cfg.Diff {
		s.prevFeed = prev
	}
	pages := siteFiles(cfg.OutDir, TranscriptsDir)
	held, heldIn := heldEpisodes(cfg.OutDir, prev, pages)
	if w := moved(filepath.Join(cfg.OutDir, FeedFile), prev, b.ch.FeedURL, cfg.Strict); w != nil {
		warn(w)
	}
	// An episode of the site that no article has now leaves the feed: said,
	// unless an article has an error (the build fails, and it may be why).
	var gone []string
	if len(arch.Errors) == 0 {
		gone = vanished(pages, arch.Articles, cfg.Episodes)
	}
	for _, page := range gone {
		warn(grouped{group: "episodes of the site that no article has now: they leave the feed, and podcast apps drop them from listeners' libraries",
			err: fmt.Errorf("%s: no article has this episode now (renamed, deleted or skipped): it leaves the feed, and podcast apps drop it from listeners' libraries (episodes.%s.remove: true in config.yaml says that is meant)",
				filepath.Join(cfg.OutDir, filepath.FromSlash(page)), strings.TrimSuffix(path.Base(page), ".html"))})
	}
	if cfg.WriteEarly {
		b.early = startEarly(b, s.present)
		defer func() {
			if err != nil {
				b.early.undo()
			}
		}()
	}
	// Each episode on its own, in parallel: probe and hash its audio (most
	// of the I/O), then render it, unless the cache has it.
	eps := make([]episode, len(sources))
	var pmu sync.Mutex
	prepared := 0
	pool.Each(len(sources), func(i int) {
		eps[i] = b.prepare(ctx, sources[i], near[i])
		if cfg.Progress != nil {
			pmu.Lock()
			prepared++
			cfg.Progress(prepared, len(sources), b.fetch.Count())
			pmu.Unlock()
		}
	})
	b.early.wait()
	if err := ctx.Err(); err != nil {
		return s, err // interrupted: what the episodes found is not to be trusted
	}
	for _, ep := range eps {
		if ep.r.transcript == nil { // handed to the early writer, which may have left it
			ep.r.transcript = b.early.unwritten(ep.places.transcript)
		}
		s.warnings = append(s.warnings, ep.warnings...)
		switch {
		case ep.skip != nil:
			warn(ep.skip)
		case ep.err != nil:
			errs = append(errs, ep.err)
		default:
			s.episodes = append(s.episodes, ep)
		}
	}
	if cfg.Strict {
		errs = append(errs, s.warnings...)
	}
	if !cfg.AllowShrink {
		if err := shrinks(len(s.episodes), held, heldIn); err != nil {
			errs = append(errs, err)
		}
	}
	// s.episodes are in the sources' order, newest first, as the feed
	// lists them.
	if err := b.relink(s.episodes); err != nil {
		errs = append(errs, err)
	}

	var newest time.Time
	if len(s.episodes) > 0 {
		newest = s.episodes[0].e.Date
	}
	if s.feed, err = rss.EncodeChannel(b.ch, newest); err != nil {
		return s, err
	}
	problems := checkChannel(s.feed)
	// The channel's warnings are the build's, as podgen check's: a
	// config.yaml without owner.email, say.
	for _, p := range problems {
		if p.Severity == rss.Warning {
			w := fmt.Errorf("%s: %s", FeedFile, p.Detail())
			s.warnings = append(s.warnings, w)
			if cfg.Strict {
				errs = append(errs, w)
			}
		}
	}
	facts := make([]rss.Facts, len(s.episodes))
	rows := make([][]byte, len(s.episodes))
	for n, ep := range s.episodes {
		s.feed.Items = append(s.feed.Items, ep.r.item)
		rows[n] = ep.r.page
		facts[n] = ep.r.facts
		problems = append(problems, ep.r.problems...)
	}
	if s.pages, err = b.sitePages(rows, s.Episodes()); err != nil {
		return s, err
	}
	problems = append(problems, rss.CheckUnique(facts)...)
	for _, p := range rss.Errors(problems) {
		if badArtwork && p.Item == "" && strings.Contains(p.Message, "no itunes:image") {
			continue
		}
		errs = append(errs, fmt.Errorf("%s: %s", FeedFile, p.Detail()))
	}
	return s, errors.Join(errs...)
}

// checkChannel applies the channel's rules to the document without items,
// decoded as podgen check decodes a feed.
func checkChannel(d rss.Document) []rss.Problem {
	doc := append(append([]byte(nil), d.Head...), d.Tail...)
	f, err := rss.Decode(doc)
	if err != nil {
		return []rss.Problem{{Severity: rss.Error, Rule: "xml", Message: err.Error()}}
	}
	return rss.CheckChannel(f)
}

// prepare takes one source through the stages that follow: its audio
// probed, its cover mirrored, its files placed, its episode assembled and
// rendered. It runs in parallel with the other sources'.
func (b *builder) prepare(ctx context.Context, src source, near neighbours) episode {
	var imageWarnings []error
	src.images, imageWarnings = b.localImages(src.a)
	ep := episode{src: src, near: near, warnings: imageWarnings}
	a := src.a
	if src.audio.Remote != "" {
		m, err := b.remoteMedia(ctx, src.audio.Remote)
		if err != nil {
			// A failing URL leaves the episode out with a warning, at the
			// article's audio line, or its title when config.yaml named it.
			ep.skip = &parse.Error{File: a.File, Line: cmp.Or(a.AudioLine, a.TitleLine), Err: grouped{
				group: "episodes left out: their audio cannot be had (" + fetch.Group(err) + ")",
				err:   fmt.Errorf("%w: %s: %v; episode left out", errNoAudio, fetch.RedactURL(src.audio.Remote), err),
			}}
			return ep
		}
		ep.media = m
	} else {
		m, err := b.localMedia(src.file)
		if err != nil {
			// Matched by its name, it is said at the episode's title.
			ep.err = &parse.Error{File: a.File, Line: cmp.Or(a.AudioLine, a.TitleLine), Err: err}
			return ep
		}
		ep.media = m
	}
	coverFailed := false
	// A cover beside the article is made Apple-ready from its file
	// whatever covers says: it has no URL to link.
	if a.Cover != "" && (b.cfg.MirrorCovers || parse.IsLocalPath(a.Cover)) {
		c, err := b.mirrorCover(ctx, a)
		var perr *parse.Error
		switch {
		case errors.As(err, &perr):
			ep.warnings, coverFailed = append(ep.warnings, err), true
		case err != nil:
			ep.err = err
			return ep
		}
		ep.cover = c
	}
	ep.places = sitePlaces(a, ep.media, ep.cover)
	ep.e = b.episode(src, ep.media, ep.places, coverFailed)
	b.early.place(ep.media.src, ep.places.audio)
	var err error
	if ep.r, err = b.render(src, ep.e, ep.places.transcript, near); err != nil {
		ep.err = &parse.Error{File: a.File, Line: a.TitleLine, Err: err}
		return ep
	}
	b.early.script(&ep.r, ep.places.transcript)
	return ep
}

// sitePlaces names an episode's files in the site folder.
func sitePlaces(a *parse.Article, m media, c mirrored) places {
	slug := siteSlug(a.ID())
	p := places{transcript: transcriptPlace(a)}
	if m.url == "" {
		p.audio = path.Join(AudioDir, slug+"-"+m.md5[:8]+m.Ext)
	}
	if c.file != "" {
		p.cover = path.Join(CoversDir, slug+"-"+c.md5[:8]+".jpg")
	}
	return p
}

// transcriptPlace is the episode's page in the site folder, which the feed
// links as its transcript too.
func transcriptPlace(a *parse.Article) string {
	return path.Join(TranscriptsDir, siteSlug(a.ID())+".html")
}

// neighbour is how the pages beside an episode's link to it: its title and
// its page (the episode's Link).
func (b *builder) neighbour(a *parse.Article) page.Neighbour {
	return page.Neighbour{Title: a.Title, URL: b.cfg.BaseURL + "/" + transcriptPlace(a)}
}

// newerSource orders sources as the feed orders their episodes.
func newerSource(a, b *source) bool {
	return rss.NewerFirst(&rss.Episode{Date: a.date, GUID: guid(a.a)}, &rss.Episode{Date: b.date, GUID: guid(b.a)})
}

// around gives each of n episodes, newest first, the episodes beside it.
func around(n int, at func(i int) page.Neighbour) []neighbours {
	seq := make([]page.Neighbour, n)
	for i := range seq {
		seq[i] = at(i)
	}
	near := make([]neighbours, n)
	for i := range near {
		if i > 0 {
			near[i].newer = &seq[i-1]
		}
		if i+1 < n {
			near[i].older = &seq[i+1]
		}
	}
	return near
}

// relink renders again the pages of the episodes whose neighbours are not
// those their page was rendered with: the neighbours of an episode left
// out (its remote audio failed) after the others were rendered.
func (b *builder) relink(eps []episode) error {
	near := around(len(eps), func(i int) page.Neighbour { return b.neighbour(eps[i].src.a) })
	var errs []error
	for i := range eps {
		if eps[i].near.equal(near[i]) {
			continue
		}
		if err := b.rerender(&eps[i], near[i]); err != nil {
			a := eps[i].src.a
			errs = append(errs, &parse.Error{File: a.File, Line: a.TitleLine, Err: err})
		}
	}
	return errors.Join(errs...)
}

// sitePages are the site's files made of all the episodes: the index
// pages, each its frame around a page of rows (newest first), the search
// index, the sitemap and robots.txt. The three kinds are rendered at once:
// each reads every episode.
func (b *builder) sitePages(rows [][]byte, eps []rss.Episode) ([]sitePage, error) {
	n := page.IndexPages(len(rows))
	pages := make([]sitePage, n, n+3)
	var search, sitemap []byte
	var g errgroup.Group
	g.Go(func() error {
		for i := range n {
			head, tail, err := b.site.IndexFrame(i+1, n, len(rows))
			if err != nil {
				return err
			}
			parts := [][]byte{head}
			parts = append(parts, rows[min(i*page.PageSize, len(rows)):min((i+1)*page.PageSize, len(rows))]...)
			pages[i] = sitePage{name: page.IndexName(i + 1), parts: append(parts, tail)}
		}
		return nil
	})
	g.Go(func() (err error) {
		search, err = b.site.SearchIndex(eps)
		return err
	})
	g.Go(func() (err error) {
		sitemap, err = b.site.Sitemap(eps)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return append(pages,
		sitePage{name: page.SearchFile, parts: [][]byte{search}},
		sitePage{name: page.SitemapFile, parts: [][]byte{sitemap}},
		sitePage{name: page.RobotsFile, parts: [][]byte{b.site.Robots()}}), nil
}

// episode assembles the feed's view of an episode.
func (b *builder) episode(src source, m media, p places, coverFailed bool) rss.Episode {
	a, base := src.a, b.cfg.BaseURL
	e := rss.Episode{
		GUID:  guid(a),
		Title: a.Title,
		// The episode's page: the source (a.Link) is gone, and is the
		// page's 原文 unless the article names its text version.
		Link:          base + "/" + p.transcript,
		Description:   a.Description,
		Date:          src.date,
		URL:           base + "/" + p.audio,
		Length:        m.Size,
		Type:          m.Type,
		Duration:      m.Duration,
		ImageURL:      rss.ASCIIURL(a.Cover),
		TranscriptURL: base + "/" + p.transcript,
	}
	switch {
	case p.cover != "":
		e.ImageURL = base + "/" + p.cover
	case coverFailed:
		e.ImageURL = "" // the channel artwork
	}
	if m.url != "" {
		e.URL = m.url // not copied: the enclosure points at it
	}
	for _, c := range a.Credits {
		switch c.Role {
		case parse.Narrator:
			e.Persons = append(e.Persons, rss.Person{Name: c.Name, Role: "narrator", Group: "cast"})
		case parse.Editor:
			e.Persons = append(e.Persons, rss.Person{Name: c.Name, Role: "editor", Group: "writing"})
		}
	}
	return e
}

// guid is the item's guid: it comes from the GNews post id, so it never
// changes when the title, text or audio change.
func guid(a *parse.Article) string {
	if a.PostID != "" {
		return "gnews-" + a.PostID
	}
	return "file-" + siteSlug(a.ID())
}

// EpisodeGUIDs are the guids the episode of an ID (a post ID, or the stem
// of a file without one) can have: what publish lets vanish from the feed
// when config removes the episode.
func EpisodeGUIDs(id string) []string { return []string{"gnews-" + id, "file-" + siteSlug(id)} }

// siteSlug makes an ASCII file name part from an ID: letters, digits and
// dashes; an ID that needed changing gets a short hash of itself so that two
// IDs never meet.
func siteSlug(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		}
	}
	s := strings.Trim(b.String(), "-_")
	if s == id {
		return s
	}
	sum := md5.Sum([]byte(id))
	if s == "" {
		return "ep-" + hex.EncodeToString(sum[:4])
	}
	return s + "-" + hex.EncodeToString(sum[:3])
}
