//go:build unix

package main

import "syscall"

// syncDisks flushes what the file systems hold for the disks.
func syncDisks() { syscall.Sync() }
