package feed

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// earlyWriter creates the site's new files while the episodes are being
// prepared (Config.WriteEarly): each episode's audio and transcript as soon
// as they are known, each folder by one goroutine, one file after another
// (see Site.Write on why). It only creates: a file that exists is left to
// Write, which compares and replaces it. undo removes what it created, and
// the folders it made, so that a build that fails leaves the site folder as
// it was. All its methods do nothing on a nil earlyWriter.
type earlyWriter struct {
	cfg     Config
	present map[string]bool // files in the site folder, by slash path: Write's to compare
	toPlace chan *episodeWork
	toWrite chan *episodeWork
	done    sync.WaitGroup

	mu      sync.Mutex
	audio   []string // audio files created
	scripts []string // transcripts created
	dirs    []string // folders that did not exist before, deepest first
}

func startEarly(cfg Config, present map[string]bool) *earlyWriter {
	e := &earlyWriter{cfg: cfg, present: present, toPlace: make(chan *episodeWork, 64), toWrite: make(chan *episodeWork, 64)}
	for _, d := range []string{filepath.Join(cfg.OutDir, AudioDir), filepath.Join(cfg.OutDir, TranscriptsDir)} {
		if _, err := os.Lstat(d); errors.Is(err, fs.ErrNotExist) {
			e.dirs = append(e.dirs, d)
		}
	}
	for d := filepath.Clean(cfg.OutDir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || d == filepath.Dir(d) {
			break
		}
		e.dirs = append(e.dirs, d)
	}
	e.done.Add(2)
	go func() {
		defer e.done.Done()
		for w := range e.toPlace {
			e.placeAudio(w)
		}
	}()
	go func() {
		defer e.done.Done()
		for w := range e.toWrite {
			e.writeScript(w)
		}
	}()
	return e
}

// place hands over an episode whose audio file is known.
func (e *earlyWriter) place(w *episodeWork) {
	if e != nil {
		e.toPlace <- w
	}
}

// script hands over an episode whose transcript is rendered.
func (e *earlyWriter) script(w *episodeWork) {
	if e != nil && w.transcript != nil {
		e.toWrite <- w
	}
}

// wait returns once everything handed over is done.
func (e *earlyWriter) wait() {
	if e == nil {
		return
	}
	close(e.toPlace)
	close(e.toWrite)
	e.done.Wait()
}

// created returns how many audio files and transcripts it created.
func (e *earlyWriter) created() (media, scripts int) {
	if e == nil {
		return 0, 0
	}
	return len(e.audio), len(e.scripts)
}

func (e *earlyWriter) placeAudio(w *episodeWork) {
	if e.present[w.file] {
		return // Write compares it
	}
	dst := filepath.Join(e.cfg.OutDir, filepath.FromSlash(w.file))
	var err error
	if e.cfg.CopyAudio {
		err = copyNew(w.src, dst)
	} else {
		err = linkNew(w.src, dst)
	}
	if err != nil {
		return // it exists, or Write will say what is wrong
	}
	w.placed = true
	e.mu.Lock()
	e.audio = append(e.audio, dst)
	e.mu.Unlock()
}

func (e *earlyWriter) writeScript(w *episodeWork) {
	name := filepath.Join(e.cfg.OutDir, filepath.FromSlash(w.script))
	err := createNew(name, func(f io.Writer) error {
		_, err := f.Write(w.transcript)
		return err
	})
	if err != nil {
		return // as placeAudio
	}
	w.transcript = nil // written: Write skips it, and the memory goes
	e.cfg.Cache.wroteScript(w.a.File, w.key, name)
	e.mu.Lock()
	e.scripts = append(e.scripts, name)
	e.mu.Unlock()
}

// undo removes the files it created and the folders it made.
func (e *earlyWriter) undo() {
	if e == nil {
		return
	}
	for _, f := range append(e.audio, e.scripts...) {
		os.Remove(f)
	}
	for _, d := range e.dirs {
		os.Remove(d) // only when empty: nothing but ours was there
	}
	e.audio, e.scripts = nil, nil
}

// linkNew hard-links src to the new file dst, making its folder if need
// be; it fails when dst exists.
func linkNew(src, dst string) error {
	err := os.Link(src, dst)
	if errors.Is(err, fs.ErrNotExist) && os.MkdirAll(filepath.Dir(dst), 0o755) == nil {
		err = os.Link(src, dst)
	}
	return err
}

// copyNew copies src to the new file dst; it fails when dst exists.
// Through the os package: copy_file_range on Linux.
func copyNew(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	create := func(name string) (io.WriteCloser, error) {
		return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	return createWith(dst, create, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}
