package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCodeID: the build cache's code identity is a hash of this very
// executable, the same every time it is asked.
func TestCodeID(t *testing.T) {
	id := codeID()
	if len(id) != 64 {
		t.Fatalf("codeID() = %q, want a SHA-256", id)
	}
	if again := codeID(); again != id {
		t.Fatalf("codeID() changed: %s, then %s", id, again)
	}
}

// TestCodeIDAcrossCommits builds podgen twice with version control
// stamping, at two commits of the same code (as a nightly job in a
// repository that holds articles and podgen would): the identity stays;
// other code changes it.
func TestCodeIDAcrossCommits(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	repo := t.TempDir()
	// The module's Go files, tests and test data aside.
	filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "../.." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bin") {
			return fs.SkipDir
		}
		if !d.IsDir() && filepath.Ext(p) == ".go" && !isTestFile(p) {
			rel, _ := filepath.Rel("../..", p)
			os.MkdirAll(filepath.Join(repo, filepath.Dir(rel)), 0o755)
			copyFile(t, p, filepath.Join(repo, rel))
		}
		return nil
	})
	copyFile(t, "../../go.mod", filepath.Join(repo, "go.mod"))
	copyFile(t, "../../go.sum", filepath.Join(repo, "go.sum"))
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=true", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@x",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@x")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	run("git", "init", "-q")
	run("git", "add", ".")
	run("git", "-c", "commit.gpgsign=false", "commit", "-qm", "one")
	first := filepath.Join(t.TempDir(), "first")
	run("go", "build", "-o", first, "./cmd/podgen")
	os.WriteFile(filepath.Join(repo, "article.md"), []byte("a new article\n"), 0o644)
	run("git", "add", ".")
	run("git", "-c", "commit.gpgsign=false", "commit", "-qm", "two")
	second := filepath.Join(t.TempDir(), "second")
	run("go", "build", "-o", second, "./cmd/podgen")

	a, b := codeIDOf(first), codeIDOf(second)
	if a == "" || a != b {
		t.Errorf("the same code at two commits: %q and %q", a, b)
	}
	raw1, _ := os.ReadFile(first)
	raw2, _ := os.ReadFile(second)
	if string(raw1) == string(raw2) {
		t.Fatal("the two builds are identical: the test proves nothing (no version control stamp?)")
	}
	// Other code: another identity.
	f := filepath.Join(repo, "cmd", "podgen", "main.go")
	src, _ := os.ReadFile(f)
	os.WriteFile(f, append(src, []byte("\nfunc init() {\n\tif len(os.Args) > 99 {\n\t\tprintln(\"other code\")\n\t}\n}\n")...), 0o644)
	run("git", "-c", "commit.gpgsign=false", "commit", "-qam", "three")
	third := filepath.Join(t.TempDir(), "third")
	run("go", "build", "-o", third, "./cmd/podgen")
	if codeIDOf(third) == a {
		t.Error("other code has the same identity")
	}
}

func isTestFile(name string) bool { return len(name) > 8 && name[len(name)-8:] == "_test.go" }

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHashBlanked: hashBlanked is the hash of a copy with the ranges
// zeroed, for ranges that overlap, touch, repeat and reach the ends.
func TestHashBlanked(t *testing.T) {
	b := []byte(strings.Repeat("podgen build ID 0123456789abcdef ", 400))
	for _, blank := range [][][2]int{
		nil,
		{{0, 10}},
		{{len(b) - 5, len(b)}},
		{{100, 200}, {150, 250}, {250, 260}, {120, 130}},
		{{5000, 9000}}, // longer than the zeros written at a time
		{{300, 310}, {300, 310}, {0, len(b)}},
	} {
		want := append([]byte(nil), b...)
		for _, r := range blank {
			clear(want[r[0]:r[1]])
		}
		sum := sha256.Sum256(want)
		if got := hashBlanked(b, append([][2]int(nil), blank...)); got != hex.EncodeToString(sum[:]) {
			t.Errorf("ranges %v: %s, want %x", blank, got, sum)
		}
	}
	if string(b) != strings.Repeat("podgen build ID 0123456789abcdef ", 400) {
		t.Error("hashBlanked changed its input")
	}
}
