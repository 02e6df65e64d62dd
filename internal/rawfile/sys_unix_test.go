//go:build linux || darwin

package rawfile

import (
	"os"
	"syscall"
)

func mkfifo(name string) error { return syscall.Mkfifo(name, 0o644) }

func umask() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}
