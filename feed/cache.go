package feed

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sakurafm/podgen/internal/rawfile"
	"github.com/sakurafm/podgen/parse"
)

// Cache keeps what a build learned, so that the next one does not do it
// again: audio probe results and MD5s; each article as parsed (without its
// body); each episode's feed item, page piece and transcript as rendered and
// checked. It only saves work, never decides: a missing, stale or corrupt
// cache gives the same site, just slower.
//
// Everything is keyed by content. The key of a file tracked by git and
// unchanged since its checkout is its blob id, from one `git ls-files -s`
// for the folder (free: git already knows it), so a fresh CI checkout,
// whose mtimes are all new, still hits; other audio files are keyed by
// path, size and mtime, other articles are parsed again. An episode's key
// is a hash of everything its item, page piece and transcript are made of.
// Parsed articles and rendered episodes are only used by the code that made
// them (Config.Code): a new podgen renders everything again.
type Cache struct {
	file string
	mu   sync.Mutex
	data cacheData
	used map[string]bool // articles and episodes this build used, by file
	code string          // the code of this build, once forCode said it
	// digests of the articles recalled or remembered, by Article.File
	digests map[string]string
	dirty   bool

	// The transcripts in the site folder, by Article.File, in a file of
	// their own: they are known only once the site is written, which is
	// when the rest is saved, on another core.
	smu          sync.Mutex
	scripts      map[string]scriptStamp
	scriptsDirty bool
	saveErr      error // of a save that ran in the background

	qmu     sync.Mutex
	blobs   map[string]*query[map[string]string] // gitBlobs by folder, from Prefetch
	history *query[historyResult]                // of the folder historyDir, from PrefetchHistory

	historyDir string

	release func() // unmaps the cache file read by Load, which items and pages point into
}

// query is a result worked out in the background.
type query[T any] struct {
	done chan struct{}
	v    T
}

func startQuery[T any](f func() T) *query[T] {
	q := &query[T]{done: make(chan struct{})}
	go func() {
		defer close(q.done)
		q.v = f()
	}()
	return q
}

// wait returns the result once it is there.
func (q *query[T]) wait() T {
	<-q.done
	return q.v
}

// historyResult is what ReadGitHistory returns.
type historyResult struct {
	h   *GitHistory
	err error
}

// Prefetch starts asking git about the files in dirs (the articles and the
// audio folders), in the background: what ArticleMemory and Prepare will
// need is then found while podgen identifies its own code, instead of
// after it. A Cache serves one build: what git said is not asked again.
func (c *Cache) Prefetch(ctx context.Context, dirs ...string) {
	if c == nil {
		return
	}
	if _, err := os.Stat(c.file); err != nil {
		return // no cache file: nothing to recall, nothing to ask git
	}
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.blobs == nil {
		c.blobs = map[string]*query[map[string]string]{}
	}
	for _, dir := range dirs {
		if dir != "" && c.blobs[dir] == nil {
			c.blobs[dir] = startQuery(func() map[string]string { return gitBlobs(ctx, dir) })
		}
	}
}

// PrefetchHistory starts reading the git history of the articles folder in
// the background, for the dates of articles without one; Prepare takes it
// from there instead of asking git once the articles are read.
func (c *Cache) PrefetchHistory(ctx context.Context, dir string) {
	if c == nil || dir == "" {
		return
	}
	c.qmu.Lock()
	defer c.qmu.Unlock()
	if c.history == nil {
		c.historyDir = dir
		c.history = startQuery(func() historyResult {
			h, err := ReadGitHistory(ctx, dir)
			return historyResult{h, err}
		})
	}
}

// gitHistory is ReadGitHistory, through what PrefetchHistory started.
func (c *Cache) gitHistory(ctx context.Context, dir string) (*GitHistory, error) {
	if c != nil {
		c.qmu.Lock()
		q, qdir := c.history, c.historyDir
		c.qmu.Unlock()
		if q != nil && qdir == dir {
			r := q.wait()
			return r.h, r.err
		}
	}
	return ReadGitHistory(ctx, dir)
}

// gitBlobs is gitBlobs, through what Prefetch started.
func (c *Cache) gitBlobs(ctx context.Context, dir string) map[string]string {
	if c != nil {
		c.qmu.Lock()
		q := c.blobs[dir]
		c.qmu.Unlock()
		if q != nil {
			return q.wait()
		}
	}
	return gitBlobs(ctx, dir)
}

type cacheData struct {
	Version  int
	Code     string // the code that parsed the articles and rendered the episodes
	Media    map[string]cachedFile
	Articles map[string]cachedArticle // by the article's slash path relative to its folder
	Episodes map[string]cachedEpisode // by Article.File
}

type cachedFile struct {
	Size     int64
	Type     string
	Ext      string
	Duration time.Duration
	MD5      string
}

// cachedArticle is an article as parsed, without its body, or why it was
// skipped.
type cachedArticle struct {
	Blob    string // gitBlobID of the bytes parsed
	Parser  string // parserKey of the parser's settings
	Digest  string // blobDigest: what the article is made of
	Article parse.Article
	Skip    string
}

// cachedEpisode is an episode as rendered and checked.
type cachedEpisode struct {
	Key   string    // episodeKey: what it is made of
	Facts itemFacts // what Check found in the item
	// The feed item, as it sits in the document, and the episode's piece
	// of index.html: in the blob, not the gob.
	item, page []byte
	// Where item and page are in the cache file's blob.
	ItemAt, ItemLen, PageAt, PageLen int
}

// fileStamp says a file is still the one a build wrote: same path, size
// and modification time.
type fileStamp struct {
	Path    string
	Size    int64
	ModTime int64
}

const cacheVersion = 4

// scriptsSuffix names the file of the transcripts' stamps.
const scriptsSuffix = ".scripts"

// OpenCache reads the cache file; "" gives a cache that is never saved.
// It is NewCache, then Load.
func OpenCache(file string) *Cache {
	c := NewCache(file)
	c.Load()
	return c
}

// NewCache is an empty cache that saves to file; "" gives a cache that is
// never saved. Load reads what file holds: Prefetch may start before.
func NewCache(file string) *Cache {
	c := &Cache{file: file, used: map[string]bool{}, digests: map[string]string{}, scripts: map[string]scriptStamp{}}
	c.reset("")
	return c
}

// Load reads the cache file, if there is one and it is whole: the file is
// mapped into memory (rawfile.Map), and the cached items and page pieces
// are read from there when a build uses them; Close unmaps it. A missing
// or damaged file leaves the cache empty.
func (c *Cache) Load() {
	if c == nil || c.file == "" {
		return
	}
	if scripts := readScripts(c.file + scriptsSuffix); scripts != nil {
		c.smu.Lock()
		c.scripts = scripts
		c.smu.Unlock()
	}
	b, release, err := rawfile.Map(c.file)
	if err != nil {
		return
	}
	d, ok := decodeCache(b)
	if !ok {
		release()
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data = d
	if c.release != nil {
		c.release()
	}
	c.release = release
}

// Close lets go of the cache file that Load mapped: nothing read from the
// cache (a Site that Prepare made with it) may be used after. Save first.
func (c *Cache) Close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.release != nil {
		c.data = cacheData{}
		c.reset("")
		c.release()
		c.release = nil
	}
}

// The cache file: the length of the data (8 bytes, little endian), a
// CRC-32C of what follows it and then of the length (4 bytes), the data
// (gob values, see encodeMeta), then the blob of
// feed items and page pieces, which are tens of megabytes: read in one go
// and sliced, never copied or decoded. The checksum catches a damaged file
// (cached items are not checked again).
func decodeCache(b []byte) (d cacheData, ok bool) {
	defer func() {
		if recover() != nil { // whatever the bytes: a damaged cache is an empty one
			d, ok = cacheData{}, false
		}
	}()
	if len(b) < cacheHeader || cacheCRC(b[cacheHeader:], b[:8]) != binary.LittleEndian.Uint32(b[8:]) {
		return d, false
	}
	n := binary.LittleEndian.Uint64(b)
	if n > uint64(len(b)-cacheHeader) {
		return d, false
	}
	if d, ok = decodeMeta(b[cacheHeader : cacheHeader+n]); !ok {
		return cacheData{}, false
	}
	blob := b[cacheHeader+n:]
	in := func(at, n int) bool { return at >= 0 && n >= 0 && at <= len(blob) && n <= len(blob)-at }
	for file, e := range d.Episodes {
		if !in(e.ItemAt, e.ItemLen) || !in(e.PageAt, e.PageLen) {
			return cacheData{}, false
		}
		e.item = blob[e.ItemAt : e.ItemAt+e.ItemLen : e.ItemAt+e.ItemLen]
		e.page = blob[e.PageAt : e.PageAt+e.PageLen : e.PageAt+e.PageLen]
		d.Episodes[file] = e
	}
	return d, true
}

// The data is a stream of gob values: a cacheHead, then each entry of the
// maps, one value each. One value for the whole data made gob grow one
// buffer to tens of megabytes (a cold build spent a tenth of its time on
// it); a value per entry reuses a small one.
type cacheHead struct {
	Version                   int
	Code                      string
	Media, Articles, Episodes int // how many entries follow, of each
}

// entry is one entry of one of the data's maps.
type entry[V any] struct {
	Key   string
	Value V
}

// encodeMeta writes the data as a stream of gob values, each map in key
// order (the same data gives the same bytes).
func encodeMeta(w io.Writer, d *cacheData) error {
	enc := gob.NewEncoder(w)
	if err := enc.Encode(cacheHead{Version: d.Version, Code: d.Code, Media: len(d.Media), Articles: len(d.Articles), Episodes: len(d.Episodes)}); err != nil {
		return err
	}
	if err := encodeEntries(enc, d.Media); err != nil {
		return err
	}
	if err := encodeEntries(enc, d.Articles); err != nil {
		return err
	}
	return encodeEntries(enc, d.Episodes)
}

func encodeEntries[V any](enc *gob.Encoder, m map[string]V) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := enc.Encode(entry[V]{k, m[k]}); err != nil {
			return err
		}
	}
	return nil
}

// decodeMeta reads what encodeMeta wrote.
func decodeMeta(b []byte) (cacheData, bool) {
	dec := gob.NewDecoder(bytes.NewReader(b))
	var h cacheHead
	if dec.Decode(&h) != nil || h.Version != cacheVersion || h.Media < 0 || h.Articles < 0 || h.Episodes < 0 {
		return cacheData{}, false
	}
	// Each entry takes a few bytes at least: counts the bytes cannot hold
	// are a damaged file, not an allocation.
	if h.Media > len(b) || h.Articles > len(b) || h.Episodes > len(b) || h.Media+h.Articles+h.Episodes > len(b) {
		return cacheData{}, false
	}
	d := cacheData{Version: h.Version, Code: h.Code}
	var ok bool
	if d.Media, ok = decodeEntries[cachedFile](dec, h.Media); !ok {
		return cacheData{}, false
	}
	if d.Articles, ok = decodeEntries[cachedArticle](dec, h.Articles); !ok {
		return cacheData{}, false
	}
	if d.Episodes, ok = decodeEntries[cachedEpisode](dec, h.Episodes); !ok {
		return cacheData{}, false
	}
	return d, true
}

// decodeEntries reads n entries of a map.
func decodeEntries[V any](dec *gob.Decoder, n int) (map[string]V, bool) {
	m := make(map[string]V, n)
	for range n {
		var e entry[V]
		if dec.Decode(&e) != nil {
			return nil, false
		}
		m[e.Key] = e.Value
	}
	return m, true
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// cacheHeader is the length of the cache file's header.
const cacheHeader = 12

// crcWriter counts and checksums what it writes.
type crcWriter struct {
	w   io.Writer
	n   int64
	crc uint32
}

func (c *crcWriter) Write(p []byte) (int, error) {
	c.crc = crc32.Update(c.crc, castagnoli, p)
	c.n += int64(len(p))
	return c.w.Write(p)
}

// cacheCRC is the CRC-32C of the pieces in order.
func cacheCRC(pieces ...[]byte) uint32 {
	var crc uint32
	for _, p := range pieces {
		crc = crc32.Update(crc, castagnoli, p)
	}
	return crc
}

// readScripts reads the transcripts' stamps; nil when there are none or
// the file is damaged.
func readScripts(file string) (scripts map[string]scriptStamp) {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	defer func() {
		if recover() != nil {
			scripts = nil
		}
	}()
	if gob.NewDecoder(bufio.NewReader(f)).Decode(&scripts) != nil {
		return nil
	}
	return scripts
}

func (c *Cache) reset(code string) {
	media := c.data.Media
	if media == nil {
		media = map[string]cachedFile{}
	}
	c.data = cacheData{Version: cacheVersion, Code: code, Media: media,
		Articles: map[string]cachedArticle{}, Episodes: map[string]cachedEpisode{}}
}

// forCode drops parsed articles and rendered episodes of other code; it
// reports whether they can be kept at all (code is known).
func (c *Cache) forCode(code string) bool {
	if c == nil || code == "" {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.data.Code != code {
		c.reset(code)
		c.dirty = true
	}
	c.code = code
	return true
}

// holdsMedia reports whether the cache knows any audio file.
func (c *Cache) holdsMedia() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.data.Media) > 0
}

func (c *Cache) media(key string) (cachedFile, bool) {
	if c == nil || key == "" {
		return cachedFile{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.data.Media[key]
	return f, ok
}

func (c *Cache) putMedia(key string, m Media, sum string) {
	if c == nil || key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data.Media[key] = cachedFile{Size: m.Size, Type: m.Type, Ext: m.Ext, Duration: m.Duration, MD5: sum}
	c.dirty = true
}

// ArticleMemory is parse.Walk's memory of the articles in dir: an article
// whose file git tracks, unchanged, and that this code parsed before
// (without warnings) is recalled without reading it. What Walk parses is
// kept under the git blob id of the bytes it parsed (gitBlobID), so that
// the next build recalls it by what git says of the file. code identifies
// podgen's code; it is called once. When the cache holds no parsed
// article (a first build), there is nothing to recall: the memory asks git
// nothing and does not wait for the code, Walk starts at once, and what it
// parses is kept once the code is known (Wait). Nil on a nil Cache or
// without code.
func (c *Cache) ArticleMemory(ctx context.Context, code func() string, dir string, p parse.Parser) *ArticleMemory {
	if c == nil || code == nil {
		return nil
	}
	m := &ArticleMemory{c: c, parser: parserKey(p), done: make(chan struct{})}
	c.mu.Lock()
	m.recall = len(c.data.Articles) > 0
	c.mu.Unlock()
	start := func() {
		defer close(m.done)
		if !c.forCode(code()) {
			m.setReady(false)
			return
		}
		if m.recall {
			m.blobs = c.gitBlobs(ctx, dir)
		}
		m.setReady(true)
	}
	if m.recall {
		start() // Recall needs both
	} else {
		go start()
	}
	return m
}

// ArticleMemory remembers parsed articles between builds; see
// Cache.ArticleMemory.
type ArticleMemory struct {
	c      *Cache
	parser string // parserKey
	recall bool   // the cache holds parsed articles: Recall looks

	done  chan struct{} // closed once the code (and, to recall, the blobs) are known
	blobs map[string]string

	pmu     sync.Mutex
	ready   bool      // the code is known: what Walk parses goes in at once
	keep    bool      // the cache is this code's: articles can be kept at all
	pending []pending // parsed before that
}

// pending is an article Walk parsed before the memory could keep it.
type pending struct {
	name string
	e    cachedArticle
}

// setReady lets Remember keep articles (if keep) and keeps those that
// came before.
func (m *ArticleMemory) setReady(keep bool) {
	m.pmu.Lock()
	m.ready, m.keep = true, keep
	early := m.pending
	m.pending = nil
	m.pmu.Unlock()
	if keep {
		for _, p := range early {
			m.put(p.name, p.e)
		}
	}
}

// Wait returns once every article Walk remembered is in the cache.
func (m *ArticleMemory) Wait() {
	if m != nil {
		<-m.done
	}
}

// parserKey is what of the parser's settings shapes an article: an
// article parsed for another series or time zone is parsed again.
func parserKey(p parse.Parser) string {
	loc := "UTC"
	if p.Location != nil {
		loc = p.Location.String()
	}
	return p.Series + "\x00" + loc
}

// Recall is a parse.Memory: name is the file's slash path in the folder.
func (m *ArticleMemory) Recall(name string) (parse.Article, *parse.SkipError, bool) {
	if m == nil || !m.recall || !m.keep {
		return parse.Article{}, nil, false
	}
	blob := m.blobs[name]
	if blob == "" {
		return parse.Article{}, nil, false
	}
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	e, ok := m.c.data.Articles[name]
	if !ok || e.Blob != blob || e.Parser != m.parser {
		return parse.Article{}, nil, false
	}
	m.c.used["a:"+name] = true
	m.c.digests[e.Article.File] = e.Digest
	if e.Skip != "" {
		return parse.Article{}, &parse.SkipError{File: e.Article.File, Reason: e.Skip}, true
	}
	return e.Article, nil, true
}

// Remember keeps what Walk parsed in the folder: name is the file's slash
// path in the folder; src its bytes; a is the article (nil when skipped).
func (m *ArticleMemory) Remember(name string, src []byte, a *parse.Article, skip *parse.SkipError) {
	if m == nil || (a != nil && len(a.Warnings) > 0) {
		return // only what can be recalled as it was
	}
	e := cachedArticle{Parser: m.parser, Blob: gitBlobID(src)}
	switch {
	case skip != nil:
		e.Article.File, e.Skip = skip.File, skip.Reason
	case a != nil:
		e.Article = *a
		e.Article.Body = ""
		e.Digest = blobDigest(m.parser, a.File, e.Blob)
	default:
		return
	}
	m.pmu.Lock()
	if !m.ready {
		m.pending = append(m.pending, pending{name, e})
		m.pmu.Unlock()
		return
	}
	keep := m.keep
	m.pmu.Unlock()
	if keep {
		m.put(name, e)
	}
}

// put keeps an article Walk parsed.
func (m *ArticleMemory) put(name string, e cachedArticle) {
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	m.c.data.Articles[name] = e
	m.c.used["a:"+name] = true
	if e.Digest != "" {
		m.c.digests[e.Article.File] = e.Digest
	}
	m.c.dirty = true
}

// digest returns the digest (blobDigest) of an article Walk recalled or
// remembered: a recalled one's body is not at hand to hash.
func (c *Cache) digest(file string) (string, bool) {
	if c == nil {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.digests[file]
	return d, ok && d != ""
}

func (c *Cache) episode(file, key string) (cachedEpisode, bool) {
	if c == nil || c.code == "" {
		return cachedEpisode{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.data.Episodes[file]
	if !ok || e.Key != key {
		return cachedEpisode{}, false
	}
	c.used["e:"+file] = true
	return e, true
}

func (c *Cache) putEpisode(file string, e cachedEpisode) {
	if c == nil || c.code == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data.Episodes[file] = e
	c.used["e:"+file] = true
	c.dirty = true
}

// scriptStamp says which episode a transcript in the site folder was
// written from, and that the file is still the one written.
type scriptStamp struct {
	Key  string // episodeKey
	File fileStamp
}

// scriptCurrent reports whether the site holds the transcript of the
// episode of this key, as a build wrote it.
func (c *Cache) scriptCurrent(file, key, path string) bool {
	if c == nil || c.code == "" {
		return false
	}
	c.smu.Lock()
	st, ok := c.scripts[file]
	c.smu.Unlock()
	if !ok || st.Key != key {
		return false
	}
	now, ok := stampOf(path)
	return ok && now == st.File
}

// wroteScript records the transcript of an episode as written.
func (c *Cache) wroteScript(file, key, path string) {
	if c == nil || c.code == "" || key == "" {
		return
	}
	st, ok := stampOf(path)
	if !ok {
		return
	}
	c.smu.Lock()
	defer c.smu.Unlock()
	if c.scripts[file] != (scriptStamp{key, st}) {
		c.scripts[file] = scriptStamp{key, st}
		c.scriptsDirty = true
	}
}

func stampOf(path string) (fileStamp, bool) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return fileStamp{}, false
	}
	return fileStamp{Path: path, Size: st.Size(), ModTime: st.ModTime().UnixNano()}, true
}

// Save writes the cache files if anything changed, atomically, and
// reports the error of an earlier save in the background.
func (c *Cache) Save() error {
	if c == nil || c.file == "" {
		return nil
	}
	return errors.Join(c.saveErr, c.saveData(), c.saveScripts())
}

// saveScripts writes the transcripts' stamps.
func (c *Cache) saveScripts() error {
	c.smu.Lock()
	defer c.smu.Unlock()
	if !c.scriptsDirty {
		return nil
	}
	for file := range c.scripts {
		if !c.used["e:"+file] {
			delete(c.scripts, file)
		}
	}
	err := atomically(c.file+scriptsSuffix, false, func(w io.Writer) error {
		return gob.NewEncoder(w).Encode(c.scripts)
	})
	if err == nil {
		c.scriptsDirty = false
	}
	return err
}

// saveData writes the cache file if anything changed. Articles and
// episodes this build did not use are dropped: the cache holds one archive.
func (c *Cache) saveData() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return nil
	}
	for name := range c.data.Articles {
		if !c.used["a:"+name] {
			delete(c.data.Articles, name)
		}
	}
	for file := range c.data.Episodes {
		if !c.used["e:"+file] {
			delete(c.data.Episodes, file)
		}
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return err
	}
	// Lay the blob out, in file order so that a rebuild reads it in one
	// sweep.
	files := make([]string, 0, len(c.data.Episodes))
	for file := range c.data.Episodes {
		files = append(files, file)
	}
	sort.Strings(files)
	at := 0
	for _, file := range files {
		e := c.data.Episodes[file]
		e.ItemAt, e.ItemLen = at, len(e.item)
		at += len(e.item)
		e.PageAt, e.PageLen = at, len(e.page)
		at += len(e.page)
		c.data.Episodes[file] = e
	}
	// Streamed into the file, the data first: the header, which holds
	// its length and a checksum of what follows, is written last.
	err := atomically(c.file, false, func(f io.Writer) error {
		// Items and page pieces are a few kilobytes each: a system call
		// per megabyte rather than two per episode.
		b := bufio.NewWriterSize(f, 1<<20)
		b.Write(make([]byte, cacheHeader))
		w := &crcWriter{w: b}
		if err := encodeMeta(w, &c.data); err != nil {
			return err
		}
		var head [cacheHeader]byte
		binary.LittleEndian.PutUint64(head[:], uint64(w.n))
		for _, file := range files {
			e := c.data.Episodes[file]
			w.Write(e.item)
			w.Write(e.page)
		}
		if err := b.Flush(); err != nil { // the first error of any write
			return err
		}
		binary.LittleEndian.PutUint32(head[8:], crc32.Update(w.crc, castagnoli, head[:8]))
		_, err := f.(io.WriterAt).WriteAt(head[:], 0)
		return err
	})
	if err == nil {
		c.dirty = false
	}
	return err
}

// saveInBackground starts saveData on another goroutine; wait waits for it.
func (c *Cache) saveInBackground() (wait func()) {
	if c == nil || c.file == "" {
		return func() {}
	}
	done := make(chan error, 1)
	go func() { done <- c.saveData() }()
	return func() { c.saveErr = <-done }
}

// blobDigest is the articleDigest of an article Walk parsed: the file's
// bytes (its blob id), its name and the parser's settings make the
// article, with the code, which episodeKey holds too. Hashing these
// instead of the article's fields spares hashing its body.
func blobDigest(parser, file, blob string) string {
	sum := sha256.Sum256(fields(nil, "git blob", blob, parser, file))
	return hex.EncodeToString(sum[:])
}

// articleDigest identifies everything of an article that its episode is
// made of.
func articleDigest(a *parse.Article) string {
	bp := digestPool.Get().(*[]byte)
	b := fields((*bp)[:0], a.File, a.Series, a.Title, a.Link, a.PostID, a.Description, a.Cover, a.Body, a.TextURL, a.Audio,
		a.Date.UTC().Format(time.RFC3339Nano))
	for _, c := range a.Credits {
		b = fields(b, string(c.Role), c.Organisation, c.Name)
	}
	sum := sha256.Sum256(b)
	*bp = b
	digestPool.Put(bp)
	return hex.EncodeToString(sum[:])
}

var digestPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// episodeKey identifies everything an episode's item, page piece and
// transcript are made of: the code, the article, the episode's fields (its
// body aside: the article and the code make it) and what of the channel
// they show.
func episodeKey(code, article string, ch Channel, base string, e Episode) string {
	bp := digestPool.Get().(*[]byte)
	defer digestPool.Put(bp)
	b := fields((*bp)[:0], code, article, ch.Author, ch.ImageURL, ch.Language, base,
		e.GUID, e.Title, e.Link, e.Description, e.Date.UTC().Format(time.RFC3339Nano), e.URL,
		strconv.FormatInt(e.Length, 10), e.Type, e.Duration.String(), e.ImageURL, strconv.FormatBool(e.Explicit), e.TranscriptURL)
	for _, p := range e.Persons {
		b = fields(b, p.Name, p.Role, p.Group)
	}
	*bp = b
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// fields appends strings with their lengths, so that no two lists of
// fields give the same bytes.
func fields(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// gitBlobs returns the blob id of every file under dir that git tracks and
// that is unchanged in the work tree, keyed by slash path relative to dir:
// one `git ls-files -s` and one `git diff-files`. Outside a work tree, or
// without git, it returns nil.
func gitBlobs(ctx context.Context, dir string) map[string]string {
	if _, err := exec.LookPath("git"); err != nil {
		return nil
	}
	// Files whose stat data differ from the index, by git's own stat
	// comparison (it reads, never writes, the index): changed, or only
	// touched by a checkout that reset mtimes. They fall back to stat keys
	// and are probed again, which costs less than git re-hashing the whole
	// repository; a fresh checkout lists none, though git reads and
	// hashes every racily clean file again to say so (0.7 s of CPU for
	// the benchmark's archive): a first build does not ask (gitBlobID).
	// Not ctime: hard-linking a file into the site changes its ctime, not
	// its content. Asked while the index is listed: the two take as long.
	// The pathspec "." keeps git to dir: without it, git stats every file
	// of the repository, the other folder's too, and only then leaves out
	// what is outside dir.
	var changed []byte
	var changedErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		changed, changedErr = exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "-c", "core.trustctime=false",
			"diff-files", "--name-only", "--relative", "-z", "--", ".").Output()
	}()
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "ls-files", "-s", "-z").Output()
	<-done
	if err != nil || changedErr != nil {
		return nil
	}
	blobs := map[string]string{}
	for _, rec := range bytes.Split(out, []byte{0}) {
		// <mode> SP <blob> SP <stage> TAB <path>
		meta, path, ok := strings.Cut(string(rec), "\t")
		if !ok {
			continue
		}
		if f := strings.Fields(meta); len(f) == 3 && f[2] == "0" {
			blobs[path] = f[1]
		}
	}
	for _, p := range bytes.Split(changed, []byte{0}) {
		delete(blobs, string(p))
	}
	return blobs
}

// gitBlobID is the id git gives a blob of these bytes: what `git ls-files
// -s` lists for a file that holds them (unless git filters the file, as
// with core.autocrlf or LFS: then the two differ, and the cache misses).
// A build computes it from what it reads anyway instead of asking git,
// whose check of a fresh checkout reads and hashes every file again.
func gitBlobID(b []byte) string {
	h := newBlobHash(int64(len(b)))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// newBlobHash is gitBlobID's hash for a blob of size bytes, to write them
// to: its header is written.
func newBlobHash(size int64) hash.Hash {
	h := sha1.New()
	h.Write(append(strconv.AppendInt([]byte("blob "), size, 10), 0))
	return h
}

// blobKey is the cache key of an audio file of this git blob id.
func blobKey(id string) string { return "git:" + id }

// mediaKey is the cache key of an audio file: its git blob id, or its path,
// size and modification time.
func mediaKey(blobs map[string]string, rel, abs string) string {
	if b, ok := blobs[rel]; ok {
		return blobKey(b)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return ""
	}
	if a, err := filepath.Abs(abs); err == nil {
		abs = a
	}
	return fmt.Sprintf("stat:%s:%d:%d", abs, st.Size(), st.ModTime().UnixNano())
}
