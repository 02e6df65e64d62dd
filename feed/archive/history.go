package archive

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/gitlog"
	"github.com/sakurafm/podgen/feed/pool"
	"golang.org/x/sync/errgroup"
)

// display is how errors and the build name a path of the folder.
func (r *reader) display(name string) string { return path.Join(filepath.ToSlash(r.dir), name) }

func (r *reader) loadState() {
	if r.cache == nil {
		return
	}
	id := "dir:"
	if r.repo != nil && r.repo.Identity != "" {
		id = "git:" + r.repo.Identity
	} else if abs, err := filepath.Abs(r.dir); err == nil {
		id += abs
	}
	r.stateKey = cache.KeyOf("archive", r.code, parserKey(r.parser), id)
	if v, ok := r.cache.Get(r.stateKey); ok {
		if gob.NewDecoder(bytes.NewReader(v)).Decode(&r.old) == nil {
			r.old.expand()
		} else {
			r.old = archiveState{}
		}
	}
}

func (r *reader) saveState() {
	if r.cache == nil || !r.changed || r.incomplete {
		return // the state found is the state, and stays in the cache
	}
	// Encoded while the build goes on: nothing changes the state after
	// Read (its articles' slices, Credits say, are the Archive's too, and
	// no stage edits them), and only the next build reads it.
	now := r.now.compact()
	r.cache.PutLater(r.stateKey, func() ([]byte, bool) {
		var b bytes.Buffer
		err := gob.NewEncoder(&b).Encode(now)
		return b.Bytes(), err == nil
	})
}

// compact is the state as it is kept: a work tree file that holds its
// path's version in the history (an archive whose articles stay in its
// tree: every file) keeps no parse of its own, which is the history's.
func (s archiveState) compact() archiveState {
	inHist := make(map[version]bool, len(s.History))
	for _, e := range s.History {
		inHist[version{e.Path, e.Blob}] = true
	}
	tree := slices.Clone(s.Tree)
	for i, e := range tree {
		if inHist[version{e.Path, e.Blob}] {
			tree[i].Parsed, tree[i].InHistory = parsed{}, true
		}
	}
	s.Tree = tree
	return s
}

// expand undoes compact.
func (s *archiveState) expand() {
	hist := make(map[version]parsed, len(s.History))
	for _, e := range s.History {
		hist[version{e.Path, e.Blob}] = e.Parsed
	}
	for i, e := range s.Tree {
		if e.InHistory {
			s.Tree[i].Parsed, s.Tree[i].InHistory = hist[version{e.Path, e.Blob}], false
		}
	}
}

// readHistory brings the state's history up to HEAD: from where the last
// build left it when HEAD descends from there, else from the start.
func (r *reader) readHistory(tree []treeFile) ([]pathEntry, error) {
	if r.repo == nil || r.repo.Head == "" {
		return nil, nil
	}
	if r.old.Head == r.repo.Head {
		r.now.Head, r.now.History, r.now.Others, r.now.Broken = r.old.Head, r.old.History, r.old.Others, r.old.Broken
		return r.now.History, nil
	}
	since := r.old.Head
	if since != "" && !r.repo.IsAncestor(r.ctx, since, r.repo.Head) {
		since = "" // a rewritten history: read it all again
	}
	var base archiveState
	if since != "" {
		base = r.old
	}
	changes, err := r.repo.Log(r.ctx, since)
	if err != nil {
		return nil, err
	}
	versions, err := r.parseVersions(changes, tree)
	if err != nil {
		return nil, err
	}
	r.now.Head, r.changed = r.repo.Head, true
	r.now.History, r.now.Others, r.now.Broken = mergeHistory(base, changes, versions, r.display)
	return r.now.History, nil
}

// version is a path and a blob: one version of one file.
type version struct{ path, blob string }

// parseVersions parses each version the changes name, once: from the work
// tree when it holds the same bytes at the same path, else from the
// history, read in one cat-file while the versions read before are parsed.
func (r *reader) parseVersions(changes []gitlog.Change, tree []treeFile) (map[version]parsed, error) {
	inTree := map[version]*treeFile{}
	for i := range tree {
		if f := &tree[i]; f.err == nil {
			inTree[version{f.name, f.blob}] = f
		}
	}
	out := map[version]parsed{}
	var want []version
	for _, ch := range changes {
		v := version{ch.Path, ch.Blob}
		if _, ok := out[v]; ok || !isArticleFile(ch.Path) || hidden(ch.Path) {
			continue
		}
		if f, ok := inTree[v]; ok {
			out[v] = f.parsed
			continue
		}
		out[v] = parsed{}
		want = append(want, v)
	}
	if len(want) == 0 {
		return out, nil
	}
	blobs, err := r.repo.Blobs(r.ctx)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	ids := make([]string, len(want))
	for i, v := range want {
		ids[i] = v.blob
	}
	// Each version is parsed while git reads the next: at most a few wait,
	// so that git is held back when the parsers are behind.
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(pool.Workers())
	i := 0
	err = blobs.ReadAll(ids, func(src []byte, missing error) {
		v := want[i]
		i++
		if missing != nil {
			// A broken version, a warning as a version that does not
			// parse is; the state is not kept, so that the next build
			// reads it again (after a git fetch, say).
			mu.Lock()
			out[v] = parsed{Err: &note{0, "reading this version from the history: " + missing.Error()}}
			r.incomplete = true
			mu.Unlock()
			return
		}
		g.Go(func() error {
			p := parsedOf(r.parser.Parse(r.display(v.path), src))
			mu.Lock()
			out[v] = p
			mu.Unlock()
			return nil
		})
	})
	g.Wait()
	if err != nil && i < len(want) {
		err = fmt.Errorf("%s: reading a version from the history: %w", r.display(want[i].path), err)
	}
	return out, err
}

// mergeHistory adds the changes (newest first) to what base knew of the
// history (from the commits before them): a path's newest version that is
// an episode is its episode, and the oldest commit of a version that is
// the same episode (the same ID) dates it. It gives what one pass over the
// whole history gives (TestMergeHistoryIncremental).
func mergeHistory(base archiveState, changes []gitlog.Change, versions map[version]parsed, display func(string) string) (history, others []pathEntry, broken []brokenVersion) {
	eps := map[string]pathEntry{}
	dates := map[string]map[string]time.Time{} // path -> ID -> oldest date
	for _, e := range base.History {
		eps[e.Path] = e
		dates[e.Path] = map[string]time.Time{}
		for _, d := range e.Dates {
			dates[e.Path][d.ID] = d.Added
		}
	}
	other := map[string]pathEntry{}
	for _, e := range base.Others {
		other[e.Path] = e
	}
	chosen := map[string]bool{} // paths whose episode these changes gave
	seen := map[string]bool{}   // paths whose newest version these changes hold
	for _, ch := range changes {
		v, ok := versions[version{ch.Path, ch.Blob}]
		switch {
		case !ok:
			continue // not an article file
		case v.Err != nil:
			broken = append(broken, brokenVersion{Path: ch.Path, Commit: ch.Commit, When: ch.When, Err: *v.Err})
			if !seen[ch.Path] {
				delete(other, ch.Path) // its newest version is not of another series: it is broken
			}
		case !v.episode():
			if !seen[ch.Path] {
				other[ch.Path] = pathEntry{Path: ch.Path, Blob: ch.Blob, Parsed: v}
			}
		default:
			e := eps[ch.Path]
			if !chosen[ch.Path] { // the newest version that is an episode
				chosen[ch.Path] = true
				e = pathEntry{Path: ch.Path, Blob: ch.Blob, Parsed: v}
			}
			eps[ch.Path] = e
			if dates[ch.Path] == nil {
				dates[ch.Path] = map[string]time.Time{}
			}
			id := v.id(display(ch.Path))
			if d, ok := dates[ch.Path][id]; !ok || ch.When.Before(d) {
				dates[ch.Path][id] = ch.When
			}
		}
		seen[ch.Path] = true
	}
	broken = append(broken, base.Broken...) // older than these changes'
	for p, e := range eps {
		delete(other, p)
		e.Dates = nil
		for _, id := range slices.Sorted(maps.Keys(dates[p])) {
			e.Dates = append(e.Dates, idDate{id, dates[p][id]})
		}
		e.Added = dates[p][e.Parsed.id(display(p))]
		eps[p] = e
	}
	// A broken version matters only where no version of the path is an
	// episode.
	broken = slices.DeleteFunc(broken, func(b brokenVersion) bool { _, ok := eps[b.Path]; return ok })
	history = slices.SortedFunc(maps.Values(eps), byPath)
	others = slices.SortedFunc(maps.Values(other), byPath)
	sort.SliceStable(broken, func(i, j int) bool { return broken[i].Path < broken[j].Path }) // each path's newest first
	return history, others, broken
}

func byPath(a, b pathEntry) int { return strings.Compare(a.Path, b.Path) }
