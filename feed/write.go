package feed

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/page"
	"github.com/sakurafm/podgen/feed/rss"
)

// Write writes the site folder: audio, covers, the episodes' pages and
// artwork first, then the index pages, search.json, sitemap.xml and
// robots.txt, then feed.xml; then it removes files of earlier builds that
// this one no longer has.
//
// Until feed.xml, nothing that was there is changed: new files are
// created, and a file that changes is written beside itself under a
// temporary name, and so is feed.xml. When all of them are written, the
// temporary files are renamed over the old ones, feed.xml last. A failure
// before removes what this build created (early too) and the temporary
// files: the site folder is as it was, and the error says so.
func (s *Site) Write() (_ *Result, err error) {
	st := &stage{}
	defer s.b.removeTemp()
	defer func() {
		switch {
		case err != nil && st.renamed == 0:
			st.undo()
			s.b.early.undo()
			err = fmt.Errorf("%w (the site folder is as it was)", err)
		case err != nil && st.renamed < len(st.renames): // feed.xml, renamed last, is not in place
			// Some pages are in place: what this build created stays, for
			// they may link it; the temporary files go.
			st.removeTemps()
			err = fmt.Errorf("%w (some pages are new, feed.xml is the one before: build again)", err)
		}
	}()
	res := &Result{Episodes: s.Episodes(), Warnings: s.warnings, Left: s.b.left}
	out := s.b.cfg.OutDir
	keep := map[string]bool{FeedFile: true}
	for _, p := range s.pages {
		keep[p.name] = true
	}
	for _, ep := range s.episodes {
		for _, p := range []string{ep.places.audio, ep.places.cover, ep.places.transcript} {
			if p != "" {
				keep[p] = true
			}
		}
		for _, im := range ep.src.images {
			keep[im.rel] = true
		}
	}
	res.Written = s.b.early.count()
	n, err := s.placeMedia(st)
	res.Written += n
	if err != nil {
		return res, err
	}
	n, err = s.writeTranscripts(st)
	res.Written += n
	if err != nil {
		return res, err
	}
	if s.artName != "" {
		keep[s.artName] = true
		n, err := st.write(filepath.Join(out, s.artName), [][]byte{s.artBytes})
		res.Written += n
		if err != nil {
			return res, err
		}
	}
	for _, p := range s.pages {
		n, err := st.write(filepath.Join(out, filepath.FromSlash(p.name)), p.parts)
		res.Written += n
		if err != nil {
			return res, err
		}
	}
	res.Feed = filepath.Join(out, FeedFile)
	if s.b.cfg.Diff {
		// Comparing two large feeds costs seconds: only when asked.
		prev := s.prevFeed
		var next bytes.Buffer
		s.feed.WriteTo(&next)
		if !bytes.Equal(prev, next.Bytes()) {
			if changes, err := rss.Diff(prev, next.Bytes()); err == nil {
				res.Changes = changes
			} else {
				res.Warnings = append(res.Warnings, fmt.Errorf("%s: cannot compare with the previous feed: %w", res.Feed, err))
			}
		}
	}
	// The feed is written and synced beside its place before anything is
	// put in place, so that a full disk leaves the site as it was; it is
	// renamed last, once the files it links are there.
	feed := append(append([][]byte{s.feed.Head}, s.feed.Items...), s.feed.Tail)
	feedTmp, err := stageFeed(res.Feed, feed)
	if err != nil {
		return res, err
	}
	if feedTmp != "" {
		st.renames = append(st.renames, [2]string{feedTmp, res.Feed})
		res.Written++
	}
	if err := st.commit(); err != nil {
		return res, err
	}
	for _, w := range st.wrote {
		s.b.wrote(w.name, w.key) // as they are now, renamed
	}
	res.Removed, err = removeStale(out, keep)
	return res, err
}

// stage is what Write has written so far and can take back: the files it
// created, and the new contents of files it replaces, each in a temporary
// file beside it until commit renames them.
type stage struct {
	created []string
	renames [][2]string   // temporary file, the file it replaces
	renamed int           // how many of renames commit put in place
	wrote   []writtenPage // episode pages, to remember once in place
}

// writtenPage is an episode page Write wrote, and what it is made of.
type writtenPage struct {
	name string
	key  cache.Key
}

// write writes the pieces of a file to name, unless it holds them already
// (it returns 1 when it wrote). A new file is created in place: no
// published feed points at a file that did not exist, so a write torn by a
// crash is harmless and the next build writes it again. A file that exists
// is only staged: its new content waits beside it for commit.
func (st *stage) write(name string, parts [][]byte) (int, error) {
	same, err := holds(name, parts)
	switch {
	case same:
		return 0, nil
	case errors.Is(err, fs.ErrNotExist):
		if err := createNew(name, writeParts(parts)); err != nil {
			return 0, err
		}
		st.created = append(st.created, name)
		return 1, nil
	}
	tmp, err := writeTemp(name, false, writeParts(parts))
	if err != nil {
		return 0, err
	}
	st.renames = append(st.renames, [2]string{tmp, name})
	return 1, nil
}

// commit puts the staged files in place, in the order they were staged.
func (st *stage) commit() error {
	for _, r := range st.renames[st.renamed:] {
		if err := os.Rename(r[0], r[1]); err != nil {
			return fmt.Errorf("write %s: %w", r[1], err)
		}
		st.renamed++
	}
	return nil
}

// undo removes what the stage created and the temporary files.
func (st *stage) undo() {
	for _, f := range st.created {
		os.Remove(f)
	}
	st.removeTemps()
}

// removeTemps removes the temporary files commit has not put in place.
func (st *stage) removeTemps() {
	for _, r := range st.renames[st.renamed:] {
		os.Remove(r[0])
	}
}

// placeMedia puts the audio, covers and images into the site folder, but
// for the audio placed early.
func (s *Site) placeMedia(st *stage) (int, error) {
	written := 0
	// place puts src at the site path rel; a file it creates has a new
	// name (nothing was there, or not this file), which undo removes.
	place := func(src, rel string, size int64, link bool) error {
		dst := filepath.Join(s.b.cfg.OutDir, filepath.FromSlash(rel))
		n, err := placeFile(src, dst, size, link, !s.present[rel])
		written += n
		if n > 0 && err == nil {
			st.created = append(st.created, dst)
		}
		return err
	}
	for _, ep := range s.episodes {
		if ep.places.audio != "" && !s.b.early.placed(ep.places.audio) {
			if err := place(ep.media.src, ep.places.audio, ep.media.Size, !s.b.cfg.CopyAudio); err != nil {
				return written, err
			}
		}
		for _, im := range ep.src.images {
			if err := place(im.src, im.rel, im.size, !s.b.cfg.CopyAudio); err != nil {
				return written, err
			}
		}
		if ep.places.cover != "" {
			fi, err := os.Stat(ep.cover.file)
			if err != nil {
				return written, err
			}
			if err := place(ep.cover.file, ep.places.cover, fi.Size(), true); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

// writeTranscripts writes the episodes' pages (the transcripts) the site
// folder does not hold yet, but for those written early.
func (s *Site) writeTranscripts(st *stage) (int, error) {
	written := 0
	for _, ep := range s.episodes {
		if ep.r.transcript == nil {
			continue // the site has it, or it was written early
		}
		name := filepath.Join(s.b.cfg.OutDir, filepath.FromSlash(ep.places.transcript))
		n, err := st.write(name, [][]byte{ep.r.transcript})
		written += n
		if err != nil {
			return written, err
		}
		st.wrote = append(st.wrote, writtenPage{name, ep.r.pageKey})
	}
	return written, nil
}

const tmpPrefix = ".podgen-tmp-"

// stageFeed writes the pieces of the feed, without joining them (it is
// tens of megabytes), into a synced temporary file beside name, whose name
// it returns for the stage to rename over name, last: readers see the old feed
// or the new one, never half of one, the one file that must never be torn
// or lost. A feed that already holds them is left alone (its mtime too,
// which keeps upload caches warm): the name is then "".
func stageFeed(name string, parts [][]byte) (string, error) {
	if same, _ := holds(name, parts); same {
		return "", nil
	}
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		return "", fmt.Errorf("write %s: not a regular file (%s)", name, fi.Mode().Type())
	}
	return writeTemp(name, true, writeParts(parts))
}

// writeParts writes the pieces in order, a system call per megabyte, not
// per piece, through a buffer no larger than they are.
func writeParts(parts [][]byte) func(io.Writer) error {
	return func(w io.Writer) error {
		size := 0
		for _, p := range parts {
			size += len(p)
		}
		b := bufio.NewWriterSize(w, min(size, 1<<20))
		for _, p := range parts {
			b.Write(p)
		}
		return b.Flush() // the first error of any write
	}
}

// holds reports whether the file holds exactly the pieces; the error is
// the file's when it cannot be read (it does not exist).
func holds(name string, parts [][]byte) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	if st.Size() != int64(size) {
		return false, nil
	}
	r := bufio.NewReaderSize(f, min(size, 256<<10)) // thousands of pages of 10 to 20 kB: not 256 kB each
	for _, p := range parts {
		for len(p) > 0 {
			chunk, err := r.Peek(min(len(p), r.Size()))
			if err != nil || !bytes.Equal(chunk, p[:len(chunk)]) {
				return false, nil
			}
			r.Discard(len(chunk))
			p = p[len(chunk):]
		}
	}
	return true, nil
}

// placeFile puts the file src (audio, a mirrored cover) into the site at
// dst unless dst exists with the same size: site names are
// content-addressed, so same name and size is the same file. It hard-links
// when it can (one directory entry instead of a new file and a copy of the
// bytes) and copies otherwise, as when the site is on another file system.
// fresh says dst was not there when the build started: it is linked
// without looking first.
func placeFile(src, dst string, size int64, link, fresh bool) (int, error) {
	if link && fresh && linkNew(src, dst) == nil {
		return 1, nil
	}
	if st, err := os.Lstat(dst); err == nil { // a link left there is replaced
		if st.Mode().IsRegular() && st.Size() == size {
			return 0, nil
		}
		os.Remove(dst)
	}
	if link && linkNew(src, dst) == nil {
		return 1, nil
	}
	return 1, copyNew(src, dst)
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
func copyNew(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return createNew(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// createNew writes a file that does not exist yet, making its folder if
// need be; it fails when the file exists.
func createNew(name string, write func(io.Writer) error) error {
	create := func() (*os.File, error) { return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) }
	f, err := create()
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(name), 0o755); err == nil {
			f, err = create()
		}
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// atomically replaces name with what write writes, through a temporary
// file in the same folder and a rename; durable syncs it before.
func atomically(name string, durable bool, write func(io.Writer) error) error {
	tmp, err := writeTemp(name, durable, write)
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// writeTemp writes what write writes into a new temporary file beside
// name, and returns its name; durable syncs it.
func writeTemp(name string, durable bool, write func(io.Writer) error) (string, error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil && durable {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	return tmp, nil
}

// Names podgen gives the files of its site folder (siteSlug, the names of
// media by their MD5, artwork): removeStale removes no other.
var (
	mediaName = regexp.MustCompile(`^[a-z0-9_-]+-[0-9a-f]{8}\.[A-Za-z0-9]+$`)
	pageName  = regexp.MustCompile(`^[a-z0-9_-]+\.html$`)
	artName   = regexp.MustCompile(`^artwork-[0-9a-f]{8}\.(?:jpg|png)$`)
)

// ownName reports whether name, in the site folder's dir, is a name podgen
// gives its files there.
func ownName(dir, name string) bool {
	switch dir {
	case AudioDir, CoversDir, ImagesDir:
		return mediaName.MatchString(name)
	case TranscriptsDir:
		return pageName.MatchString(name)
	case ".":
		return artName.MatchString(name) || page.IsIndexName(name)
	}
	return false
}

// removeStale deletes files podgen wrote in earlier builds that this build
// does not have: in the audio, covers and transcripts folders, old channel
// artwork and index pages past the last, each only under a name podgen
// gives such files. Anything else in the site folder is the user's and
// stays: a site folder that is not podgen's alone loses nothing else.
func removeStale(out string, keep map[string]bool) (int, error) {
	n := 0
	err := fs.WalkDir(os.DirFS(out), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if p == "." || p == AudioDir || p == TranscriptsDir || p == CoversDir || p == ImagesDir {
				return nil
			}
			return fs.SkipDir
		}
		dir := path.Dir(p)
		if (ownName(dir, d.Name()) || strings.HasPrefix(d.Name(), tmpPrefix)) && !keep[p] {
			if err := os.Remove(filepath.Join(out, filepath.FromSlash(p))); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// siteFiles lists the files in the site folder's dirs (slash paths, such
// as "audio/2455369-0123abcd.mp3"); a folder that is not there lists none.
func siteFiles(out string, dirs ...string) map[string]bool {
	files := map[string]bool{}
	for _, dir := range dirs {
		entries, _ := os.ReadDir(filepath.Join(out, filepath.FromSlash(dir)))
		for _, e := range entries {
			if !e.IsDir() {
				files[path.Join(dir, e.Name())] = true
			}
		}
	}
	return files
}

// artwork checks the channel artwork against Apple's rules and names it
// after its content.
func artwork(file string) (string, []byte, error) {
	if file == "" {
		return "", nil, errors.New("no channel artwork configured (image:)")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", nil, fmt.Errorf("channel artwork: %w", err)
	}
	if _, err := rss.CheckArtwork(file, bytes.NewReader(b)); err != nil {
		return "", nil, err
	}
	sum := md5.Sum(b)
	ext := strings.ToLower(filepath.Ext(file))
	if ext == ".jpeg" {
		ext = ".jpg"
	}
	return "artwork-" + hex.EncodeToString(sum[:4]) + ext, b, nil
}
