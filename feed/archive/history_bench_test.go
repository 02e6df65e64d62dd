package archive

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/parse"
)

// The shape of the real archive (../shared/real-sample/README.md): 26,257
// commits and about 40,000 article versions of about 5 KB in
// content/gnews/, 1,581 of them 樱花FM; each article is deleted again a
// few commits after it is added, so that the tree holds about twenty.
const (
	historyCommits  = 26000
	historyVersions = 40000
	historySeries   = 1581
	historyWindow   = 20 // commits an article stays
)

// historyRepo makes (once, kept in the temporary folder) a repository of
// that shape with git fast-import, and returns its folder.
func historyRepo(b *testing.B) string {
	b.Helper()
	root := filepath.Join(os.TempDir(), "podgen-bench-history")
	dir := filepath.Join(root, "repo")
	if _, err := os.Stat(filepath.Join(root, "done")); err == nil {
		return dir
	}
	os.RemoveAll(root)
	seed, err := os.ReadFile("../testdata/articles/000_ab612374b3f95bb2.txt")
	if err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		b.Fatalf("git init: %v\n%s", err, out)
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	in, err := cmd.StdinPipe()
	must(b, err)
	must(b, cmd.Start())
	w := bufio.NewWriterSize(in, 1<<20)
	// Other articles' text: about 5 KB of the seed's sentences in an
	// order of their own, as varied as real articles are to zlib and to
	// git's deltas.
	var sentences []string
	for _, s := range strings.Split(string(seed), "。") {
		if s = strings.TrimSpace(s); len(s) > 20 && !strings.ContainsAny(s, "#[]()") {
			sentences = append(sentences, s+"。")
		}
	}
	rnd := uint64(1)
	otherText := func() string {
		var t strings.Builder
		for t.Len() < 5000 {
			rnd = rnd*6364136223846793005 + 1442695040888963407
			t.WriteString(sentences[rnd>>33%uint64(len(sentences))])
			if rnd>>40%4 == 0 {
				t.WriteString("\n\n")
			}
		}
		return t.String()
	}
	series := 0
	start := time.Date(2022, 4, 27, 0, 0, 0, 0, time.UTC)
	type live struct {
		path   string
		commit int
	}
	var tree []live
	version := 0
	for c := 0; c < historyCommits; c++ {
		when := start.Add(time.Duration(c) * 2 * time.Minute)
		fmt.Fprintf(w, "commit refs/heads/master\ncommitter t <t@x> %d +0000\ndata 1\nx\n", when.Unix())
		// About 1.54 versions a commit; one in twenty changes a live file.
		n := (c+1)*historyVersions/historyCommits - c*historyVersions/historyCommits
		for range n {
			id := 2414342 + version
			var text, path string
			if version%20 == 19 && len(tree) > 0 {
				path = tree[len(tree)-1].path
				text = "## 樱花深度报道┃修订\n" + otherText()
			} else {
				path = fmt.Sprintf("content/gnews/%d.md", id)
				if version%(historyVersions/historySeries) == 0 && series < historySeries {
					text = strings.ReplaceAll(string(seed), "2455369", fmt.Sprint(id))
					series++
				} else {
					text = fmt.Sprintf("## 樱花深度报道┃第%d篇\n", id) + otherText()
				}
				tree = append(tree, live{path, c})
			}
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(text), text)
			version++
		}
		for len(tree) > 0 && tree[0].commit <= c-historyWindow {
			fmt.Fprintf(w, "D %s\n", tree[0].path)
			tree = tree[1:]
		}
		w.WriteString("\n")
	}
	must(b, w.Flush())
	in.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatalf("fast-import: %v", err)
	}
	if out, err := exec.Command("git", "-C", dir, "checkout", "-q", "master").CombinedOutput(); err != nil {
		b.Fatalf("checkout: %v\n%s", err, out)
	}
	must(b, os.WriteFile(filepath.Join(root, "done"), nil, 0o644))
	return dir
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHistory: the history pass over an archive shaped like the real
// one, against git log --raw --no-abbrev over the same folder in the same
// run: cold (an empty cache: every version read and parsed once), and
// warm after one new commit (only it is read).
func BenchmarkHistory(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	repo := historyRepo(b)
	folder := filepath.Join(repo, "content", "gnews")
	for b.Loop() {
		start := time.Now()
		out, err := exec.Command("git", "-C", folder, "log", "--raw", "--no-abbrev", "--", ".").Output()
		if err != nil || len(out) == 0 {
			b.Fatalf("git log: %v", err)
		}
		gitLog := time.Since(start)

		c := cache.Open(b.TempDir())
		start = time.Now()
		arch, err := Read(b.Context(), folder, parse.Parser{}, c, "code")
		cold := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		arch.Close()
		if len(arch.Articles) != historySeries {
			b.Fatalf("%d episodes, want %d", len(arch.Articles), historySeries)
		}

		// One new commit: an article, added the way the archive adds one.
		clone := filepath.Join(b.TempDir(), "clone")
		if out, err := exec.Command("git", "clone", "-q", "--no-local", repo, clone).CombinedOutput(); err != nil {
			b.Fatalf("clone: %v\n%s", err, out)
		}
		cfolder := filepath.Join(clone, "content", "gnews")
		if _, err := Read(b.Context(), cfolder, parse.Parser{}, c, "code"); err != nil {
			b.Fatal(err)
		}
		seed, _ := os.ReadFile("../testdata/articles/000_ab612374b3f95bb2.txt")
		os.WriteFile(filepath.Join(cfolder, "9999999.md"), []byte(strings.ReplaceAll(string(seed), "2455369", "9999999")), 0o644)
		for _, args := range [][]string{{"add", "."}, {"commit", "-qm", "new"}} {
			if out, err := exec.Command("git", append([]string{"-C", clone, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...).CombinedOutput(); err != nil {
				b.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		start = time.Now()
		arch, err = Read(b.Context(), cfolder, parse.Parser{}, c, "code")
		warm := time.Since(start)
		if err != nil || len(arch.Articles) != historySeries+1 {
			b.Fatalf("warm: %v, %d episodes", err, len(arch.Articles))
		}
		arch.Close()
		b.ReportMetric(gitLog.Seconds(), "git-log-s")
		b.ReportMetric(cold.Seconds(), "cold-s")
		b.ReportMetric(cold.Seconds()/gitLog.Seconds(), "cold/git-log")
		b.ReportMetric(warm.Seconds(), "warm-new-commit-s")
	}
}
