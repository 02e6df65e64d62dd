package gitlog

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Repo is the git work tree a folder is in.
type Repo struct {
	dir string // the folder, as given
	// Identity names the folder by its repository's first commits and its
	// path in the repository: the same in every clone, wherever it is
	// checked out.
	Identity string
	Head     string // the commit checked out; "" before the first commit
	Shallow  bool   // a shallow clone: the first commits are missing
}

// Open returns the git work tree dir is in, or nil and no error when dir
// is not in one (or git is not installed).
func Open(ctx context.Context, dir string) (*Repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	out, err := git(ctx, dir, "rev-parse", "--is-inside-work-tree", "--show-prefix", "--is-shallow-repository")
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && bytes.Contains(ee.Stderr, []byte("not a git repository")):
		return nil, nil // not in a work tree
	case errors.As(err, &ee):
		// Not "no repository": git refuses this one (a repository another
		// user owns, in a CI container, say). Its history holds episodes.
		return nil, fmt.Errorf("%s: git cannot read the repository: %s", dir, oneLine(ee.Stderr))
	case err != nil:
		return nil, err
	}
	f := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(f) != 3 || f[0] != "true" {
		return nil, nil
	}
	r := &Repo{dir: dir, Shallow: f[2] == "true"}
	head, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", "HEAD")
	if err != nil {
		return r, nil // no commits yet
	}
	r.Head = strings.TrimSpace(string(head))
	roots, err := git(ctx, dir, "rev-list", "--max-parents=0", "HEAD")
	if err != nil {
		return nil, err
	}
	r.Identity = strings.Join(strings.Fields(string(roots)), ",") + ":" + f[1]
	return r, nil
}

// oneLine is git's message on one line, for podgen's one line an error:
// its lines joined, "fatal: " dropped. git's refusal of a repository another
// user owns reads "detected dubious ownership in repository at '/x'; To add
// an exception for this directory, call: git config --global --add
// safe.directory /x".
func oneLine(stderr []byte) string {
	var b strings.Builder
	for l := range strings.Lines(string(stderr)) {
		l = strings.TrimPrefix(strings.TrimSpace(l), "fatal: ")
		switch {
		case l == "":
			continue
		case b.Len() == 0:
		case strings.HasSuffix(b.String(), ":"):
			b.WriteString(" ")
		default:
			b.WriteString("; ")
		}
		b.WriteString(l)
	}
	return b.String()
}

// IsAncestor reports whether commit a is an ancestor of commit b (or is b).
func (r *Repo) IsAncestor(ctx context.Context, a, b string) bool {
	_, err := git(ctx, r.dir, "merge-base", "--is-ancestor", a, b)
	return err == nil
}

// Change is one version of a file: a commit that added or changed it.
type Change struct {
	Path   string    // slash path relative to the folder
	Blob   string    // the file's blob id after the commit
	Commit string    // the commit
	When   time.Time // its author date
}

// Log lists what the commits reachable from HEAD, but not from since (all
// of them when since is ""), added or changed in the folder, newest commit
// first: one git log --raw for the whole folder. Deletions are not listed:
// a deleted file's versions are still its versions.
func (r *Repo) Log(ctx context.Context, since string) ([]Change, error) {
	if r.Head == "" {
		return nil, nil
	}
	args := []string{"-c", "core.quotePath=false", "log", "-z", "--raw", "--no-abbrev", "--no-renames", "--relative",
		"--format=commit %H %at", r.Head}
	if since != "" {
		args = append(args, "^"+since)
	}
	cmd := exec.CommandContext(ctx, "git", append(append([]string{"-C", r.dir}, args...), "--", ".")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	changes, perr := parseLog(bufio.NewReaderSize(out, 1<<20))
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git log in %s: %v: %s", r.dir, err, strings.TrimSpace(stderr.String()))
	}
	return changes, perr
}

// parseLog reads `git log -z --raw --format='commit %H %at'`: a commit's
// header, then for each file a ":<modes> <old blob> <new blob> <status>"
// field and the path, every field ending in NUL.
func parseLog(r *bufio.Reader) ([]Change, error) {
	var changes []Change
	var commit string
	var when time.Time
	for {
		field, err := r.ReadString(0)
		if err == io.EOF {
			return changes, nil
		}
		if err != nil {
			return changes, err
		}
		field = strings.TrimPrefix(strings.TrimSuffix(field, "\x00"), "\n")
		switch {
		case strings.HasPrefix(field, "commit "):
			f := strings.Fields(field)
			if len(f) != 3 {
				return changes, fmt.Errorf("git log: unexpected line %q", field)
			}
			sec, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil {
				return changes, fmt.Errorf("git log: unexpected date in %q", field)
			}
			commit, when = f[1], time.Unix(sec, 0).UTC()
		case strings.HasPrefix(field, ":"):
			path, err := r.ReadString(0)
			if err != nil {
				return changes, fmt.Errorf("git log: no path after %q", field)
			}
			f := strings.Fields(field)
			if len(f) != 5 {
				return changes, fmt.Errorf("git log: unexpected line %q", field)
			}
			// A(dded), M(odified), T(ype changed): a new version. D(eleted):
			// none. Only regular files: a symlink (120000) or a submodule
			// (160000) has no text to read.
			if s, mode := f[4], f[1]; (s == "A" || s == "M" || s == "T") && (mode == "100644" || mode == "100755") {
				changes = append(changes, Change{Path: strings.TrimSuffix(path, "\x00"), Blob: f[3], Commit: commit, When: when})
			}
		case field == "":
		default:
			return changes, fmt.Errorf("git log: unexpected line %q", field)
		}
	}
}

// Blobs reads blobs from the repository through one git cat-file --batch,
// not one git command per blob.
type Blobs struct {
	mu   sync.Mutex
	cmd  *exec.Cmd
	in   *bufio.Writer
	pipe io.WriteCloser
	out  *bufio.Reader
	err  error
}

// Blobs starts the reader; Close stops it.
func (r *Repo) Blobs(ctx context.Context) (*Blobs, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", r.dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &Blobs{cmd: cmd, pipe: in, in: bufio.NewWriter(in), out: bufio.NewReaderSize(out, 1<<20)}, nil
}

// ErrMissing is a blob the repository does not have (a damaged or partial
// clone): ReadAll gives it for that blob and goes on with the next.
var ErrMissing = errors.New("not in the repository (git fsck says what else is missing)")

// ReadAll reads the blobs of ids and calls fn with each, in order, while
// the next ones are asked for: git is never waiting for the next id. A
// blob the repository does not have is given as nil and ErrMissing; any
// other error stops the reading.
func (b *Blobs) ReadAll(ids []string, fn func(data []byte, err error)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	werr := make(chan error, 1)
	go func() {
		for _, id := range ids {
			if _, err := b.in.WriteString(id + "\n"); err != nil {
				werr <- err
				return
			}
		}
		werr <- b.in.Flush()
	}()
	for _, id := range ids {
		data, err := b.next(id)
		if errors.Is(err, ErrMissing) {
			fn(nil, err)
			continue
		}
		if err != nil {
			// git may be waiting for us to read what it wrote, and the
			// writer for git to read: stop it.
			b.err = err
			b.cmd.Process.Kill()
			<-werr
			return err
		}
		fn(data, nil)
	}
	return <-werr
}

// Read reads one blob.
func (b *Blobs) Read(id string) ([]byte, error) {
	var data []byte
	var missing error
	err := b.ReadAll([]string{id}, func(d []byte, err error) { data, missing = d, err })
	return data, cmp.Or(err, missing)
}

// next reads the answer for id: "<id> blob <size>", the bytes, a line
// break; or "<id> missing".
func (b *Blobs) next(id string) ([]byte, error) {
	head, err := b.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	f := strings.Fields(head)
	if len(f) == 2 && f[1] == "missing" {
		return nil, fmt.Errorf("blob %s: %w", id, ErrMissing)
	}
	if len(f) != 3 || f[0] != id || f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: unexpected answer %q for %s", strings.TrimSpace(head), id)
	}
	n, err := strconv.Atoi(f[2])
	if err != nil || n < 0 {
		return nil, fmt.Errorf("git cat-file: unexpected answer %q", strings.TrimSpace(head))
	}
	data := make([]byte, n+1)
	if _, err := io.ReadFull(b.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return data[:n], nil
}

// Close stops the reader.
func (b *Blobs) Close() error {
	if b == nil {
		return nil
	}
	b.pipe.Close()
	err := b.cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) && b.err != nil {
		return nil // it failed already, and said so
	}
	return err
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...).Output()
}
