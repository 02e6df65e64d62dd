//go:build unix && !solaris && !aix

package sitelock

import (
	"errors"
	"os"
	"syscall"
)

func tryLock(f *os.File, m Mode) error {
	how := syscall.LOCK_EX
	if m == Read {
		how = syscall.LOCK_SH
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errHeld
		}
		return err
	}
}
