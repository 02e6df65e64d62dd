package rawfile

import (
	"io/fs"
	"syscall"
)

// Map maps a whole file into memory, read-only, its pages read in at once
// (MAP_POPULATE): reading tens of megabytes into new memory costs a page
// fault every 4 KB, which for the build cache took longer than decoding
// it. release unmaps the file: nothing may use b after it. The file must
// not shrink while it is mapped (podgen replaces its files, by rename,
// and never truncates them). Elsewhere than Linux, Map reads the file.
func Map(name string) (b []byte, release func(), err error) {
	f, err := Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	size, regular, err := f.stat()
	if err != nil {
		return nil, nil, err
	}
	if !regular {
		b, err := ReadFile(name)
		return b, func() {}, err
	}
	if size == 0 {
		return nil, func() {}, nil
	}
	b, err = syscall.Mmap(f.fd, 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "mmap", Path: name, Err: err}
	}
	return b, func() { syscall.Munmap(b) }, nil
}
