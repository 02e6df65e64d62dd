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

// Resolve resolves the symlink name (a slash path) in the folder dir; it
// refuses one whose target is outside the folder (an article that links to
// /etc/shadow, audio that would carry a private file into the public
// site).
func Resolve(dir, name string) (string, error) {
	full := filepath.Join(dir, filepath.FromSlash(name))
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", fmt.Errorf("%s: a symlink that leads nowhere: %w", full, err)
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: a symlink to %s, outside the folder %s", full, target, dir)
	}
	return target, nil
}
