package feed

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/sakurafm/podgen/feed/cache"
)

// earlyWriter creates the site's new files while the episodes are still
// being prepared (Config.WriteEarly): each episode's audio and transcript
// as soon as they are known, so that a cold build's thousands of file
// creations overlap its CPU work instead of following it. Each folder is
// written by one goroutine, one file after another: creating files in one
// folder in parallel was slower than in sequence on the file systems
// measured (each creation locks the folder).
//
// It only creates. A page that exists and holds what it is given is done
// with: it is remembered as written and leaves memory. Any other file that
// exists is left to Site.Write, which replaces it. undo removes what it
// created, and the folders it made, so that a build that fails leaves the
// site folder as it was. All its methods do nothing on a nil earlyWriter.
type earlyWriter struct {
	b       *builder
	present map[string]bool // audio and covers in the site folder when the build began
	audio   chan [2]string  // source, site path
	scripts chan script
	done    sync.WaitGroup

	mu      sync.Mutex
	created map[string]bool   // site paths of the files created
	left    map[string][]byte // pages it did not create (the file exists), by site path: Write's to write
	dirs    []string          // folders that did not exist before, deepest first
}

type script struct {
	rel  string
	page []byte
	key  cache.Key // what the page is made of
}

func startEarly(b *builder, present map[string]bool) *earlyWriter {
	out := b.cfg.OutDir
	e := &earlyWriter{b: b, present: present, audio: make(chan [2]string, 64), scripts: make(chan script, 64), created: map[string]bool{}, left: map[string][]byte{}}
	for _, d := range []string{filepath.Join(out, AudioDir), filepath.Join(out, TranscriptsDir)} {
		if _, err := os.Lstat(d); errors.Is(err, fs.ErrNotExist) {
			e.dirs = append(e.dirs, d)
		}
	}
	for d := filepath.Clean(out); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || d == filepath.Dir(d) {
			break
		}
		e.dirs = append(e.dirs, d)
	}
	e.done.Add(2)
	go func() {
		defer e.done.Done()
		for job := range e.audio {
			e.placeAudio(job[0], job[1])
		}
	}()
	go func() {
		defer e.done.Done()
		for s := range e.scripts {
			e.writeScript(s)
		}
	}()
	return e
}

// place hands over an episode's audio file, to be linked or copied into
// the site at rel; src "" is remote audio, which is not.
func (e *earlyWriter) place(src, rel string) {
	if e != nil && src != "" && !e.present[rel] {
		e.audio <- [2]string{src, rel}
	}
}

// script hands over an episode's rendered page, to be written at rel
// unless the site holds a file there. It takes the page from r: a page
// leaves memory once written, or once found in the site as it is
// (thousands of pages of 10 to 20 kB); one that differs from the site's
// is given back by unwritten.
func (e *earlyWriter) script(r *rendered, rel string) {
	if e != nil && r.transcript != nil {
		e.scripts <- script{rel, r.transcript, r.pageKey}
		r.transcript = nil
	}
}

// unwritten gives back the page handed over for rel that it did not
// write, nil for none.
func (e *earlyWriter) unwritten(rel string) []byte {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.left[rel]
	delete(e.left, rel)
	return p
}

// wait returns once everything handed over is done.
func (e *earlyWriter) wait() {
	if e == nil {
		return
	}
	close(e.audio)
	close(e.scripts)
	e.done.Wait()
}

// placed reports whether it created the file at rel.
func (e *earlyWriter) placed(rel string) bool {
	if e == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.created[rel]
}

// count is how many files it created.
func (e *earlyWriter) count() int {
	if e == nil {
		return 0
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.created)
}

func (e *earlyWriter) placeAudio(src, rel string) {
	dst := filepath.Join(e.b.cfg.OutDir, filepath.FromSlash(rel))
	var err error
	if e.b.cfg.CopyAudio {
		err = copyNew(src, dst)
	} else {
		err = linkNew(src, dst)
	}
	if err == nil { // else it exists, or Write will say what is wrong
		e.add(rel)
	}
}

func (e *earlyWriter) writeScript(s script) {
	name := filepath.Join(e.b.cfg.OutDir, filepath.FromSlash(s.rel))
	err := createNew(name, func(w io.Writer) error {
		_, err := w.Write(s.page)
		return err
	})
	if errors.Is(err, fs.ErrExist) {
		if same, _ := holds(name, [][]byte{s.page}); same {
			// Nothing to write (a build whose cache was lost or
			// made by another podgen): the page leaves memory too.
			e.b.wrote(name, s.key)
			return
		}
	}
	if err != nil { // as placeAudio
		e.mu.Lock()
		e.left[s.rel] = s.page
		e.mu.Unlock()
		return
	}
	e.b.wrote(name, s.key)
	e.add(s.rel)
}

func (e *earlyWriter) add(rel string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.created[rel] = true
}

// undo removes the files it created and the folders it made.
func (e *earlyWriter) undo() {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for rel := range e.created {
		os.Remove(filepath.Join(e.b.cfg.OutDir, filepath.FromSlash(rel)))
	}
	for _, d := range e.dirs {
		os.Remove(d) // only when empty: nothing but ours was there
	}
	e.created = map[string]bool{}
}
