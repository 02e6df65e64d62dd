//go:build !unix && !windows

package sitelock

import "os"

// tryLock has no lock to take on this system (Plan 9, js, wasip1).
func tryLock(*os.File, Mode) error { return nil }
