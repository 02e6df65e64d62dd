package feed

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/sakurafm/podgen/internal/rawfile"
)

const tmpPrefix = ".podgen-tmp-"

// writeFile writes data to name. A file that already holds data is left
// alone (its mtime too, which keeps upload caches warm); it returns 1 when
// it wrote.
//
// A file that exists is replaced through a temporary file and a rename, so
// that readers see the old file or the new one, never half of one; durable
// also syncs it first (the feed: the one file that must never be torn or
// lost). A new file is written in place: creating files is what a cold
// build spends its time on, and no published feed points at a file that
// did not exist, so a write torn by a crash is harmless and the next build
// writes it again.
func writeFile(name string, data []byte, durable bool) (int, error) {
	return writeParts(name, [][]byte{data}, durable)
}

// writeParts is writeFile for data in pieces, which it never joins: the
// feed is tens of megabytes.
func writeParts(name string, parts [][]byte, durable bool) (int, error) {
	write := func(w io.Writer) error {
		if len(parts) == 1 {
			_, err := w.Write(parts[0])
			return err
		}
		// The feed is 10,000 pieces of a few kilobytes: a system call per
		// megabyte, not per piece.
		b := bufio.NewWriterSize(w, 1<<20)
		for _, p := range parts {
			b.Write(p)
		}
		return b.Flush() // the first error of any write
	}
	if !durable {
		// Most files a build writes are new: try that first (one system
		// call where looking first costs two).
		err := createNew(name, write)
		if !errors.Is(err, fs.ErrExist) {
			return 1, err
		}
	}
	same, err := holds(name, parts)
	switch {
	case same:
		return 0, nil
	case err == nil || durable:
		return 1, atomically(name, durable, write)
	}
	return 1, createNew(name, write)
}

// holds reports whether the file holds exactly the pieces; the error is
// the file's when it cannot be read (it does not exist).
func holds(name string, parts [][]byte) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	if st.Size() != int64(size) {
		return false, nil
	}
	r := bufio.NewReaderSize(f, 256<<10)
	for _, p := range parts {
		for len(p) > 0 {
			chunk, err := r.Peek(min(len(p), r.Size()))
			if err != nil {
				return false, nil
			}
			if !bytes.Equal(chunk, p[:len(chunk)]) {
				return false, nil
			}
			r.Discard(len(chunk))
			p = p[len(chunk):]
		}
	}
	return true, nil
}

// placeFile puts the file src (audio, a mirrored cover) into the site at dst unless dst
// exists with the same size: site names are content-addressed, so same
// name and size is the same file. It hard-links when it can (one directory
// entry instead of a new file and a copy of the bytes) and copies
// otherwise, as when the site is on another file system. fresh says dst
// was not there when the build started: it is linked without looking
// first. A source edited in place later no longer matches its
// content-addressed name; podgen publish checks that before it uploads
// anything.
func placeFile(src, dst string, size int64, link, fresh bool) (int, error) {
	if link && fresh {
		// Most files a cold build places are new: link first, look after.
		if linkNew(src, dst) == nil {
			return 1, nil
		}
	}
	if st, err := os.Stat(dst); err == nil {
		if st.Size() == size {
			return 0, nil
		}
		os.Remove(dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	if link && os.Link(src, dst) == nil {
		return 1, nil
	}
	return 1, copyNew(src, dst)
}

// createNew writes a file that does not exist yet (with plain system
// calls: see package rawfile).
func createNew(name string, write func(io.Writer) error) error {
	return createWith(name, func(name string) (io.WriteCloser, error) { return rawfile.CreateNew(name, 0o644) }, write)
}

// createWith is createNew with the files create makes, which must fail
// when the file exists.
func createWith(name string, create func(string) (io.WriteCloser, error), write func(io.Writer) error) error {
	f, err := create(name)
	if os.IsNotExist(err) {
		if err = os.MkdirAll(filepath.Dir(name), 0o755); err == nil {
			f, err = create(name)
		}
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func atomically(name string, durable bool, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil && durable {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// removeStale deletes files podgen wrote in earlier builds that this build
// does not have: in the audio and transcripts folders, and old channel
// artwork. Anything else in the site folder is the user's and stays.
func removeStale(out string, keep map[string]bool) (int, error) {
	n := 0
	err := fs.WalkDir(os.DirFS(out), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if p == "." || p == AudioDir || p == TranscriptsDir || p == CoversDir {
				return nil
			}
			return fs.SkipDir
		}
		dir := path.Dir(p)
		ours := dir == AudioDir || dir == TranscriptsDir || dir == CoversDir || strings.HasPrefix(d.Name(), tmpPrefix) ||
			(dir == "." && strings.HasPrefix(d.Name(), "artwork-"))
		if ours && !keep[p] {
			if err := os.Remove(filepath.Join(out, filepath.FromSlash(p))); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// splitDoc is a document in pieces: what comes before the episodes, one
// piece per episode, what comes after. Written piece by piece, never
// joined (the feed is tens of megabytes).
type splitDoc struct {
	head, tail []byte
	pieces     [][]byte
}

// parts lists the pieces in order.
func (d splitDoc) parts() [][]byte {
	return append(append([][]byte{d.head}, d.pieces...), d.tail)
}

// bytes joins the pieces.
func (d splitDoc) bytes() []byte {
	n := len(d.head) + len(d.tail)
	for _, p := range d.pieces {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range d.parts() {
		out = append(out, p...)
	}
	return out
}

// siteFiles lists the files in the site folder's dirs (slash paths, such
// as "audio/2455369-0123abcd.mp3"); a folder that is not there lists none.
func siteFiles(out string, dirs ...string) map[string]bool {
	files := map[string]bool{}
	for _, dir := range dirs {
		entries, _ := os.ReadDir(filepath.Join(out, filepath.FromSlash(dir)))
		for _, e := range entries {
			if !e.IsDir() {
				files[path.Join(dir, e.Name())] = true
			}
		}
	}
	return files
}
