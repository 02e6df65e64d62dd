package gitlog

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestGitHistory makes a repository with set author dates: a file's date is
// the commit that first added it, not a later one that changed it; a shallow
// clone says so.
func TestGitHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, s string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	git("2022-01-01T00:00:00Z", "init", "-q")
	write("articles/a.md", "a")
	write("other/z.md", "z")
	git("2022-01-01T00:00:00Z", "add", ".")
	git("2022-01-01T00:00:00Z", "commit", "-qm", "one")
	write("articles/樱花FM-02.md", "b")
	write("articles/a.md", "a changed")
	git("2022-02-01T00:00:00Z", "add", ".")
	git("2022-02-01T00:00:00Z", "commit", "-qm", "two")

	h, err := Read(t.Context(), filepath.Join(dir, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"a.md":       time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
		"樱花FM-02.md": time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC),
	}
	if d := cmp.Diff(want, h.Added); d != "" || h.Shallow {
		t.Errorf("history (-want +got):\n%s shallow=%v", d, h.Shallow)
	}
	// The folder's identity is the same in a clone, and another folder's
	// is another.
	id := Identity(t.Context(), filepath.Join(dir, "articles"))
	full := filepath.Join(t.TempDir(), "full")
	if out, err := exec.Command("git", "clone", "-q", "file://"+dir, full).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	if id == "" || Identity(t.Context(), filepath.Join(full, "articles")) != id || Identity(t.Context(), filepath.Join(dir, "other")) == id {
		t.Errorf("identities: %q, clone %q, other %q", id, Identity(t.Context(), filepath.Join(full, "articles")), Identity(t.Context(), filepath.Join(dir, "other")))
	}
	if id := Identity(t.Context(), t.TempDir()); id != "" {
		t.Errorf("outside a repository: identity %q", id)
	}

	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+dir, clone).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	h, err = Read(t.Context(), filepath.Join(clone, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	if !h.Shallow {
		t.Error("a shallow clone is not reported as shallow")
	}
	if h, err := Read(t.Context(), t.TempDir()); h != nil || err != nil {
		t.Errorf("outside a repository: %v, %v; want nil, nil", h, err)
	}
}
