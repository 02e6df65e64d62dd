package archive

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/folder"
	"github.com/sakurafm/podgen/feed/gitlog"
	"github.com/sakurafm/podgen/feed/pool"
	"github.com/sakurafm/podgen/parse"
)

// Archive is what Read found in a folder of articles: the episodes'
// articles in path order, and what is not an episode.
type Archive struct {
	Dir      string // the articles folder, as Read was given it
	Articles []parse.Article
	Skipped  []*parse.SkipError // files, or versions in the history, that hold no episode of the series
	Errors   []error            // *parse.Error for each file of the work tree that could not be used
	// Added is the author date of the commit that first added each
	// article, by Article.File, when the folder is in a git repository.
	Added map[string]time.Time
	// notes are warnings of the history: versions that could not be read.
	notes []error
	// Keys identifies what each article is made of (its bytes, its name
	// in the folder, the parser and podgen's code), by Article.File: the
	// build's cache keys of what it makes of them start from these.
	Keys map[string]cache.Key
	// blobs is the blob id of each article's bytes, and inTree whether the
	// work tree holds them, by Article.File: where body finds them.
	blobs  map[string]string
	inTree map[string]bool
	// inFolder is whether the folder holds a file at each path read: an
	// episode of the history may have none (deleted, renamed).
	inFolder map[string]bool
	parser   parse.Parser
	repo     *gitlog.Repo

	mu     sync.Mutex
	reader *gitlog.Blobs // opened by body when it needs the history
}

// Warnings returns the warnings of the articles, in path order, and of the
// history.
func (a *Archive) Warnings() []error {
	var ws []error
	for i := range a.Articles {
		ws = append(ws, a.Articles[i].Warnings...)
	}
	return append(ws, a.notes...)
}

// InFolder reports whether the articles folder holds a file at an
// article's path (Article.File): one of the history's may be gone.
func (a *Archive) InFolder(file string) bool { return a.inFolder[file] }

// Close lets go of what the archive keeps open to read the history.
func (a *Archive) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	err := a.reader.Close()
	a.reader = nil
	return err
}

// Body returns an article's body: Read leaves it out of the
// articles it takes from the cache, and a build needs it only for the
// episodes it renders again. The bytes come from the work tree, or from
// the history.
func (a *Archive) Body(art *parse.Article) (string, error) {
	if art.Body != "" || a == nil {
		return art.Body, nil
	}
	var src []byte
	var err error
	if a.inTree[art.File] {
		src, err = os.ReadFile(art.File)
		if err == nil && gitBlobID(src) != a.blobs[art.File] {
			// Changed since Read read it: its body must be the
			// version the rest of the episode comes from.
			if a.repo == nil {
				return "", fmt.Errorf("%s: changed while podgen was building; build again", art.File)
			}
			src, err = a.readBlob(a.blobs[art.File])
		}
	} else {
		src, err = a.readBlob(a.blobs[art.File])
	}
	if err != nil {
		return "", err
	}
	again, err := a.parser.Parse(art.File, src)
	return again.Body, err
}

func (a *Archive) readBlob(id string) ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.reader == nil {
		if a.repo == nil {
			return nil, fmt.Errorf("blob %s: not in a git repository", id)
		}
		r, err := a.repo.Blobs(context.Background())
		if err != nil {
			return nil, err
		}
		a.reader = r
	}
	return a.reader.Read(id)
}

// hidden reports whether a slash path, or a folder on it, is hidden (.git,
// .drafts): Read reads neither from the work tree nor from the
// history.
func hidden(p string) bool {
	return slices.ContainsFunc(strings.Split(p, "/"), func(s string) bool { return strings.HasPrefix(s, ".") })
}

// isArticleFile reports whether a file name looks like an article:
// Markdown or plain text.
func isArticleFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt":
		return true
	}
	return false
}

// Read reads the articles of a folder: every article file of the
// work tree (hidden files and folders aside) and, when the folder is in a
// git repository, every version of every file in its history. Each path is
// an episode in its newest version that is one, even when a later commit
// deleted the file or reused its path for an article of another kind, and
// it is dated by the author date of the oldest commit whose version of the
// path is that episode (the commit that first added it). A version in the
// work tree that no commit holds yet is the newest. A shallow clone is an
// error: the history it lacks holds episodes.
//
// One bad file of the work tree never stops the others: its error is in
// Archive.Errors; a bad version in the history is a warning (the history
// cannot be mended). The error returned is for a folder that cannot be read.
//
// With a cache and code, what this code read before is not read again: the
// archive's state (the commit the history was read up to, each path's
// episode, the work tree's files as parsed) is kept under the archive's
// identity, its repository's first commits and its path in it (the same
// from any clone or working directory), or outside git its absolute path.
// The next build reads only the commits that came since, and each work
// tree file's entry is used only when its blob id is the file's.
func Read(ctx context.Context, dir string, p parse.Parser, c *cache.Cache, code string) (*Archive, error) {
	if err := folder.Check("articles", dir); err != nil {
		return nil, err
	}
	names, badLinks, err := articleFiles(dir)
	if err != nil {
		return nil, err
	}
	repo, err := gitlog.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	if repo != nil && repo.Shallow {
		return nil, fmt.Errorf("%s: the git history is shallow, and its episodes come from the whole history: fetch it (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)", dir)
	}
	if code == "" {
		c = nil // nothing this code makes is kept
	}
	r := &reader{ctx: ctx, dir: dir, parser: p, cache: c, code: code, repo: repo}
	// The state is decoded while the work tree's files are read: only
	// whether to parse a file again needs it.
	loaded := make(chan struct{})
	go func() { r.loadState(); close(loaded) }()
	defer r.saveState()

	tree := r.readTree(names, badLinks, loaded)
	hist, err := r.readHistory(tree)
	if err != nil {
		return nil, err
	}
	return r.archive(tree, hist), nil
}

// articleFiles lists the article files under dir, hidden files and folders
// aside, in path order, and why each that is not a regular file (a named
// pipe, a symlink out of the folder or nowhere) cannot be read.
func articleFiles(dir string) ([]string, map[string]error, error) {
	var names []string
	bad := map[string]error{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && hidden(name) {
				return fs.SkipDir // .git and friends
			}
			return nil
		}
		if isArticleFile(name) && !hidden(name) {
			names = append(names, name)
			if _, err := folder.File(dir, name, d); err != nil {
				bad[name] = err
			}
		}
		return nil
	})
	sort.Strings(names)
	return names, bad, err
}

// reader is one Read.
type reader struct {
	ctx    context.Context
	dir    string
	parser parse.Parser
	cache  *cache.Cache
	code   string
	repo   *gitlog.Repo

	stateKey cache.Key
	old, now archiveState
	changed  bool // now differs from old: it must be kept
	// incomplete: a version of the history could not be read; the state
	// is not kept.
	incomplete bool
}

// archiveState is what Read keeps of an archive between builds. Its
// lists are in path order, so that the same state encodes to the same
// bytes.
type archiveState struct {
	Head    string      // the commit the history was read up to
	History []pathEntry // each path's episode in the history
	Others  []pathEntry // paths of the history that never held one, with why (Parsed.Skip)
	Broken  []brokenVersion
	Tree    []pathEntry // the work tree's files, as parsed
}

// pathEntry is one path and one version of it.
type pathEntry struct {
	Path   string
	Blob   string // gitBlobID of the version
	Parsed parsed
	Added  time.Time // for the history: the oldest commit of a version that is this episode
	// Dates are, for the history, the oldest author date of the path's
	// versions that are episodes, for each episode ID they had: what a
	// later build needs to date the path's episode as a full read would.
	Dates []idDate
	// InHistory marks, in the state as kept, a work tree entry whose
	// Parsed is the History entry's of the same path and blob (compact).
	InHistory bool
}

type idDate struct {
	ID    string
	Added time.Time
}

// parsed is what parsing a version gave, without the file's name (the
// entry's Path holds it) or the body: an episode, or why it is not one.
type parsed struct {
	Article  parse.Article // no File, Body or Warnings
	Warnings []note
	Skip     string
	Err      *note // a version that cannot be used
	// body is the Body of an article parsed in this build; the state does
	// not keep it (gob leaves unexported fields out): Archive.Body reads it
	// again when an episode must be rendered again.
	body string
}

type note struct {
	Line int
	Text string
}

// brokenVersion is a version of the history that could not be read.
type brokenVersion struct {
	Path   string
	Commit string
	When   time.Time
	Err    note
}

func parsedOf(a parse.Article, err error) parsed {
	var skip *parse.SkipError
	var perr *parse.Error
	switch {
	case errors.As(err, &skip):
		return parsed{Skip: skip.Reason}
	case errors.As(err, &perr):
		return parsed{Err: &note{perr.Line, perr.Err.Error()}}
	case err != nil:
		return parsed{Err: &note{0, err.Error()}}
	}
	v := parsed{Article: a, body: a.Body}
	for _, w := range a.Warnings {
		n := note{0, w.Error()}
		if errors.As(w, &perr) {
			n = note{perr.Line, perr.Err.Error()}
		}
		v.Warnings = append(v.Warnings, n)
	}
	v.Article.File, v.Article.Body, v.Article.Warnings = "", "", nil
	return v
}

// episode reports whether the version is an episode.
func (v *parsed) episode() bool { return v.Skip == "" && v.Err == nil }

// article is the version's article as a build names its file.
func (v *parsed) article(file string) parse.Article {
	a := v.Article
	a.File, a.Body = file, v.body
	for _, w := range v.Warnings {
		a.Warnings = append(a.Warnings, &parse.Error{File: file, Line: w.Line, Err: errors.New(w.Text)})
	}
	return a
}

// id is the version's episode ID, for the file as a build names it.
func (v *parsed) id(file string) string {
	a := parse.Article{File: file, PostID: v.Article.PostID}
	return a.ID()
}

// treeFile is a file of the work tree.
type treeFile struct {
	name   string
	blob   string
	src    []byte // when it was read
	parsed parsed
	fresh  bool  // parsed in this build, not taken from the state
	err    error // reading it
}

// readTree reads and parses the work tree's files, or takes them from the
// state where a file's blob id is its entry's. The state is r.old once
// loaded is closed: the files' blob ids are found while it is decoded.
func (r *reader) readTree(names []string, badLinks map[string]error, loaded <-chan struct{}) []treeFile {
	files := make([]treeFile, len(names))
	pool.Each(len(names), func(i int) { files[i] = r.readFile(names[i], badLinks[names[i]]) })
	<-loaded
	known := make(map[string]pathEntry, len(r.old.Tree))
	for _, e := range r.old.Tree {
		known[e.Path] = e
	}
	pool.Each(len(files), func(i int) { r.parseFile(&files[i], known) })
	for _, f := range files {
		if f.err == nil && f.parsed.Err == nil {
			r.now.Tree = append(r.now.Tree, pathEntry{Path: f.name, Blob: f.blob, Parsed: f.parsed})
			r.changed = r.changed || f.fresh
		}
	}
	r.changed = r.changed || len(r.now.Tree) != len(r.old.Tree)
	return files
}

// readFile finds the blob id of one file of the work tree: from the
// cache, by its stat data, or by reading it (src then holds its bytes).
func (r *reader) readFile(name string, badLink error) treeFile {
	f := treeFile{name: name, err: badLink}
	if f.err == nil {
		f.blob, f.src, f.err = blobOf(r.cache, filepath.Join(r.dir, filepath.FromSlash(name)))
	}
	return f
}

// parseFile parses a file that readFile read, or takes its parse from the
// state's entry for its path when the entry's blob id is the file's.
func (r *reader) parseFile(f *treeFile, known map[string]pathEntry) {
	if f.err != nil {
		return
	}
	if e, ok := known[f.name]; ok && e.Blob == f.blob {
		f.parsed = e.Parsed
		return
	}
	if f.src == nil {
		if f.src, f.err = os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(f.name))); f.err != nil {
			return
		}
	}
	f.parsed = parsedOf(r.parser.Parse(r.display(f.name), f.src))
	f.fresh = true
}

// archive makes the Archive: each path's episode, from the work tree when
// it holds a version that is one and that the history does not (an
// uncommitted edit, a new file), else from the history.
func (r *reader) archive(tree []treeFile, hist []pathEntry) *Archive {
	arch := &Archive{Dir: r.dir, Added: map[string]time.Time{}, Keys: map[string]cache.Key{},
		blobs: map[string]string{}, inTree: map[string]bool{}, inFolder: map[string]bool{}, parser: r.parser, repo: r.repo}
	inHist := map[string]pathEntry{}
	for _, e := range hist {
		inHist[e.Path] = e
	}
	type episode struct {
		path, blob string
		parsed     parsed
		inTree     bool
		added      time.Time
	}
	var eps []episode
	treeBlob := map[string]string{}
	for _, f := range tree {
		file := r.display(f.name)
		arch.inFolder[file] = true
		if f.err != nil {
			// The file is named already.
			var pe *fs.PathError
			var fe *folder.Error
			if errors.As(f.err, &pe) {
				f.err = pe.Err
			} else if errors.As(f.err, &fe) {
				f.err = errors.New(fe.Problem)
			}
			arch.Errors = append(arch.Errors, &parse.Error{File: file, Err: f.err})
			continue
		}
		treeBlob[f.name] = f.blob
		h, inHistory := inHist[f.name]
		switch {
		case inHistory && h.Blob == f.blob:
			// The same version: taken from the history below.
		case f.parsed.Err != nil:
			arch.Errors = append(arch.Errors, &parse.Error{File: file, Line: f.parsed.Err.Line, Err: errors.New(f.parsed.Err.Text)})
		case f.parsed.episode():
			e := episode{path: f.name, blob: f.blob, parsed: f.parsed, inTree: true}
			if inHistory && h.Parsed.id(file) == f.parsed.id(file) {
				e.added = h.Added
			}
			eps = append(eps, e)
			delete(inHist, f.name)
		case !inHistory:
			arch.Skipped = append(arch.Skipped, &parse.SkipError{File: file, Reason: f.parsed.Skip})
		}
	}
	for _, h := range inHist {
		eps = append(eps, episode{path: h.Path, blob: h.Blob, parsed: h.Parsed, inTree: treeBlob[h.Path] == h.Blob, added: h.Added})
	}
	for _, o := range r.now.Others {
		if _, ok := treeBlob[o.Path]; !ok {
			arch.Skipped = append(arch.Skipped, &parse.SkipError{File: r.display(o.Path), Reason: o.Parsed.Skip})
		}
	}
	for _, b := range r.now.Broken {
		arch.notes = append(arch.notes, &parse.Error{File: r.display(b.Path), Line: b.Err.Line,
			Err: fmt.Errorf("%s (the version of commit %.7s, %s); that version is not an episode", b.Err.Text, b.Commit, b.When.Format("2006-01-02"))})
	}
	sort.Slice(eps, func(i, j int) bool { return eps[i].path < eps[j].path })
	sort.Slice(arch.Skipped, func(i, j int) bool { return arch.Skipped[i].File < arch.Skipped[j].File })
	for _, e := range eps {
		file := r.display(e.path)
		arch.Articles = append(arch.Articles, e.parsed.article(file))
		arch.Keys[file] = cache.KeyOf("article", r.code, parserKey(r.parser), e.path, e.blob)
		arch.blobs[file], arch.inTree[file] = e.blob, e.inTree
		if !e.added.IsZero() {
			arch.Added[file] = e.added
		}
	}
	return arch
}

// blobOf returns the blob id of the file at name: from the cache when the
// file's path and stat data are those it had, else by reading it, in which
// case the bytes are returned too.
func blobOf(c *cache.Cache, name string) (blob string, src []byte, err error) {
	blob, _, err = c.File("blob", name, func(f *os.File, size int64) (string, error) {
		// Read as os.ReadFile reads: into a buffer of the file's size.
		var b bytes.Buffer
		b.Grow(int(size) + bytes.MinRead)
		if _, err := b.ReadFrom(f); err != nil {
			return "", err
		}
		src = b.Bytes()
		return gitBlobID(src), nil
	})
	return blob, src, err
}

// parserKey is what of the parser's settings shapes an article.
func parserKey(p parse.Parser) string {
	loc := "UTC"
	if p.Location != nil {
		loc = p.Location.String()
	}
	return fmt.Sprintf("%s\x00%s\x00%t", p.Series, loc, p.NoCovers)
}

// gitBlobID is the id git gives a blob of these bytes: an article's
// content key, the same whether the bytes come from the work tree or from
// the history.
func gitBlobID(b []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}
