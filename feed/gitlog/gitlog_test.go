package gitlog

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// repo makes a repository whose commits have set author dates.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	r := &repo{t, t.TempDir()}
	r.git("2022-01-01T00:00:00Z", "init", "-q")
	return r
}

func (r *repo) git(date string, args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func (r *repo) write(name, s string) {
	p := filepath.Join(r.dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte(s), 0o644)
}

func (r *repo) commit(date string) {
	r.git(date, "add", "-A")
	r.git(date, "commit", "-qm", date)
}

func day(d int) time.Time { return time.Date(2022, 1, d, 0, 0, 0, 0, time.UTC) }

// TestLog: every version a commit added or changed in the folder, newest
// first, with its author date; deletions list nothing, files outside the
// folder are not read; a later Log starts after the commit it is given.
func TestLog(t *testing.T) {
	r := newRepo(t)
	r.write("articles/a.md", "a")
	r.write("other/z.md", "z")
	r.commit("2022-01-01T00:00:00Z")
	r.write("articles/樱花 FM.md", "b")
	r.write("articles/a.md", "a changed")
	os.Symlink("a.md", filepath.Join(r.dir, "articles", "link.md")) // no text of its own: not listed
	r.commit("2022-01-02T00:00:00Z")
	os.Remove(filepath.Join(r.dir, "articles", "a.md"))
	r.commit("2022-01-03T00:00:00Z")

	repo, err := Open(t.Context(), filepath.Join(r.dir, "articles"))
	if err != nil || repo == nil || repo.Head == "" || repo.Shallow {
		t.Fatalf("Open = %+v, %v", repo, err)
	}
	changes, err := repo.Log(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	type v struct {
		Path string
		When time.Time
	}
	var got []v
	for _, c := range changes {
		got = append(got, v{c.Path, c.When})
	}
	want := []v{{"a.md", day(2)}, {"樱花 FM.md", day(2)}, {"a.md", day(1)}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
	// The bytes of each version, in one cat-file.
	blobs, err := repo.Blobs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	// A blob the repository does not have is said, in its place, and
	// the reading goes on.
	const gone = "0123456789012345678901234567890123456789"
	ids := []string{changes[0].Blob, gone, changes[1].Blob, changes[2].Blob}
	if err := blobs.ReadAll(ids, func(b []byte, err error) {
		if err != nil {
			b = []byte(err.Error())
		}
		texts = append(texts, string(b))
	}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"a changed", "blob " + gone + ": " + ErrMissing.Error(), "b", "a"}, texts); d != "" {
		t.Errorf("blobs (-want +got):\n%s", d)
	}
	if _, err := blobs.Read(gone); !errors.Is(err, ErrMissing) {
		t.Errorf("a missing blob: %v", err)
	}
	if b, err := blobs.Read(changes[1].Blob); err != nil || string(b) != "b" {
		t.Errorf("after a missing blob: %q, %v", b, err)
	}
	blobs.Close()

	// Only what came after a commit read before.
	first := repo.Head
	r.write("articles/c.md", "c")
	r.commit("2022-01-04T00:00:00Z")
	repo, _ = Open(t.Context(), filepath.Join(r.dir, "articles"))
	if !repo.IsAncestor(t.Context(), first, repo.Head) || repo.IsAncestor(t.Context(), repo.Head, first) {
		t.Error("IsAncestor is wrong")
	}
	changes, err = repo.Log(t.Context(), first)
	if err != nil || len(changes) != 1 || changes[0].Path != "c.md" || !changes[0].When.Equal(day(4)) {
		t.Errorf("changes since %s: %+v, %v", first, changes, err)
	}
}

// TestOpen: a folder's identity is the same in a clone and another
// folder's is another; a shallow clone says so; outside a repository
// there is none.
func TestOpen(t *testing.T) {
	r := newRepo(t)
	r.write("articles/a.md", "a")
	r.write("other/z.md", "z")
	r.commit("2022-01-01T00:00:00Z")
	r.write("articles/b.md", "b")
	r.commit("2022-01-02T00:00:00Z")
	id := func(dir string) string {
		repo, err := Open(t.Context(), dir)
		if err != nil || repo == nil {
			t.Fatalf("Open(%s) = %v, %v", dir, repo, err)
		}
		return repo.Identity
	}
	full := filepath.Join(t.TempDir(), "full")
	if out, err := exec.Command("git", "clone", "-q", "file://"+r.dir, full).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	a := id(filepath.Join(r.dir, "articles"))
	if a == "" || id(filepath.Join(full, "articles")) != a || id(filepath.Join(r.dir, "other")) == a {
		t.Errorf("identities: %q, clone %q, other %q", a, id(filepath.Join(full, "articles")), id(filepath.Join(r.dir, "other")))
	}
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	if repo, _ := Open(t.Context(), shallow); repo == nil || !repo.Shallow {
		t.Errorf("a shallow clone is not reported as shallow: %+v", repo)
	}
	if repo, err := Open(t.Context(), t.TempDir()); repo != nil || err != nil {
		t.Errorf("outside a repository: %v, %v; want nil, nil", repo, err)
	}
	// A repository another user owns (a CI container's checkout): git
	// refuses it, and says how to allow it, on one line.
	t.Setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
	// A machine's own safe.directory (* in many CI containers) is not asked.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	_, err := Open(t.Context(), r.dir)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), r.dir+": git cannot read the repository: ") ||
		!strings.HasSuffix(err.Error(), "; To add an exception for this directory, call: git config --global --add safe.directory "+r.dir) {
		t.Errorf("a repository another user owns: %q", err)
	}
}
