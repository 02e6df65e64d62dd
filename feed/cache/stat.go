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
// clean" files, a StatKey is kept only for a file older than a few
// seconds.
func Racy(st os.FileInfo) bool { return time.Since(st.ModTime()) < 3*time.Second }

// workDir is the working directory, asked once: StatKey runs for every
// file a build looks at.
var workDir = sync.OnceValues(os.Getwd)
