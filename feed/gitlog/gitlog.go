package gitlog

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"time"
)

// History is what a git repository's history says about the files of one
// of its folders.
type History struct {
	// Added is the author date of the commit that first added each file,
	// keyed by its slash path relative to the folder.
	Added   map[string]time.Time
	Shallow bool // a shallow clone: the first commits may be missing
}

// Read runs one git log over the whole folder (not one per file). It
// returns nil and no error when dir is not in a git work tree or git is not
// installed: dates then come from elsewhere.
func Read(ctx context.Context, dir string) (*History, error) {
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
			return &History{Added: map[string]time.Time{}}, nil
		}
		return nil, fmt.Errorf("git log in %s: %w", dir, err)
	}
	h := &History{Added: parseLog(bytes.NewReader(out))}
	shallow, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--is-shallow-repository").Output()
	h.Shallow = err == nil && strings.TrimSpace(string(shallow)) == "true"
	return h, nil
}

// parseLog reads `git log --format=%x00%at --name-only` output, newest
// commit first, and keeps for each file the date of the oldest commit that
// added it.
func parseLog(r io.Reader) map[string]time.Time {
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

// Identity names the folder dir by its git repository's first commits and
// its path in the repository: the same in every clone of the repository,
// wherever it is checked out. It is empty when dir is not in a git work
// tree with commits.
func Identity(ctx context.Context, dir string) string {
	prefix, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-prefix").Output()
	if err != nil {
		return ""
	}
	roots, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-list", "--max-parents=0", "HEAD").Output()
	if err != nil || len(roots) == 0 {
		return ""
	}
	return strings.Join(strings.Fields(string(roots)), ",") + ":" + strings.TrimSpace(string(prefix))
}
