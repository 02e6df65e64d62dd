//go:build unix

package folder

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFile: what a walk finds is read only when it is a regular file or a
// symlink inside the folder to one; a named pipe (which would block the
// read for ever), a symlink to a folder and a symlink loop are refused,
// naming the entry and what it is.
func TestFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), nil, 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for name, target := range map[string]string{"link.md": "a.md", "dir.md": "sub", "topipe.md": "pipe.md", "loop.md": "loop2.md", "loop2.md": "loop.md"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	real, _ := filepath.EvalSymlinks(filepath.Join(dir, "a.md"))
	entries := map[string]fs.DirEntry{}
	fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		entries[p] = d
		return err
	})
	for _, tc := range []struct {
		name, want, err string
	}{
		{"a.md", filepath.Join(dir, "a.md"), ""},
		{"link.md", real, ""},
		{"pipe.md", "", filepath.Join(dir, "pipe.md") + ": not a regular file (a named pipe)"},
		{"topipe.md", "", filepath.Join(dir, "topipe.md") + ": a symlink to "},
		{"dir.md", "", filepath.Join(dir, "dir.md") + ": a symlink to "},
		{"loop.md", "", filepath.Join(dir, "loop.md") + ": a symlink that cannot be followed (a loop?): too many links"},
	} {
		got, err := File(dir, tc.name, entries[tc.name])
		if got != tc.want || !strings.Contains(errText(err), tc.err) || (tc.err == "") != (err == nil) {
			t.Errorf("File(%s) = %q, %v; want %q, an error with %q", tc.name, got, err, tc.want, tc.err)
		}
	}
	if _, err := File(dir, "topipe.md", entries["topipe.md"]); !strings.HasSuffix(errText(err), "not a regular file (a named pipe)") {
		t.Errorf("a symlink to a pipe: %v", err)
	}
	if _, err := File(dir, "dir.md", entries["dir.md"]); !strings.HasSuffix(errText(err), "not a regular file (a folder)") {
		t.Errorf("a symlink to a folder: %v", err)
	}
}
