package feed

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

const tmpPrefix = ".podgen-tmp-"

// writeFileAtomic writes data to name through a temporary file and a
// rename, so that readers see the old file or the new one, never half of
// one. A file that already holds data is left alone (its mtime too, which
// keeps upload caches warm); it returns 1 when it wrote.
func writeFileAtomic(name string, data []byte) (int, error) {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return 0, nil
	}
	return 1, atomically(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// copyFileAtomic copies src to dst unless dst exists with the same size:
// site file names are content-addressed, so same name and size is the same
// file.
func copyFileAtomic(src, dst string, size int64) (int, error) {
	if st, err := os.Stat(dst); err == nil && st.Size() == size {
		return 0, nil
	}
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	return 1, atomically(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

func atomically(name string, write func(io.Writer) error) error {
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
	if err == nil {
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
			if p == "." || p == AudioDir || p == TranscriptsDir {
				return nil
			}
			return fs.SkipDir
		}
		dir := path.Dir(p)
		ours := dir == AudioDir || dir == TranscriptsDir || strings.HasPrefix(d.Name(), tmpPrefix) ||
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
