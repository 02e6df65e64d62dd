package rawfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// Size returns the file's size.
func (f *File) Size() (int64, error) {
	size, _, err := f.stat()
	return size, err
}

// ReadFile reads a whole file, as os.ReadFile. A regular file is read to
// the size it has when opened, and no further when a read comes up short
// there (no read more to be told it is the end); a file that grew meanwhile,
// and anything else (a pipe), is read to its end.
func ReadFile(name string) ([]byte, error) { return AppendFile(nil, name) }

// AppendFile appends a whole file to dst, read as ReadFile reads it: a
// caller that reads many files can read them all into one buffer of its
// own. On an error, dst's bytes are returned as they were.
func AppendFile(dst []byte, name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return dst, err
	}
	defer f.Close()
	size, regular, err := f.stat()
	if err != nil {
		return dst, err
	}
	// One byte more than the size: a read that fills it says the file grew.
	start := len(dst)
	b := slices.Grow(dst, int(size)+1)
	for {
		n, err := f.read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		switch {
		case err == io.EOF:
			return b, nil
		case err != nil:
			return b[:start], err
		case len(b) == cap(b): // grown: make room, read on
			b = append(b, 0)[:len(b)]
		case regular && int64(len(b)-start) >= size:
			// A regular file read short at the size it had when opened:
			// its end, without one more read to be told so.
			return b, nil
		}
	}
}

// DirFS is os.DirFS(dir) whose ReadFile is this package's.
func DirFS(dir string) fs.FS { return dirFS{os.DirFS(dir), dir} }

type dirFS struct {
	fsys fs.FS
	dir  string
}

func (d dirFS) Open(name string) (fs.File, error) { return d.fsys.Open(name) }

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, name) }

func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys, name) }

func (d dirFS) ReadFile(name string) ([]byte, error) { return d.AppendFile(nil, name) }

// AppendFile is AppendFile for a file of the folder.
func (d dirFS) AppendFile(dst []byte, name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return dst, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := AppendFile(dst, filepath.Join(d.dir, filepath.FromSlash(name)))
	var pe *fs.PathError
	if errors.As(err, &pe) {
		// Name the file as fs.FS names it, relative to the folder.
		pe.Path = path.Clean(name)
	}
	return b, err
}
