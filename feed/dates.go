package feed

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sakurafm/podgen/parse"
)

// GitHistory is what the git history says about the files of a folder.
type GitHistory struct {
	// Added is the author date of the commit that first added each file,
	// keyed by its slash path relative to the folder.
	Added   map[string]time.Time
	Shallow bool // a shallow clone: the first commits may be missing
}

// ReadGitHistory runs one git log over the whole folder (not one per file).
// It returns nil and no error when dir is not in a git work tree or git is
// not installed: dates then come from elsewhere.
func ReadGitHistory(ctx context.Context, dir string) (*GitHistory, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	inside, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--is-inside-work-tree").Output()
	if err != nil || strings.TrimSpace(string(inside)) != "true" {
		return nil, nil
	}
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotePath=false",
		"log", "--diff-filter=A", "--no-renames", "--relative", "--format=%x00%at", "--name-only", "--", ".")
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && bytes.Contains(ee.Stderr, []byte("does not have any commits")) {
			return &GitHistory{Added: map[string]time.Time{}}, nil
		}
		return nil, fmt.Errorf("git log in %s: %w", dir, err)
	}
	h := &GitHistory{Added: parseGitLog(bytes.NewReader(out))}
	shallow, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--is-shallow-repository").Output()
	h.Shallow = err == nil && strings.TrimSpace(string(shallow)) == "true"
	return h, nil
}

// parseGitLog reads `git log --format=%x00%at --name-only` output, newest
// commit first, and keeps for each file the date of the oldest commit that
// added it.
func parseGitLog(r io.Reader) map[string]time.Time {
	added := map[string]time.Time{}
	var when time.Time
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if ts, ok := strings.CutPrefix(line, "\x00"); ok {
			if sec, err := strconv.ParseInt(ts, 10, 64); err == nil {
				when = time.Unix(sec, 0).UTC()
			}
			continue
		}
		if line != "" && !when.IsZero() {
			added[path.Clean(line)] = when // older commits come later and win
		}
	}
	return added
}

type datesResult struct {
	shallow  bool
	warnings []error
}

// episodeDates dates each episode, in this order: a date in the article;
// config.yaml's date for it; the commit that first added the file (one git
// log for the whole folder); the file's modification time, with a warning.
// Never the build time.
func episodeDates(ctx context.Context, cfg Config, work []*episodeWork) (datesResult, error) {
	var res datesResult
	var history *GitHistory
	loaded := false
	for _, w := range work {
		a := w.a
		switch {
		case !a.Date.IsZero():
			w.date = a.Date
			continue
		case !cfg.Episodes[a.ID()].Date.IsZero():
			w.date = cfg.Episodes[a.ID()].Date
			continue
		}
		if !loaded {
			loaded = true
			h, err := cfg.Cache.gitHistory(ctx, cfg.ArticlesDir)
			if err != nil {
				return res, err
			}
			history = h
			res.shallow = h != nil && h.Shallow
		}
		if history != nil {
			if rel, err := filepath.Rel(cfg.ArticlesDir, a.File); err == nil {
				if t, ok := history.Added[filepath.ToSlash(rel)]; ok {
					w.date = t
					continue
				}
			}
		}
		st, err := os.Stat(a.File)
		if err != nil {
			return res, err
		}
		w.date = st.ModTime().UTC().Truncate(time.Second)
		res.warnings = append(res.warnings, &parse.Error{File: a.File, Err: fmt.Errorf("no date in the article, config.yaml or git history; using the file's modification time")})
	}
	return res, nil
}
