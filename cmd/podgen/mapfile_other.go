//go:build !linux

package main

import "os"

// mapFile reads a file whole (Linux maps it instead).
func mapFile(path string) (b []byte, release func(), err error) {
	b, err = os.ReadFile(path)
	return b, func() {}, err
}
