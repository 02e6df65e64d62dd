package folder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Check checks that dir is a folder, naming it, as what, and what is
// wrong.
func Check(what, dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s %s: %w", what, dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s %s: not a folder", what, dir)
	}
	return nil
}

// Error is why a file in a folder cannot be read: Path is the file's path
// (the folder's and its name), Problem what is wrong with it.
type Error struct{ Path, Problem string }

func (e *Error) Error() string { return e.Path + ": " + e.Problem }

// File checks the entry name (a slash path) that a walk of dir found:
// what a build reads must be a regular file, or a symlink that Resolve
// takes to one. A named pipe would block the read for ever, and a device
// or socket is no article or audio. It returns the path to read: the
// file's, or the symlink's target.
func File(dir, name string, d fs.DirEntry) (string, error) {
	full := filepath.Join(dir, filepath.FromSlash(name))
	switch t := d.Type(); {
	case t.IsRegular():
		return full, nil
	case t&fs.ModeSymlink == 0:
		return "", &Error{full, "not a regular file (" + kind(t) + ")"}
	}
	target, err := Resolve(dir, name)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(target)
	if err != nil {
		return "", &Error{full, err.Error()}
	}
	if !st.Mode().IsRegular() {
		return "", &Error{full, fmt.Sprintf("a symlink to %s, not a regular file (%s)", target, kind(st.Mode()))}
	}
	return target, nil
}

// kind names a file type that is not a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

// Resolve resolves the symlink name (a slash path) in the folder dir; it
// refuses one whose target is outside the folder (an article that links to
// /etc/shadow, audio that would carry a private file into the public
// site).
func Resolve(dir, name string) (string, error) {
	full := filepath.Join(dir, filepath.FromSlash(name))
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", &Error{full, "a symlink that leads nowhere"}
		}
		// EvalSymlinks' own words ("EvalSymlinks: too many links") name
		// the function, not the file.
		return "", &Error{full, "a symlink that cannot be followed (a loop?): " + strings.TrimPrefix(err.Error(), "EvalSymlinks: ")}
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", &Error{full, fmt.Sprintf("a symlink to %s, outside the folder %s", target, dir)}
	}
	return target, nil
}
