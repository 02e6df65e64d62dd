//go:build linux || darwin

package rawfile

import (
	"io"
	"io/fs"
	"syscall"
)

// File is an open regular file.
type File struct {
	fd   int
	name string
}

// Open opens a file for reading.
func Open(name string) (*File, error) {
	return open(name, syscall.O_RDONLY, 0)
}

// CreateNew creates a file for writing that must not exist yet.
func CreateNew(name string, perm fs.FileMode) (*File, error) {
	return open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL, uint32(perm.Perm()))
}

func open(name string, flags int, perm uint32) (*File, error) {
	for {
		fd, err := syscall.Open(name, flags|syscall.O_CLOEXEC, perm)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &File{fd: fd, name: name}, nil
	}
}

// stat returns the file's size and whether it is a regular file.
func (f *File) stat() (int64, bool, error) {
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(f.fd, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, false, &fs.PathError{Op: "stat", Path: f.name, Err: err}
		}
		return st.Size, st.Mode&syscall.S_IFMT == syscall.S_IFREG, nil
	}
}

// ReadAt is io.ReaderAt's.
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		m, err := f.pread(p[n:], off+int64(n))
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// read is one read from where the last one ended: fewer bytes than p
// holds when the kernel gives fewer (at the end of a regular file), io.EOF
// at the end.
func (f *File) read(p []byte) (int, error) {
	return f.once(p, func() (int, error) { return syscall.Read(f.fd, p) })
}

// pread is one read at off: fewer bytes than p holds when the kernel gives
// fewer (at the end of a regular file), io.EOF past the end.
func (f *File) pread(p []byte, off int64) (int, error) {
	return f.once(p, func() (int, error) { return syscall.Pread(f.fd, p, off) })
}

// once makes one read call into p, again when a signal interrupted it; a
// read of nothing is io.EOF.
func (f *File) once(p []byte, call func() (int, error)) (int, error) {
	for {
		n, err := call()
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Write is io.Writer's.
func (f *File) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := syscall.Write(f.fd, p[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return n, &fs.PathError{Op: "write", Path: f.name, Err: err}
		case m == 0:
			return n, &fs.PathError{Op: "write", Path: f.name, Err: io.ErrShortWrite}
		}
		n += m
	}
	return n, nil
}

// Close closes the file.
func (f *File) Close() error {
	if err := syscall.Close(f.fd); err != nil && err != syscall.EINTR {
		return &fs.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}
