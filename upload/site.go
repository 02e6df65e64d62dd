package upload

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ScanSite lists the files of the site folder with their sizes and MD5s.
// MD5s come from the cache when a file's path, size and modification time
// are unchanged, so an unchanged site is not read again.
func ScanSite(dir string, cache *HashCache) ([]LocalFile, error) {
	type entry struct {
		rel  string
		info fs.FileInfo
	}
	var entries []entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // temporary and hidden files are not part of the site
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		entries = append(entries, entry{filepath.ToSlash(rel), info})
		return nil
	})
	if err != nil {
		return nil, err
	}
	files := make([]LocalFile, len(entries))
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, e := range entries {
		abs, _ := filepath.Abs(filepath.Join(dir, filepath.FromSlash(e.rel)))
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

// Put records a file's MD5.
func (c *HashCache) Put(path string, info fs.FileInfo, sum string) {
	if c == nil {
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
