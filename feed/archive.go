package feed

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/gitlog"
	"github.com/sakurafm/podgen/parse"
)

// Archive is what ReadArchive found in a folder of articles, in path order.
type Archive struct {
	Dir      string
	Articles []parse.Article
	Skipped  []*parse.SkipError // files that are not episodes of the series
	Errors   []error            // *parse.Error for each article that could not be used
	// Added is the author date of the commit that first added each
	// article, by Article.File, when the folder is in a git repository.
	Added   map[string]time.Time
	Shallow bool // the git history is shallow: some dates may be missing
	// keys identifies what each article is made of (its bytes, its name
	// in the folder, the parser and podgen's code), by Article.File.
	keys   map[string]cache.Key
	parser parse.Parser
}

// Warnings returns the warnings of all articles, in path order.
func (a *Archive) Warnings() []error {
	var ws []error
	for i := range a.Articles {
		ws = append(ws, a.Articles[i].Warnings...)
	}
	return ws
}

// body returns an article's body: ReadArchive leaves it out of the
// articles it takes from the cache, and a build needs it only for the
// episodes it renders again.
func (a *Archive) body(art *parse.Article) (string, error) {
	if art.Body != "" || a == nil {
		return art.Body, nil
	}
	src, err := os.ReadFile(art.File)
	if err != nil {
		return "", err
	}
	again, err := a.parser.Parse(art.File, src)
	return again.Body, err
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

// archiveState is what ReadArchive keeps of an archive between builds:
// each file's blob id and what parsing it gave, in path order. It is found
// in the cache by the archive's identity (see ReadArchive) and used file by
// file only where a file still holds the bytes its entry was parsed from: a
// stale state is merely not used.
type archiveState struct {
	Files []fileEntry
}

type fileEntry struct {
	Name    string        // slash path in the folder
	Blob    string        // gitBlobID of the bytes parsed
	Article parse.Article // without its File (see Name) and Body
	Skip    string        // or why the file is not an episode
}

// entryOf is what the state keeps of a file's parse; ok is false when it
// keeps nothing: an article with warnings (errors, which the cache cannot
// keep) or a file that cannot be used is parsed again next time.
func entryOf(name, blob string, a parse.Article, err error) (e fileEntry, ok bool) {
	var skip *parse.SkipError
	switch {
	case errors.As(err, &skip):
		return fileEntry{Name: name, Blob: blob, Skip: skip.Reason}, true
	case err == nil && len(a.Warnings) == 0:
		e = fileEntry{Name: name, Blob: blob, Article: a}
		e.Article.File, e.Article.Body = "", ""
		return e, true
	}
	return fileEntry{}, false
}

// recall is what parsing the file gave, for the file as a build names it.
func (e fileEntry) recall(display string) (parse.Article, error) {
	if e.Skip != "" {
		return parse.Article{}, &parse.SkipError{File: display, Reason: e.Skip}
	}
	a := e.Article
	a.File = display
	return a, nil
}

// ReadArchive parses every article file under dir (hidden files and
// folders aside) and reads, from git, when each was added. One bad file
// never stops the others: its error is in Archive.Errors; the error
// returned is for a folder that cannot be read at all.
//
// With a cache and code, a file this code parsed before is not parsed
// again, nor read when its path and stat data are those it had: the
// archive's state is kept under its identity, the repository's first
// commit and the folder's path in it (the same from any clone or working
// directory), or the folder's absolute path outside git; each file's entry
// is used only when its blob id is the file's.
func ReadArchive(ctx context.Context, dir string, p parse.Parser, c *cache.Cache, code string) (*Archive, error) {
	fsys := os.DirFS(dir)
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // .git and friends
			}
			return nil
		}
		if isArticleFile(name) && !strings.HasPrefix(d.Name(), ".") {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)

	// The history is read while the files are parsed.
	type history struct {
		h   *gitlog.History
		err error
	}
	hist := make(chan history, 1)
	go func() {
		h, err := gitlog.Read(ctx, dir)
		hist <- history{h, err}
	}()

	if code == "" {
		c = nil // nothing this code makes is kept
	}
	stateKey := cache.KeyOf("archive", code, parserKey(p), archiveIdentity(ctx, dir))
	var old archiveState
	if v, ok := c.Get(stateKey); ok && gob.NewDecoder(bytes.NewReader(v)).Decode(&old) != nil {
		old = archiveState{}
	}
	known := make(map[string]fileEntry, len(old.Files))
	for _, e := range old.Files {
		known[e.Name] = e
	}

	type parsed struct {
		a     parse.Article
		key   cache.Key
		err   error
		entry *fileEntry // what the next build may recall
	}
	results := make([]parsed, len(names))
	parallel(len(names), func(i int) {
		r, name := &results[i], names[i]
		display := path.Join(filepath.ToSlash(dir), name)
		blob, src, err := blobOf(c, filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			r.err = &parse.Error{File: display, Err: err}
			return
		}
		r.key = cache.KeyOf("article", code, parserKey(p), name, blob)
		if e, ok := known[name]; ok && e.Blob == blob {
			r.a, r.err = e.recall(display)
			r.entry = &e
			return
		}
		if src == nil {
			if src, err = fs.ReadFile(fsys, name); err != nil {
				r.err = &parse.Error{File: display, Err: err}
				return
			}
		}
		r.a, r.err = p.Parse(display, src)
		if e, ok := entryOf(name, blob, r.a, r.err); ok {
			r.entry = &e
		}
	})
	if c != nil {
		var now archiveState
		for _, r := range results {
			if r.entry != nil {
				now.Files = append(now.Files, *r.entry)
			}
		}
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(now); err == nil {
			c.Put(stateKey, b.Bytes())
		}
	}

	arch := &Archive{Dir: dir, Added: map[string]time.Time{}, keys: map[string]cache.Key{}, parser: p}
	for _, r := range results {
		var skip *parse.SkipError
		switch {
		case errors.As(r.err, &skip):
			arch.Skipped = append(arch.Skipped, skip)
		case r.err != nil:
			arch.Errors = append(arch.Errors, r.err)
		default:
			arch.Articles = append(arch.Articles, r.a)
			arch.keys[r.a.File] = r.key
		}
	}
	h := <-hist
	if h.err != nil {
		return nil, h.err
	}
	if h.h != nil {
		arch.Shallow = h.h.Shallow
		for i, name := range names {
			if t, ok := h.h.Added[name]; ok && results[i].err == nil {
				arch.Added[results[i].a.File] = t
			}
		}
	}
	return arch, nil
}

// archiveIdentity names an archive folder the same from every clone and
// working directory: its git repository's first commits and its path in
// the repository, or outside git its absolute path.
func archiveIdentity(ctx context.Context, dir string) string {
	if id := gitlog.Identity(ctx, dir); id != "" {
		return "git:" + id
	}
	abs, _ := filepath.Abs(dir)
	return "dir:" + abs
}

// blobOf returns the blob id of the file at name: from the cache when the
// file's path and stat data are those it had, else by reading it, in which
// case the bytes are returned too.
func blobOf(c *cache.Cache, name string) (blob string, src []byte, err error) {
	st, err := os.Stat(name)
	if err != nil {
		return "", nil, err
	}
	key := statKey("blob", name, st)
	if v, ok := c.Get(key); ok {
		return string(v), nil, nil
	}
	if src, err = os.ReadFile(name); err != nil {
		return "", nil, err
	}
	blob = gitBlobID(src)
	c.Put(key, []byte(blob))
	return blob, src, nil
}

// parserKey is what of the parser's settings shapes an article.
func parserKey(p parse.Parser) string {
	loc := "UTC"
	if p.Location != nil {
		loc = p.Location.String()
	}
	return p.Series + "\x00" + loc
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
