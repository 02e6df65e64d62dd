package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Cache keeps what a build learned about audio files (probe results and
// MD5s) and the hash of the last feed that passed Check, in a JSON file
// under the user's cache folder. It only saves work, never decides: a
// missing, stale or corrupt cache gives the same feed, just slower.
//
// The key of a file tracked by git and unchanged since its checkout is its
// blob id, from one `git ls-files -s` for the whole audio folder (free: git
// already knows it), so a fresh CI checkout, whose mtimes are all new,
// still hits; other files are keyed by path, size and mtime.
type Cache struct {
	file  string
	mu    sync.Mutex
	data  cacheData
	dirty bool
}

type cacheData struct {
	Version int                   `json:"version"`
	Media   map[string]cachedFile `json:"media"`
	Checked string                `json:"checked_feed_sha256"` // the last feed that passed Check
}

type cachedFile struct {
	Size     int64         `json:"size"`
	Type     string        `json:"type"`
	Ext      string        `json:"ext"`
	Duration time.Duration `json:"duration_ns"`
	MD5      string        `json:"md5"`
}

const cacheVersion = 1

// OpenCache reads the cache file; "" gives a cache that is never saved.
func OpenCache(file string) *Cache {
	c := &Cache{file: file, data: cacheData{Version: cacheVersion, Media: map[string]cachedFile{}}}
	if file == "" {
		return c
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return c
	}
	var d cacheData
	if json.Unmarshal(b, &d) == nil && d.Version == cacheVersion && d.Media != nil {
		c.data = d
	}
	return c
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

func feedSum(doc []byte) string { s := sha256.Sum256(doc); return hex.EncodeToString(s[:]) }

// checked reports whether these exact bytes passed Check before: Check is
// a pure function of the bytes, so they would pass again.
func (c *Cache) checked(doc []byte) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data.Checked != "" && c.data.Checked == feedSum(doc)
}

func (c *Cache) setChecked(doc []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if sum := feedSum(doc); sum != c.data.Checked {
		c.data.Checked, c.dirty = sum, true
	}
}

// Save writes the cache file if anything changed, atomically.
func (c *Cache) Save() error {
	if c == nil || c.file == "" || !c.dirty {
		return nil
	}
	c.mu.Lock()
	b, err := json.Marshal(c.data)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return err
	}
	return atomically(c.file, false, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// gitBlobs returns the blob id of every file under dir that git tracks and
// that is unchanged in the work tree, keyed by slash path relative to dir:
// one `git ls-files -s` and one `git diff-files`. Outside a work tree, or
// without git, it returns nil.
func gitBlobs(ctx context.Context, dir string) map[string]string {
	if _, err := exec.LookPath("git"); err != nil {
		return nil
	}
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false", "ls-files", "-s", "-z").Output()
	if err != nil {
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
	// Files whose stat data differ from the index, by git's own stat
	// comparison (it reads, never writes, the index): changed, or only
	// touched by a checkout that reset mtimes. They fall back to stat keys
	// and are probed again, which costs less than git re-hashing the whole
	// repository; a fresh checkout lists none.
	changed, err := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false",
		"diff-files", "--name-only", "--relative", "-z").Output()
	if err != nil {
		return nil
	}
	for _, p := range bytes.Split(changed, []byte{0}) {
		delete(blobs, string(p))
	}
	return blobs
}

// mediaKey is the cache key of an audio file: its git blob id, or its path,
// size and modification time.
func mediaKey(blobs map[string]string, rel, abs string) string {
	if b, ok := blobs[rel]; ok {
		return "git:" + b
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
