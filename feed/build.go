package feed

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

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
	a      *parse.Article
	src    string // local audio file
	media  Media
	sum    string // hex MD5 of the audio
	date   time.Time
	file   string // site path of the audio
	script string // site path of the transcript
	html   []byte // transcript page
	body   string // body HTML for content:encoded
	err    error
}

// Build turns parsed articles into a site folder: it finds and probes each
// episode's audio, dates it, renders and checks the feed, and only then
// writes audio, transcripts, artwork and, last, feed.xml (each atomically).
// Errors (an unusable audio file, a feed that breaks Apple's rules, and
// under Strict any warning) are returned together and nothing is written.
func Build(ctx context.Context, cfg Config, articles []parse.Article) (*Result, error) {
	res := &Result{}
	var errs []error
	warn := func(err error) { res.Warnings = append(res.Warnings, err) }

	audio, err := listAudio(cfg.AudioDir)
	if err != nil {
		return nil, err
	}
	var work []*episodeWork
	seen := map[string]string{}
	for i := range articles {
		a := &articles[i]
		if prev, dup := seen[a.ID()]; dup {
			errs = append(errs, &parse.Error{File: a.File, Line: a.TitleLine, Err: fmt.Errorf("episode %s already comes from %s", a.ID(), prev)})
			continue
		}
		seen[a.ID()] = a.File
		src, err := matchAudio(a, cfg.Episodes[a.ID()], audio)
		switch {
		case errors.Is(err, errNoAudio):
			warn(&parse.Error{File: a.File, Line: a.TitleLine, Err: fmt.Errorf("%w; episode left out", err)})
			continue
		case err != nil:
			errs = append(errs, err)
			continue
		}
		work = append(work, &episodeWork{a: a, src: filepath.Join(cfg.AudioDir, filepath.FromSlash(src))})
	}

	// Probe and hash in parallel: reading audio is most of the I/O.
	parallel(work, func(w *episodeWork) {
		w.media, w.sum, w.err = probeAndHash(w.src)
		if w.err == nil {
			w.body, w.html, w.err = transcript(w.a, cfg.Channel.Language)
		}
	})

	dates, err := episodeDates(ctx, cfg, work)
	if err != nil {
		return nil, err
	}
	if dates.shallow {
		warn(fmt.Errorf("%s: the git history is shallow: dates of articles added before it starts are wrong (fetch with fetch-depth: 0)", cfg.ArticlesDir))
	}
	res.Warnings = append(res.Warnings, dates.warnings...)

	artName, artBytes, err := artwork(cfg.Artwork)
	if err != nil {
		errs = append(errs, err)
	}
	ch := cfg.Channel
	ch.FeedURL = cfg.BaseURL + "/" + FeedFile
	if artName != "" {
		ch.ImageURL = cfg.BaseURL + "/" + artName
	}

	var eps []Episode
	for _, w := range work {
		if w.err != nil {
			errs = append(errs, &parse.Error{File: w.a.File, Line: w.a.AudioLine, Err: w.err})
			continue
		}
		slug := siteSlug(w.a.ID())
		w.file = path.Join(AudioDir, slug+"-"+w.sum[:8]+w.media.Ext)
		w.script = path.Join(TranscriptsDir, slug+".html")
		eps = append(eps, episode(cfg.BaseURL, w))
	}
	for _, w := range res.Warnings {
		if cfg.Strict {
			errs = append(errs, w)
		}
	}
	doc, err := Render(ch, eps)
	if err != nil {
		return nil, err
	}
	for _, p := range Errors(Check(doc)) {
		errs = append(errs, fmt.Errorf("%s: %s", FeedFile, p))
	}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}

	// Everything is known and checked: write. The feed goes last, so a
	// failure before it leaves the previous feed.xml in place.
	keep := map[string]bool{FeedFile: true}
	for _, w := range work {
		keep[w.file], keep[w.script] = true, true
		n, err := copyFileAtomic(w.src, filepath.Join(cfg.OutDir, w.file), w.media.Size)
		if err != nil {
			return res, err
		}
		res.Written += n
		n, err = writeFileAtomic(filepath.Join(cfg.OutDir, w.script), w.html)
		if err != nil {
			return res, err
		}
		res.Written += n
	}
	if artName != "" {
		keep[artName] = true
		n, err := writeFileAtomic(filepath.Join(cfg.OutDir, artName), artBytes)
		if err != nil {
			return res, err
		}
		res.Written += n
	}
	res.Feed = filepath.Join(cfg.OutDir, FeedFile)
	n, err := writeFileAtomic(res.Feed, doc)
	if err != nil {
		return res, err
	}
	res.Written += n
	res.Removed, err = removeStale(cfg.OutDir, keep)
	sort.SliceStable(eps, func(i, j int) bool { return eps[i].Date.After(eps[j].Date) })
	res.Episodes = eps
	return res, err
}

func episode(base string, w *episodeWork) Episode {
	a := w.a
	e := Episode{
		GUID:          guid(a),
		Title:         a.Title,
		Link:          a.Link,
		Description:   a.Description,
		ContentHTML:   w.body,
		Date:          w.date,
		URL:           base + "/" + w.file,
		Length:        w.media.Size,
		Type:          w.media.Type,
		Duration:      w.media.Duration,
		ImageURL:      a.Cover,
		TranscriptURL: base + "/" + w.script,
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

// probeAndHash probes an audio file and computes its MD5 in one open.
func probeAndHash(path string) (Media, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return Media{}, "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Media{}, "", err
	}
	m, err := Probe(f, st.Size())
	if err != nil {
		return m, "", fmt.Errorf("audio %s: %w", path, err)
	}
	h := md5.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size())); err != nil {
		return m, "", fmt.Errorf("audio %s: %w", path, err)
	}
	return m, hex.EncodeToString(h.Sum(nil)), nil
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
