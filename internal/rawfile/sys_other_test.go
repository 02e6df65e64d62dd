//go:build !(linux || darwin)

package rawfile

import (
	"errors"
	"os"
)

func mkfifo(string) error { return errors.New("no FIFOs") }

func umask() os.FileMode { return 0 }
