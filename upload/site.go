package upload

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// ScanSite lists the files of the site folder with their sizes and MD5s.
// MD5s come from the cache when a file's path, size and modification time
// are unchanged, so an unchanged site is not read again.
//
// A symlink is the file or folder it points at, which must be inside the
// site folder: a link to a file elsewhere would publish it, and a dangling
// one would leave the feed pointing at nothing. Those, and links to a
// folder they are in, are errors naming the link, all reported at once.
func ScanSite(dir string, cache *HashCache) ([]LocalFile, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such site folder: run podgen build first (or give its --out)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("site folder: %w", err)
	}
	w := &siteWalk{dir: dir, root: root}
	w.walk(root, "", []string{root})
	if err := errors.Join(w.errs...); err != nil {
		return nil, err
	}
	entries := w.entries
	files := make([]LocalFile, len(entries))
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, e := range entries {
		abs := e.file
		files[i] = LocalFile{Path: e.rel, Size: e.info.Size()}
		if sum, ok := cache.Get(abs, e.info); ok {
			files[i].MD5 = sum
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			sum, err := fileMD5(abs)
			files[i].MD5, errs[i] = sum, err
			if err == nil {
				cache.Put(abs, e.info, sum)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// siteWalk lists a site folder, following the symlinks that stay in it.
type siteWalk struct {
	dir     string // as the caller named it, for messages
	root    string // its real absolute path
	entries []siteEntry
	errs    []error
}

type siteEntry struct {
	rel  string // slash path in the site
	file string // the real file to read
	info fs.FileInfo
}

// walk lists the real folder dir as the site path rel; above are the real
// folders it is in, so that a link to one of them is a loop, not a walk
// that never ends.
func (w *siteWalk) walk(dir, rel string, above []string) {
	des, err := os.ReadDir(dir)
	if err != nil {
		w.errs = append(w.errs, err)
		return
	}
	for _, d := range des {
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			continue // temporary and hidden files are not part of the site
		}
		p, r := filepath.Join(dir, name), path.Join(rel, name)
		switch {
		case d.IsDir():
			w.walk(p, r, append(above, p))
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				w.errs = append(w.errs, err)
				continue
			}
			w.entries = append(w.entries, siteEntry{r, p, info})
		case d.Type()&fs.ModeSymlink != 0:
			w.link(p, r, above)
		}
	}
}

func (w *siteWalk) link(p, rel string, above []string) {
	bad := func(format string, args ...any) {
		w.errs = append(w.errs, fmt.Errorf("%s: a symlink to "+format, append([]any{filepath.Join(w.dir, filepath.FromSlash(rel))}, args...)...))
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		to, _ := os.Readlink(p)
		if errors.Is(err, fs.ErrNotExist) {
			bad("%s, which does not exist", to)
		} else {
			bad("%s: %v", to, err)
		}
		return
	}
	if target != w.root && !strings.HasPrefix(target, w.root+string(filepath.Separator)) {
		bad("%s, outside the site folder", target)
		return
	}
	info, err := os.Stat(target)
	if err != nil {
		w.errs = append(w.errs, err)
		return
	}
	switch {
	case info.IsDir() && slices.Contains(above, target):
		bad("a folder it is in (%s)", filepath.Join(w.dir, strings.TrimPrefix(target, w.root)))
	case info.IsDir():
		w.walk(target, rel, append(above, target))
	case info.Mode().IsRegular():
		w.entries = append(w.entries, siteEntry{rel, target, info})
	}
}

func fileMD5(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// HashCache remembers MD5s by absolute path, size and modification time, in
// a JSON file. A missing or unreadable cache file is an empty cache: the
// cache only saves work, it never decides anything.
type HashCache struct {
	file    string
	mu      sync.Mutex
	entries map[string]hashEntry
	dirty   bool
}

// racyWindow is how recent a change must be for its stat data not to
// vouch for the content: well over any file system's timestamp step.
const racyWindow = 3 * time.Second

type hashEntry struct {
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
	MD5   string `json:"md5"`
}

// OpenHashCache reads the cache file; "" gives a cache that is never saved.
func OpenHashCache(file string) *HashCache {
	c := &HashCache{file: file, entries: map[string]hashEntry{}}
	if file == "" {
		return c
	}
	if b, err := os.ReadFile(file); err == nil {
		if json.Unmarshal(b, &c.entries) != nil {
			c.entries = map[string]hashEntry{}
		}
	}
	return c
}

// Get returns the cached MD5 of a file whose size and mtime are unchanged.
func (c *HashCache) Get(path string, info fs.FileInfo) (string, bool) {
	if c == nil {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[path]
	if !ok || e.Size != info.Size() || e.MTime != info.ModTime().UnixNano() {
		return "", false
	}
	return e.MD5, true
}

// Put records a file's MD5, unless the file changed in the last seconds:
// a write after the hash within the file system's timestamp granularity
// leaves size and mtime as they were, and Get would vouch for an MD5 the
// file no longer has (git's "racily clean" files). Such a file is hashed
// again next time.
func (c *HashCache) Put(path string, info fs.FileInfo, sum string) {
	if c == nil || time.Since(info.ModTime()) < racyWindow {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[path] = hashEntry{Size: info.Size(), MTime: info.ModTime().UnixNano(), MD5: sum}
	c.dirty = true
}

// Save writes the cache file if anything changed.
func (c *HashCache) Save() error {
	if c == nil || c.file == "" || !c.dirty {
		return nil
	}
	c.mu.Lock()
	b, err := json.Marshal(c.entries)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return err
	}
	tmp := c.file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, c.file)
}
