package archive

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/gitlog"
	"github.com/sakurafm/podgen/parse"
)

// archiveRepo is a git repository of articles that behaves as the real
// archive does: each article is committed, then deleted again an hour
// later.
type archiveRepo struct {
	t   *testing.T
	dir string
}

func newArchiveRepo(t *testing.T) *archiveRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	r := &archiveRepo{t, t.TempDir()}
	r.git(time.Unix(0, 0), "init", "-q")
	return r
}

func (r *archiveRepo) git(when time.Time, args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=t", "-c", "user.email=t@x", "-c", "commit.gpgsign=false"}, args...)...)
	date := when.Format(time.RFC3339)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func (r *archiveRepo) write(name, text string) {
	os.WriteFile(filepath.Join(r.dir, name), []byte(text), 0o644)
}

// commit commits the work tree as it is, at when.
func (r *archiveRepo) commit(when time.Time) {
	r.git(when, "add", "-A")
	r.git(when, "commit", "-q", "--allow-empty", "-m", when.Format(time.RFC3339))
}

// post adds an article at when and deletes it an hour later.
func (r *archiveRepo) post(name, text string, when time.Time) {
	r.write(name, text)
	r.commit(when)
	os.Remove(filepath.Join(r.dir, name))
	r.commit(when.Add(time.Hour))
}

// episodeText is an article of the series with a post id.
func episodeText(id, title string) string {
	return strings.ReplaceAll(article("## 樱花FM┃"+title), "zh-hans/1/", "zh-hans/"+id+"/")
}

func at(day, hour int) time.Time { return time.Date(2022, 5, day, hour, 0, 0, 0, time.UTC) }

// TestArchiveHistory: every article of the history is an episode, in its
// newest version that is one, dated by the commit that first added it,
// though the work tree holds none of them; a path reused by another
// series keeps its episode; the work tree's own new article is the newest
// of all; and a build with the cache reads only the commits since the last
// one.
func TestArchiveHistory(t *testing.T) {
	r := newArchiveRepo(t)
	r.post("2455001.md", episodeText("2455001", "一"), at(1, 10))
	r.write("2455002.md", episodeText("2455002", "二"))
	r.commit(at(2, 10))
	r.write("2455002.md", episodeText("2455002", "二，修订"))
	r.commit(at(2, 11))
	os.Remove(filepath.Join(r.dir, "2455002.md"))
	r.commit(at(2, 12))
	r.post("2455003.md", episodeText("2455003", "三"), at(3, 10))
	r.post("other.md", article("## 樱花深度报道┃别的"), at(3, 11))
	// 2024: the path is reused by an article of another kind, which stays.
	r.write("2455003.md", article("## 【速报】┃无关"))
	r.commit(time.Date(2024, 4, 14, 0, 0, 0, 0, time.UTC))
	// Not committed yet.
	r.write("2455004.md", episodeText("2455004", "四"))

	c := cache.Open(t.TempDir())
	read := func() *Archive {
		t.Helper()
		arch, err := Read(t.Context(), r.dir, parse.Parser{}, c, "code")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { arch.Close() })
		if len(arch.Errors) > 0 {
			t.Fatalf("errors: %v", arch.Errors)
		}
		return arch
	}
	type ep struct {
		Title string
		Added time.Time
	}
	episodes := func(arch *Archive) map[string]ep {
		got := map[string]ep{}
		for _, a := range arch.Articles {
			got[filepath.Base(a.File)] = ep{a.Title, arch.Added[a.File]}
		}
		return got
	}
	arch := read()
	want := map[string]ep{
		"2455001.md": {"一", at(1, 10)},
		"2455002.md": {"二，修订", at(2, 10)},
		"2455003.md": {"三", at(3, 10)},
		"2455004.md": {"四", time.Time{}},
	}
	if d := cmp.Diff(want, episodes(arch)); d != "" {
		t.Errorf("episodes (-want +got):\n%s", d)
	}
	var skipped []string
	for _, s := range arch.Skipped {
		skipped = append(skipped, filepath.Base(s.File))
	}
	if d := cmp.Diff([]string{"other.md"}, skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	// An article only the history holds has its body there.
	for i := range arch.Articles {
		a := &arch.Articles[i]
		if filepath.Base(a.File) == "2455002.md" {
			a.Body = "" // as when taken from the cache
			if body, err := arch.Body(a); err != nil || !strings.Contains(body, "正文") {
				t.Errorf("body from the history: %q, %v", body, err)
			}
		}
	}

	// The next build reads only what came since: poison the state's
	// episode; a new commit brings a new article, and the poisoned one is
	// not read again.
	rd := &reader{dir: r.dir, parser: parse.Parser{}, cache: c, code: "code", repo: arch.repo}
	rd.loadState()
	rd.now = rd.old
	for i := range rd.now.History {
		if rd.now.History[i].Path == "2455001.md" {
			rd.now.History[i].Parsed.Article.Title = "from the cache"
		}
	}
	rd.changed = true
	rd.saveState()
	r.post("2455005.md", episodeText("2455005", "五"), at(5, 10))
	got := episodes(read())
	if got["2455001.md"].Title != "from the cache" {
		t.Errorf("the old history was read again: %+v", got["2455001.md"])
	}
	if got["2455005.md"] != (ep{"五", at(5, 10)}) {
		t.Errorf("the new commit's article: %+v", got["2455005.md"])
	}
	// The work tree's article went into that commit, which dates it now.
	if got["2455004.md"] != (ep{"四", at(5, 10)}) {
		t.Errorf("the article committed since: %+v", got["2455004.md"])
	}
	// Without the cache, the same episodes.
	fresh, err := Read(t.Context(), r.dir, parse.Parser{}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want["2455004.md"] = ep{"四", at(5, 10)}
	want["2455005.md"] = ep{"五", at(5, 10)}
	if d := cmp.Diff(want, episodes(fresh)); d != "" {
		t.Errorf("episodes without the cache (-want +got):\n%s", d)
	}
}

// TestMergeHistoryIncremental: reading the history in two parts (a build,
// then the commits since) gives what reading it whole gives, whatever the
// versions are: episodes whose ID changes and changes back, versions that
// are not episodes, broken ones, author dates out of order.
func TestMergeHistoryIncremental(t *testing.T) {
	kinds := []parsed{
		{Article: parse.Article{PostID: "1", Title: "a"}},
		{Article: parse.Article{PostID: "2", Title: "b"}},
		{Article: parse.Article{PostID: "1", Title: "a, edited"}},
		{Skip: "not 樱花FM (速报)"},
		{Skip: "not 樱花FM (有声)"},
		{Err: &note{3, "no text"}},
	}
	versions := map[version]parsed{}
	for _, p := range []string{"x.md", "y.md"} {
		for k, v := range kinds {
			versions[version{p, fmt.Sprint(k)}] = v
		}
	}
	display := func(p string) string { return p }
	rnd := uint64(7)
	next := func(n int) int {
		rnd = rnd*6364136223846793005 + 1442695040888963407
		return int(rnd >> 33 % uint64(n))
	}
	for trial := range 300 {
		n := 1 + next(6)
		changes := make([]gitlog.Change, n) // newest first
		for i := range changes {
			changes[i] = gitlog.Change{Path: []string{"x.md", "y.md"}[next(2)], Blob: fmt.Sprint(next(len(kinds))),
				Commit: fmt.Sprint(i), When: time.Unix(int64(1e9+next(5)*3600), 0)}
		}
		wh, wo, wb := mergeHistory(archiveState{}, changes, versions, display)
		for k := 0; k <= n; k++ {
			oh, oo, ob := mergeHistory(archiveState{}, changes[k:], versions, display)
			gh, gO, gb := mergeHistory(archiveState{History: oh, Others: oo, Broken: ob}, changes[:k], versions, display)
			if d := cmp.Diff([]any{wh, wo, wb}, []any{gh, gO, gb}, cmp.AllowUnexported(parsed{}), cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("trial %d, split at %d of %v (-whole +in two parts):\n%s", trial, k, changes, d)
			}
		}
	}
}

// TestStateCompact: an archive that keeps its articles in its tree (every
// file is its path's version in the history) keeps one parse of each in
// the cache, and the build that reads it back sees what the first saw.
func TestStateCompact(t *testing.T) {
	r := newArchiveRepo(t)
	r.write("2455369.md", episodeText("2455369", "甲"))
	r.write("2457120.md", episodeText("2457120", "乙"))
	r.commit(at(1, 12))
	r.write("2457120.md", episodeText("2457120", "乙 (edited, not committed)"))
	c := cache.Open(t.TempDir())
	first, err := Read(t.Context(), r.dir, parse.Parser{}, c, "code")
	if err != nil {
		t.Fatal(err)
	}
	rd := &reader{dir: r.dir, parser: parse.Parser{}, cache: c, code: "code", repo: first.repo}
	rd.loadState()
	if len(rd.old.Tree) != 2 || len(rd.old.History) != 2 {
		t.Fatalf("state: %d tree entries, %d history entries; want 2 and 2", len(rd.old.Tree), len(rd.old.History))
	}
	kept, _ := c.Get(rd.stateKey)
	if n := strings.Count(string(kept), "甲"); n != 1 {
		t.Errorf("the state keeps the committed article's parse %d times, want once", n)
	}
	if !strings.Contains(string(kept), "乙 (edited") {
		t.Error("the state lost the uncommitted version's own parse")
	}
	for _, e := range rd.old.Tree {
		if e.Parsed.Article.Title == "" || e.InHistory {
			t.Errorf("%s read back without its parse: %+v", e.Path, e.Parsed)
		}
	}
	again, err := Read(t.Context(), r.dir, parse.Parser{}, c, "code")
	if err != nil {
		t.Fatal(err)
	}
	opts := cmp.Options{cmpopts.IgnoreUnexported(parse.Article{}), cmpopts.IgnoreFields(parse.Article{}, "Body")}
	if d := cmp.Diff(first.Articles, again.Articles, opts...); d != "" {
		t.Errorf("read back from the state (-first +again):\n%s", d)
	}
}

// TestMissingVersion: a version of the history that the repository no
// longer has (a damaged clone) is a warning, as a version that does not
// parse is, and the other episodes are read; the state is not kept, so
// that once the object is back the next build reads the version.
func TestMissingVersion(t *testing.T) {
	r := newArchiveRepo(t)
	text := episodeText("2455001", "一")
	r.post("2455001.md", text, at(1, 10))
	r.post("2455002.md", episodeText("2455002", "二"), at(2, 10))
	blob := strings.TrimSpace(string(mustGit(t, r.dir, "rev-parse", "HEAD~3:2455001.md")))
	object := filepath.Join(r.dir, ".git", "objects", blob[:2], blob[2:])
	saved, err := os.ReadFile(object)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(object)

	c := cache.Open(t.TempDir())
	arch, err := Read(t.Context(), r.dir, parse.Parser{}, c, "code")
	if err != nil {
		t.Fatalf("a missing version failed the read: %v", err)
	}
	defer arch.Close()
	if len(arch.Articles) != 1 || filepath.Base(arch.Articles[0].File) != "2455002.md" {
		t.Errorf("articles: %v", arch.Articles)
	}
	want := "2455001.md: reading this version from the history: blob " + blob + ": " + gitlog.ErrMissing.Error() + " (the version of commit "
	if ws := arch.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Error(), want) {
		t.Errorf("warnings %v, want one with %q", ws, want)
	}

	os.MkdirAll(filepath.Dir(object), 0o755)
	os.WriteFile(object, saved, 0o444)
	arch2, err := Read(t.Context(), r.dir, parse.Parser{}, c, "code")
	if err != nil {
		t.Fatal(err)
	}
	defer arch2.Close()
	if len(arch2.Articles) != 2 || len(arch2.Warnings()) != 0 {
		t.Errorf("with the object back: %d articles, warnings %v", len(arch2.Articles), arch2.Warnings())
	}
}

func mustGit(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return out
}
