//go:build (!unix && !windows) || solaris || aix

package sitelock

import "os"

// tryLock has no lock to take on this system (Plan 9, js, wasip1; Solaris
// and AIX, whose syscall package has no flock).
func tryLock(*os.File, Mode) error { return nil }
