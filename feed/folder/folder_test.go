package folder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheck: a folder is fine; a missing one and a file are named with
// what is wrong.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.md")
	os.WriteFile(file, nil, 0o644)
	for _, tc := range []struct {
		dir, want string
	}{
		{dir, ""},
		{filepath.Join(dir, "nope"), "articles " + filepath.Join(dir, "nope") + ": no such file or directory"},
		{file, "articles " + file + ": not a folder"},
	} {
		err := Check("articles", tc.dir)
		if got := errText(err); got != tc.want {
			t.Errorf("Check(%s) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}

// TestResolve: a symlink is followed to its target while the target is in
// the folder, through other links too; one that leads out of the folder,
// or nowhere, is refused, naming the link.
func TestResolve(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), nil, 0o644)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "a.md"), nil, 0o644)
	links := map[string]string{
		"in.md":       filepath.Join(dir, "sub", "a.md"),
		"relative.md": "sub/a.md",
		"chain.md":    "in.md",
		"out.md":      filepath.Join(outside, "secret.md"),
		"dotdot.md":   "../" + filepath.Base(outside) + "/secret.md",
		"sub/up.md":   "../out.md",
		"nowhere.md":  "no-such-file.md",
		"outdir":      outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	real, _ := filepath.EvalSymlinks(filepath.Join(dir, "sub", "a.md"))
	for _, tc := range []struct {
		name, want, err string
	}{
		{"in.md", real, ""},
		{"relative.md", real, ""},
		{"chain.md", real, ""},
		{"out.md", "", "out.md: a symlink to "},
		{"dotdot.md", "", "dotdot.md: a symlink to "},
		{"sub/up.md", "", "up.md: a symlink to "},
		{"outdir/secret.md", "", "secret.md: a symlink to "},
		{"nowhere.md", "", "nowhere.md: a symlink that leads nowhere"},
	} {
		got, err := Resolve(dir, tc.name)
		if got != tc.want || !strings.Contains(errText(err), tc.err) || (tc.err == "") != (err == nil) {
			t.Errorf("Resolve(%s) = %q, %v; want %q, an error with %q", tc.name, got, err, tc.want, tc.err)
		}
		if err != nil && tc.err != "" && strings.Contains(tc.err, "a symlink to") && !strings.Contains(err.Error(), "outside the folder "+dir) {
			t.Errorf("Resolve(%s): %v does not name the folder", tc.name, err)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
