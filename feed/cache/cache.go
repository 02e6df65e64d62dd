package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Key identifies a value by what it is made of.
type Key [sha256.Size]byte

// KeyOf hashes parts, each with its length first, so that no two lists of
// parts give the same key.
func KeyOf(parts ...string) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range parts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write([]byte(p))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// With derives the key of another value made of the same inputs (an
// episode's feed item and its page piece, say).
func (k Key) With(part string) Key { return KeyOf(string(k[:]), part) }

// FileName is the cache file in a cache folder.
const FileName = "podgen.cache"

const (
	magic = "podgen-cache 2\n"
	// An entry no build used for keepDays is dropped; so are the least
	// recently used of the entries this build did not use, beyond
	// keepUnused bytes: entries of other podcasts built with the same
	// cache folder (config.ja.yaml's) are kept, but not every entry of
	// every podgen that ran before (a new podgen renders everything
	// again, under new keys).
	keepDays = 14
)

var keepUnused = 256 << 20 // a variable for the tests

// castagnoli is the CRC-32C table: a checksum that finds a damaged file
// at the speed of memory (the file is tens of megabytes).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Cache is a store of values by Key. A nil *Cache holds nothing and keeps
// nothing. Its methods may be called from several goroutines at once.
// Values are shared, not copied: callers must not change them.
type Cache struct {
	file string
	now  uint32 // this build's time, in minutes since 1970

	mu      sync.Mutex
	data    map[Key]entry
	dirty   bool
	pending map[Key]chan struct{} // PutLater's keys; each closed once put

	later sync.WaitGroup // PutLater's goroutines
}

type entry struct {
	value []byte
	used  uint32 // when a build last used it, in minutes since 1970
	now   bool   // this build used it
}

// Open reads the cache file in dir; dir "" gives a nil Cache.
func Open(dir string) *Cache {
	if dir == "" {
		return nil
	}
	c := &Cache{file: filepath.Join(dir, FileName), now: uint32(time.Now().Unix() / 60), data: map[Key]entry{}}
	if b, err := os.ReadFile(c.file); err == nil {
		if d, ok := decode(b); ok {
			c.data = d
		}
	}
	return c
}

// decode reads a cache file; ok is false for anything but a whole file of
// this version.
func decode(b []byte) (map[Key]entry, bool) {
	if len(b) < len(magic)+4 || !bytes.HasPrefix(b, []byte(magic)) {
		return nil, false
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	if binary.LittleEndian.Uint32(sum) != crc32.Checksum(body, castagnoli) {
		return nil, false
	}
	d := map[Key]entry{}
	rest := body[len(magic):]
	for len(rest) > 0 {
		if len(rest) < sha256.Size+4 {
			return nil, false
		}
		var k Key
		copy(k[:], rest)
		used := binary.LittleEndian.Uint32(rest[sha256.Size:])
		rest = rest[sha256.Size+4:]
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		rest = rest[w:]
		d[k] = entry{value: rest[:n:n], used: used}
		rest = rest[n:]
	}
	return d, true
}

// Get returns the value of k.
func (c *Cache) Get(k Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for wait, ok := c.pending[k]; ok; wait, ok = c.pending[k] {
		c.mu.Unlock()
		<-wait
		c.mu.Lock()
	}
	e, ok := c.data[k]
	if ok && !e.now {
		// Written again only when it was last used on another day: a
		// rebuild that changed nothing writes nothing.
		c.dirty = c.dirty || e.used/1440 != c.now/1440
		e.used, e.now = c.now, true
		c.data[k] = e
	}
	return e.value, ok
}

// Put keeps v as the value of k.
func (c *Cache) Put(k Key, v []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.data[k]; ok && e.now && bytes.Equal(e.value, v) {
		return
	}
	c.data[k] = entry{value: v, used: c.now, now: true}
	c.dirty = true
}

// PutLater keeps the value that value returns, if ok, as the value of k.
// value runs in the background, for a value that takes long to encode: a
// Get of k, and Save, wait for it. What it encodes must not change until
// it returns, and it must not Get k or Save (they would wait for it); one
// PutLater of a key at a time.
func (c *Cache) PutLater(k Key, value func() (v []byte, ok bool)) {
	if c == nil {
		return
	}
	done := make(chan struct{})
	c.mu.Lock()
	if c.pending == nil {
		c.pending = map[Key]chan struct{}{}
	}
	c.pending[k] = done
	c.mu.Unlock()
	c.later.Go(func() {
		if v, ok := value(); ok {
			c.Put(k, v)
		}
		c.mu.Lock()
		if c.pending[k] == done { // not a later PutLater's
			delete(c.pending, k)
		}
		c.mu.Unlock()
		close(done)
	})
}

// GetJSON decodes the value of k into v, and reports whether it could.
func (c *Cache) GetJSON(k Key, v any) bool {
	b, ok := c.Get(k)
	return ok && json.Unmarshal(b, v) == nil
}

// PutJSON keeps v, encoded as JSON, as the value of k.
func (c *Cache) PutJSON(k Key, v any) {
	if c == nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("cache: %T cannot be encoded: %v", v, err)) // a programming error
	}
	c.Put(k, b)
}

// Save writes the cache file if anything changed, dropping the entries
// that no build used for keepDays and, beyond keepUnused bytes, the least
// recently used of those this build did not use; it replaces the file by
// rename, so that a build that reads it sees the old file or the new one.
func (c *Cache) Save() error {
	if c == nil {
		return nil
	}
	c.later.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	var keys, unused []Key
	for k, e := range c.data {
		switch {
		case e.now:
			keys = append(keys, k)
		case e.used+keepDays*1440 < c.now:
			delete(c.data, k)
			c.dirty = true
		default:
			unused = append(unused, k)
		}
	}
	slices.SortFunc(unused, func(a, b Key) int { return int(int64(c.data[b].used) - int64(c.data[a].used)) })
	size := 0
	for _, k := range unused {
		if size += len(c.data[k].value); size > keepUnused {
			delete(c.data, k)
			c.dirty = true
			continue
		}
		keys = append(keys, k)
	}
	if !c.dirty {
		return nil
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(c.file), FileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	defer os.Remove(f.Name()) // once renamed, there is nothing to remove
	var crc uint32
	w := bufio.NewWriterSize(f, 1<<20)
	out := func(b []byte) {
		w.Write(b)
		crc = crc32.Update(crc, castagnoli, b)
	}
	out([]byte(magic))
	var head [sha256.Size + 4 + binary.MaxVarintLen64]byte
	for _, k := range keys {
		e := c.data[k]
		copy(head[:], k[:])
		binary.LittleEndian.PutUint32(head[sha256.Size:], e.used)
		n := binary.PutUvarint(head[sha256.Size+4:], uint64(len(e.value)))
		out(head[:sha256.Size+4+n])
		out(e.value)
	}
	w.Write(binary.LittleEndian.AppendUint32(nil, crc))
	err = w.Flush() // the first error of any write
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.file)
	}
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	c.dirty = false
	return nil
}
