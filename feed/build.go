package feed

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sakurafm/podgen/internal/rawfile"
	"github.com/sakurafm/podgen/parse"
)

// Config is what Build needs besides the articles.
type Config struct {
	Channel     Channel // FeedURL and ImageURL are filled in by Build
	BaseURL     string  // where the site folder is served, without a trailing slash
	Artwork     string  // the channel artwork file
	ArticlesDir string  // the folder Article.File paths start with (for dates)
	AudioDir    string
	OutDir      string
	Episodes    map[string]Override // by article ID (the GNews post id)
	Strict      bool                // warnings are errors, and nothing is written
	CopyAudio   bool                // copy audio into the site instead of hard-linking it
	// WriteEarly lets Prepare create the site's new audio files and
	// transcripts as each episode is ready, so that a cold build's
	// thousands of file creations overlap its rendering; Write does the
	// rest. Files that exist are left to Write. When Prepare fails, it
	// removes what it created: the site folder is as it was. Set it only
	// when Write follows a successful Prepare.
	WriteEarly bool
	Diff       bool   // list the episodes new, changed or removed since the last build
	Cache      *Cache // what earlier builds learned; nil for none
	// Code identifies the code that parses and renders (a hash of the
	// executable): parsed articles and rendered episodes in the Cache are
	// used only by the same code. Empty: they are not used.
	Code string
	// Parser re-reads an article whose body the cache left out, when its
	// episode must be rendered again.
	Parser parse.Parser
	Covers Covers // mirror episode covers into the site
	// RemoteClient fetches remote audio; nil means RemoteClient().
	RemoteClient *http.Client
}

// Override is config.yaml's word on one episode.
type Override struct {
	Date  time.Time
	Audio string // a file in the audio folder
}

// Result is what Build did.
type Result struct {
	Episodes []Episode // as rendered, newest first
	Feed     string    // path of the feed written
	Warnings []error   // problems that left an episode out or used a fallback
	Written  int       // files written to the site folder (unchanged ones are not rewritten)
	Removed  int       // stale files removed from the site folder
	Shallow  bool      // the git history is shallow: some dates may be wrong
	Changes  []Change  // against the previous feed.xml, with Config.Diff
}

// Site folder layout. Audio, transcripts and artwork have content-addressed,
// ASCII-only names: Apple requires ASCII URLs, and a file whose bytes
// change must get a new URL (players resume downloads without If-Range).
const (
	FeedFile       = "feed.xml"
	AudioDir       = "audio"
	TranscriptsDir = "transcripts"
)

// episodeWork is one article on its way to becoming an Episode.
type episodeWork struct {
	a          *parse.Article
	rel        string // audio file, relative to the audio folder
	remote     string // or the audio's http(s) URL
	cover      string // the mirrored cover (in Covers.Dir); "" when not mirrored
	coverFile  string // its site path
	coverWarn  error
	remoteWarn error
	src        string // local audio file
	media      Media
	sum        string // hex MD5 of the audio
	date       time.Time
	file       string // site path of the audio
	script     string // site path of the transcript
	digest     string // articleDigest
	ep         Episode
	key        string     // episodeKey
	cached     bool       // item and page piece came from the cache
	facts      *itemFacts // Check's facts of a cached item
	item       []byte     // the feed item
	pageItem   []byte     // the episode's piece of index.html
	transcript []byte     // the transcript page; nil when the site has it already
	placed     bool       // the audio was placed into the site early
	err        error
}

// Site is a built podcast that has not been written yet: everything is
// known and checked.
type Site struct {
	cfg      Config
	work     []*episodeWork
	feed     feedDoc
	page     pageDoc
	artName  string
	artBytes []byte
	episodes []Episode
	warnings []error
	shallow  bool
	early    *earlyWriter    // with Config.WriteEarly
	present  map[string]bool // audio and covers in the site folder when Prepare began, by slash path
}

// Warnings returns the problems that left an episode out or used a
// fallback.
func (s *Site) Warnings() []error { return s.warnings }

// Episodes returns the episodes of the feed, newest first.
func (s *Site) Episodes() []Episode { return s.episodes }

// Build is Prepare and then Write, with the site's new files written as
// the episodes are prepared (Config.WriteEarly).
func Build(ctx context.Context, cfg Config, articles []parse.Article) (*Result, error) {
	cfg.WriteEarly = true
	s, err := Prepare(ctx, cfg, articles)
	if err != nil {
		res := &Result{}
		if s != nil {
			res.Warnings = s.warnings
		}
		return res, err
	}
	return s.Write()
}

// Prepare finds and probes each episode's audio, dates it, renders the
// transcripts and the feed, and checks the feed, without writing anything
// (but, with Config.WriteEarly, new audio files and transcripts, which it
// removes again when it fails). It empties the articles' Body once
// rendered: they are a good part of a build's memory.
// Errors (an unusable audio file, a feed that breaks Apple's rules, and
// under Strict any warning) are returned together, with the Site so that
// its warnings can be reported too.
func Prepare(ctx context.Context, cfg Config, articles []parse.Article) (_ *Site, err error) {
	s := &Site{cfg: cfg}
	var errs []error
	warn := func(err error) { s.warnings = append(s.warnings, err) }

	audio, err := listAudio(cfg.AudioDir)
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	for i := range articles {
		a := &articles[i]
		if prev, dup := seen[a.ID()]; dup {
			errs = append(errs, &parse.Error{File: a.File, Line: a.TitleLine, Err: fmt.Errorf("episode %s already comes from %s", a.ID(), prev)})
			continue
		}
		seen[a.ID()] = a.File
		ref, err := matchAudio(a, cfg.Episodes[a.ID()], audio)
		switch {
		case errors.Is(err, errNoAudio):
			var perr *parse.Error
			if errors.As(err, &perr) { // already at the article's line
				warn(&parse.Error{File: perr.File, Line: perr.Line, Err: fmt.Errorf("%w; episode left out", perr.Err)})
			} else {
				warn(&parse.Error{File: a.File, Line: a.TitleLine, Err: fmt.Errorf("%w; episode left out", err)})
			}
			continue
		case err != nil:
			errs = append(errs, err)
			continue
		}
		w := &episodeWork{a: a, rel: ref.local, remote: ref.remote}
		if ref.local != "" {
			w.src = filepath.Join(cfg.AudioDir, filepath.FromSlash(ref.local))
		}
		s.work = append(s.work, w)
	}
	// Git's blob ids name the audio files the cache knows without reading
	// them; with none known (a first build) git is not asked, and the
	// probe computes the ids of what it reads (gitBlobID).
	var blobs map[string]string
	if cfg.Cache.holdsMedia() {
		blobs = cfg.Cache.gitBlobs(ctx, cfg.AudioDir)
	}
	if !cfg.Cache.forCode(cfg.Code) {
		cfg.Code = "" // nothing parsed or rendered is kept
	}
	if cfg.Covers.Mirror && cfg.Covers.Dir == "" {
		dir, err := os.MkdirTemp("", "podgen-covers-")
		if err != nil {
			return nil, err
		}
		cfg.Covers.Dir = dir
		s.cfg.Covers.Dir = dir
	}

	dates, err := episodeDates(ctx, cfg, s.work)
	if err != nil {
		return nil, err
	}
	s.shallow = dates.shallow
	if dates.shallow {
		warn(fmt.Errorf("%s: the git history is shallow: dates of articles added before it starts are wrong (fetch with fetch-depth: 0)", cfg.ArticlesDir))
	}
	s.warnings = append(s.warnings, dates.warnings...)

	s.artName, s.artBytes, err = artwork(cfg.Artwork)
	if err != nil {
		errs = append(errs, err)
	}
	ch := cfg.Channel
	ch.FeedURL = cfg.BaseURL + "/" + FeedFile
	if s.artName != "" {
		ch.ImageURL = cfg.BaseURL + "/" + s.artName
	}

	// The audio and covers the site folder holds: a rebuild's are there
	// already, and are looked at rather than linked again (a failing link
	// costs more than a stat).
	s.present = siteFiles(cfg.OutDir, AudioDir, CoversDir)
	if cfg.WriteEarly {
		s.early = startEarly(cfg, s.present)
		defer func() {
			if err != nil {
				s.early.undo()
			}
		}()
	}
	// Each episode on its own, in parallel: probe and hash its audio (most
	// of the I/O), then render its item, page piece and transcript, unless
	// the cache has them.
	parallel(s.work, func(w *episodeWork) { w.prepare(ctx, cfg, ch, blobs, s.early) })
	s.early.wait()
	ok := s.work[:0]
	for _, w := range s.work {
		switch {
		case w.remoteWarn != nil:
			warn(w.remoteWarn)
			continue
		case w.coverWarn != nil:
			warn(w.coverWarn)
		}
		if w.err != nil {
			errs = append(errs, &parse.Error{File: w.a.File, Line: w.a.AudioLine, Err: w.err})
			continue
		}
		ok = append(ok, w)
	}
	s.work = ok
	if cfg.Strict {
		errs = append(errs, s.warnings...)
	}
	sort.SliceStable(s.work, func(i, j int) bool { return newerFirst(&s.work[i].ep, &s.work[j].ep) })

	var newest time.Time
	if len(s.work) > 0 {
		newest = s.work[0].ep.Date
	}
	if s.feed, err = renderChannel(ch, newest); err != nil {
		return s, err
	}
	if s.page, err = renderPageFrame(ch, cfg.BaseURL); err != nil {
		return s, err
	}
	known := make([]*itemFacts, len(s.work))
	for n, w := range s.work {
		s.episodes = append(s.episodes, w.ep)
		s.feed.pieces = append(s.feed.pieces, w.item)
		s.page.pieces = append(s.page.pieces, w.pageItem)
		known[n] = w.facts
	}
	check := checkDocument(s.feed, known)
	for _, p := range Errors(check.problems) {
		errs = append(errs, fmt.Errorf("%s: %s", FeedFile, p))
	}
	// Items that broke no rule of their own are kept for the next build.
	for n, w := range s.work {
		if !w.cached && check.clean[n] {
			cfg.Cache.putEpisode(w.a.File, cachedEpisode{Key: w.key, Facts: check.facts[n], item: w.item, page: w.pageItem})
		}
	}
	return s, errors.Join(errs...)
}

// Write writes the site folder: audio, transcripts and artwork first, then
// feed.xml, each atomically, so that a failure before the feed leaves the
// previous feed.xml in place; then it removes files of earlier builds that
// this one no longer has.
func (s *Site) Write() (*Result, error) {
	res := &Result{Episodes: s.episodes, Warnings: s.warnings, Shallow: s.shallow}
	// What the build learned is saved meanwhile, on another core; the
	// stamps of the transcripts written follow once they are.
	defer s.cfg.Cache.saveInBackground()()
	out := s.cfg.OutDir
	keep := map[string]bool{FeedFile: true}
	for _, w := range s.work {
		keep[w.file], keep[w.script] = true, true
		if w.coverFile != "" {
			keep[w.coverFile] = true
		}
	}
	// Audio (and covers) and transcripts at the same time, each folder one
	// file after another: creating files in one folder in parallel was
	// slower than in sequence on the file systems measured (each creation
	// locks the folder); two folders side by side cut a cold build on tmpfs
	// by a tenth and made no difference that showed through the noise on
	// disk.
	media, scripts := s.early.created()
	var mediaErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		var n int
		n, mediaErr = s.placeMedia()
		media += n
	}()
	n, err := s.writeScripts()
	scripts += n
	<-done
	res.Written += media + scripts
	if err = errors.Join(mediaErr, err); err != nil {
		return res, err
	}
	if s.artName != "" {
		keep[s.artName] = true
		n, err := writeFile(filepath.Join(out, s.artName), s.artBytes, false)
		res.Written += n
		if err != nil {
			return res, err
		}
	}
	keep[PageFile] = true
	n, err = writeParts(filepath.Join(out, PageFile), s.page.parts(), false)
	res.Written += n
	if err != nil {
		return res, err
	}
	res.Feed = filepath.Join(out, FeedFile)
	if s.cfg.Diff {
		// Reading two large feeds costs seconds: only when asked, and only
		// when the bytes differ.
		prev, _ := os.ReadFile(res.Feed)
		if doc := s.feed.bytes(); !bytes.Equal(prev, doc) {
			if changes, err := Diff(prev, doc); err == nil {
				res.Changes = changes
			} else {
				res.Warnings = append(res.Warnings, fmt.Errorf("%s: cannot compare with the previous feed: %w", res.Feed, err))
			}
		}
	}
	n, err = writeParts(res.Feed, s.feed.parts(), true)
	res.Written += n
	if err != nil {
		return res, err
	}
	res.Removed, err = removeStale(out, keep)
	return res, err
}

// placeMedia puts the audio and covers into the site folder.
func (s *Site) placeMedia() (int, error) {
	written := 0
	for _, w := range s.work {
		if w.remote == "" && !w.placed {
			n, err := placeFile(w.src, filepath.Join(s.cfg.OutDir, w.file), w.media.Size, !s.cfg.CopyAudio, !s.present[w.file])
			written += n
			if err != nil {
				return written, err
			}
		}
		if w.coverFile != "" {
			st, err := os.Stat(w.cover)
			if err != nil {
				return written, err
			}
			n, err := placeFile(w.cover, filepath.Join(s.cfg.OutDir, w.coverFile), st.Size(), true, !s.present[w.coverFile])
			written += n
			if err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

// writeScripts writes the transcripts the site folder does not hold yet.
func (s *Site) writeScripts() (int, error) {
	written := 0
	for _, w := range s.work {
		if w.transcript == nil {
			continue // the site has it
		}
		name := filepath.Join(s.cfg.OutDir, filepath.FromSlash(w.script))
		n, err := writeFile(name, w.transcript, false)
		written += n
		if err != nil {
			return written, err
		}
		s.cfg.Cache.wroteScript(w.a.File, w.key, name)
	}
	return written, nil
}

// prepare learns what the episode needs from its audio (probed, or from
// the cache; remote audio over HTTP), mirrors its cover, and renders its
// feed item, page piece and transcript, or takes them from the cache when
// nothing they are made of changed. It runs in parallel with the other
// episodes'.
func (w *episodeWork) prepare(ctx context.Context, cfg Config, ch Channel, blobs map[string]string, early *earlyWriter) {
	switch {
	case w.remote != "":
		client := cfg.RemoteClient
		if client == nil {
			client = RemoteClient()
		}
		m, err := probeRemote(ctx, client, w.remote, cfg.Cache)
		if err != nil {
			// A failing URL leaves the episode out with a warning.
			line := w.a.AudioLine
			if line == 0 { // named in config.yaml: point at the episode
				line = w.a.TitleLine
			}
			w.remoteWarn = &parse.Error{File: w.a.File, Line: line, Err: fmt.Errorf("%w: %s: %v; episode left out", errNoAudio, w.remote, err)}
			return
		}
		w.media = m
	default:
		key := ""
		if cfg.Cache != nil {
			key = mediaKey(blobs, w.rel, w.src)
		}
		if c, ok := cfg.Cache.media(key); ok {
			w.media, w.sum = Media{Size: c.Size, Type: c.Type, Ext: c.Ext, Duration: c.Duration}, c.MD5
			break
		}
		// Kept under the file's blob id too when git did not give it, so
		// that the next build finds it by what git says of the file.
		_, known := blobs[w.rel]
		var id string
		if w.media, w.sum, id, w.err = probeAndHash(w.src, cfg.Cache != nil && !known); w.err != nil {
			return
		}
		cfg.Cache.putMedia(key, w.media, w.sum)
		if id != "" {
			cfg.Cache.putMedia(blobKey(id), w.media, w.sum)
		}
	}
	if cfg.Covers.Mirror && w.a.Cover != "" {
		w.mirrorCover(ctx, cfg.Covers)
	}
	slug := siteSlug(w.a.ID())
	if w.remote == "" {
		w.file = path.Join(AudioDir, slug+"-"+w.sum[:8]+w.media.Ext)
	}
	w.script = path.Join(TranscriptsDir, slug+".html")
	if w.cover != "" {
		sum, _, err := fileMD5(w.cover)
		if err != nil {
			w.err = err
			return
		}
		w.coverFile = path.Join(CoversDir, slug+"-"+sum[:8]+".jpg")
	}
	w.ep = episode(cfg.BaseURL, w)
	if w.remote == "" {
		early.place(w)
	}

	if cfg.Code != "" {
		if d, ok := cfg.Cache.digest(w.a.File); ok {
			w.digest = d
		} else {
			w.digest = articleDigest(w.a)
		}
		w.key = episodeKey(cfg.Code, w.digest, ch, cfg.BaseURL, w.ep)
		if e, ok := cfg.Cache.episode(w.a.File, w.key); ok {
			w.cached, w.item, w.pageItem, w.facts = true, e.item, e.page, &e.Facts
			// The transcript is written again only when the site folder
			// no longer holds the one last written.
			if cfg.Cache.scriptCurrent(w.a.File, w.key, filepath.Join(cfg.OutDir, filepath.FromSlash(w.script))) {
				return
			}
		}
	}
	if w.a.Body == "" { // recalled without its body: read it again
		if w.err = w.reread(cfg.Parser); w.err != nil {
			return
		}
	}
	var body []byte
	if w.transcript, body, w.err = renderTranscript(w.a, ch.Language); w.err != nil {
		return
	}
	early.script(w)
	if w.cached {
		return
	}
	// The Markdown is not needed again: let it go (bodies are a good part
	// of a build's memory).
	w.a.Body = ""
	doc := itemDoc(ch, w.ep, body)
	if w.item, w.err = encodeItem(&doc); w.err != nil {
		return
	}
	// Check the item here, on this core, from the values just encoded (not
	// reading its bytes back: see checkValues). A clean item's facts do not
	// depend on its place in the feed; any other item is read from its
	// bytes in place, so its problems name it as Check would.
	if it, ok := doc.checkValues(); ok {
		if facts, ps := itemRules(0, &it); len(Errors(ps)) == 0 {
			w.facts = &facts
		}
	}
	w.pageItem, w.err = renderPageEpisode(ch, cfg.BaseURL, w.ep)
}

// reread parses the article's file again, for its body.
func (w *episodeWork) reread(p parse.Parser) error {
	src, err := os.ReadFile(w.a.File)
	if err != nil {
		return err
	}
	a, err := p.Parse(w.a.File, src)
	if err != nil {
		return err
	}
	*w.a = a
	return nil
}

// mirrorCover fetches and converts the episode's cover; a failure is a
// warning and the episode uses the channel artwork.
func (w *episodeWork) mirrorCover(ctx context.Context, c Covers) {
	p, err := c.mirror(ctx, w.a.Cover)
	if err != nil {
		w.coverWarn = &parse.Error{File: w.a.File, Line: w.a.CoverLine, Err: fmt.Errorf("cover %s: %v; the episode uses the channel artwork", w.a.Cover, err)}
		return
	}
	w.cover = p
}

func episode(base string, w *episodeWork) Episode {
	a := w.a
	e := Episode{
		GUID:          guid(a),
		Title:         a.Title,
		Link:          a.Link,
		Description:   a.Description,
		Date:          w.date,
		URL:           base + "/" + w.file,
		Length:        w.media.Size,
		Type:          w.media.Type,
		Duration:      w.media.Duration,
		ImageURL:      a.Cover,
		TranscriptURL: base + "/" + w.script,
	}
	switch {
	case w.coverFile != "":
		e.ImageURL = base + "/" + w.coverFile
	case w.coverWarn != nil:
		e.ImageURL = "" // the channel artwork
	}
	if w.remote != "" {
		e.URL = w.remote // not copied: the enclosure points at it
	}
	for _, c := range a.Credits {
		switch c.Role {
		case parse.Narrator:
			e.Persons = append(e.Persons, Person{Name: c.Name, Role: "narrator", Group: "cast"})
		case parse.Editor:
			e.Persons = append(e.Persons, Person{Name: c.Name, Role: "editor", Group: "writing"})
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

// probeAndHash probes an audio file and computes its MD5 in one open, and
// with blob its git blob id (gitBlobID). The first 64 KiB are read once and
// serve all: the probe's header reads and the start of the hashes (a small
// file is one read instead of eight).
func probeAndHash(path string, blob bool) (m Media, sum, id string, err error) {
	f, err := rawfile.Open(path)
	if err != nil {
		return Media{}, "", "", err
	}
	defer f.Close()
	size, err := f.Size()
	if err != nil {
		return Media{}, "", "", err
	}
	headp := bufPool.Get().(*[]byte)
	defer bufPool.Put(headp)
	// No more than the file holds: one read for a small file, none more to
	// be told it ended.
	n, err := f.ReadAt((*headp)[:min(int64(len(*headp)), size)], 0)
	if err != nil && (err != io.EOF || int64(n) != size) {
		return Media{}, "", "", fmt.Errorf("audio %s: %w", path, err)
	}
	r := &headReader{f: f, head: (*headp)[:n], size: size}
	if m, err = Probe(r, size); err != nil {
		return m, "", "", fmt.Errorf("audio %s: %w", path, err)
	}
	h := md5.New()
	var w io.Writer = h
	var b hash.Hash
	if blob {
		b = newBlobHash(size)
		w = io.MultiWriter(h, b)
	}
	w.Write(r.head)
	if rest := size - int64(n); rest > 0 {
		bufp := bufPool.Get().(*[]byte)
		defer bufPool.Put(bufp)
		if _, err := io.CopyBuffer(w, io.NewSectionReader(f, int64(n), rest), *bufp); err != nil {
			return m, "", "", fmt.Errorf("audio %s: %w", path, err)
		}
	}
	if b != nil {
		id = hex.EncodeToString(b.Sum(nil))
	}
	return m, hex.EncodeToString(h.Sum(nil)), id, nil
}

// headReader reads a file whose first bytes are at hand: reads within
// them are served from memory, others from the file.
type headReader struct {
	f    io.ReaderAt
	head []byte
	size int64
}

func (r *headReader) ReadAt(b []byte, off int64) (int, error) {
	whole := int64(len(r.head)) == r.size
	switch {
	case off < 0:
		return 0, fmt.Errorf("read at %d", off)
	case off+int64(len(b)) <= int64(len(r.head)):
		return copy(b, r.head[off:]), nil
	case whole && off >= r.size:
		return 0, io.EOF
	case whole:
		return copy(b, r.head[off:]), io.EOF
	}
	return r.f.ReadAt(b, off)
}

// artwork checks the channel artwork against Apple's rules and names it
// after its content.
func artwork(file string) (string, []byte, error) {
	if file == "" {
		return "", nil, errors.New("no channel artwork configured (image:)")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", nil, fmt.Errorf("channel artwork: %w", err)
	}
	if _, err := CheckArtwork(file, bytes.NewReader(b)); err != nil {
		return "", nil, err
	}
	sum := md5.Sum(b)
	ext := strings.ToLower(filepath.Ext(file))
	if ext == ".jpeg" {
		ext = ".jpg"
	}
	return "artwork-" + hex.EncodeToString(sum[:4]) + ext, b, nil
}

func parallel[T any](items []T, fn func(T)) {
	jobs := make(chan T)
	var wg sync.WaitGroup
	for range min(len(items), 2*runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				fn(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}
