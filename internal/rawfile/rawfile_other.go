//go:build !(linux || darwin)

package rawfile

import (
	"io/fs"
	"os"
)

// File is an open regular file.
type File struct{ *os.File }

// Open opens a file for reading.
func Open(name string) (*File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return &File{f}, nil
}

// CreateNew creates a file for writing that must not exist yet.
func CreateNew(name string, perm fs.FileMode) (*File, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, err
	}
	return &File{f}, nil
}

// stat returns the file's size and whether it is a regular file.
func (f *File) stat() (int64, bool, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, false, err
	}
	return st.Size(), st.Mode().IsRegular(), nil
}

func (f *File) pread(p []byte, off int64) (int, error) { return f.ReadAt(p, off) }

func (f *File) read(p []byte) (int, error) { return f.Read(p) }
