package cache

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// StatKey is the key of what a file holds, by its absolute path, size and
// modification time, which rsync and make trust too: a file rewritten,
// touched or replaced gets another. what names what is kept under it (an
// MD5, a blob id), so that one file can have several.
func StatKey(what, path string, st os.FileInfo) Key {
	if !filepath.IsAbs(path) {
		if wd, err := workDir(); err == nil {
			path = filepath.Join(wd, path)
		}
	}
	return KeyOf(what, path, strconv.FormatInt(st.Size(), 10), strconv.FormatInt(st.ModTime().UnixNano(), 10))
}

// Racy reports whether a file's stat data cannot yet vouch for what it
// holds: a file changed within the same tick of the clock as it was last
// seen keeps its size and modification time. As git does with "racily
// clean" files, File keeps a StatKey only for a file older than a few
// seconds. (A build's own site files are the exception: it keeps which
// inputs each page it has just written, or found holding what it would
// write, is made of, since nothing else writes the site folder while it
// builds.)
func Racy(st os.FileInfo) bool { return time.Since(st.ModTime()) < 3*time.Second }

// File returns what compute makes of the file at path (a hash of its
// bytes) and the file's size. It is kept under the file's StatKey, so that
// compute runs once for a file, not on every build; a racy file is not
// kept. what names what compute makes; compute is given the file open and
// its size as it was opened.
func (c *Cache) File(what, path string, compute func(f *os.File, size int64) (string, error)) (string, int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", 0, err
	}
	if v, ok := c.Get(StatKey(what, path, st)); ok {
		return string(v), st.Size(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil { // what compute reads
		return "", 0, err
	}
	v, err := compute(f, st.Size())
	if err != nil {
		return "", 0, err
	}
	if !Racy(st) {
		c.Put(StatKey(what, path, st), []byte(v))
	}
	return v, st.Size(), nil
}

// workDir is the working directory, asked once: StatKey runs for every
// file a build looks at.
var workDir = sync.OnceValues(os.Getwd)
