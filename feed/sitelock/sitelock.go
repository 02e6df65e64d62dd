package sitelock

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// Mode is how a process holds a site folder.
type Mode int

const (
	Write Mode = iota // a build: alone
	Read              // a publish: beside other publishes, never beside a build
)

// poll is how often a waiting process asks again.
const poll = 100 * time.Millisecond

// errHeld is what tryLock returns when another process holds the lock.
var errHeld = errors.New("held by another process")

// Take locks the site folder dir in mode m and returns the function that
// releases it. When another process holds it, waiting is called once and
// Take asks again until it has it or ctx is done (ctx's error). A lock file
// that cannot be had (a temporary folder that is not writable) is no lock:
// the build goes on as it did before it had one.
func Take(ctx context.Context, dir string, m Mode, waiting func()) (release func(), err error) {
	// Read-only: a lock needs no write, and another user, whose umask
	// left the file unwritable to others, can open it too.
	f, err := os.OpenFile(File(dir), os.O_RDONLY|os.O_CREATE, 0o666)
	if err != nil {
		return func() {}, nil
	}
	told := false
	for {
		err := tryLock(f, m)
		if err == nil {
			return func() { f.Close() }, nil // closing the file releases the lock
		}
		if !errors.Is(err, errHeld) {
			f.Close()
			return func() {}, nil
		}
		if !told && waiting != nil {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
}

// File is the lock file of the site folder dir: one name for every path
// that leads to the folder (relative, through a symlink), and for a folder
// not made yet.
func File(dir string) string {
	sum := sha256.Sum256([]byte(realPath(dir)))
	return filepath.Join(os.TempDir(), "podgen-site-"+hex.EncodeToString(sum[:12])+".lock")
}

// realPath is dir absolute and with symlinks resolved, as far as it exists.
func realPath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if p == filepath.Dir(p) {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}
