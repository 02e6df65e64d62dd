package audiofolder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sakurafm/podgen/feed/folder"
)

// Index is the audio folder's file list, read once.
type Index struct {
	Dir   string              // as given
	files map[string]bool     // slash paths relative to the folder
	named map[string][]string // lower-cased base name -> its paths, the folder's own first
	// links are the files that are symlinks: the file each resolves to,
	// or why it cannot be used.
	links map[string]link
	// unplayable are the files of other audio formats (a WAV, a FLAC), by
	// lower-cased name without extension: a missing episode's error names
	// one that would be its audio.
	unplayable map[string][]string
}

// otherAudio are the extensions of audio that podcast apps do not all play,
// or that is no podcast's: converted, it would be an episode's.
var otherAudio = map[string]bool{".wav": true, ".flac": true, ".ogg": true, ".oga": true, ".opus": true,
	".aac": true, ".aif": true, ".aiff": true, ".wma": true, ".m4b": true, ".mp4": true}

// byName is the file of a base name, in any case: the one nearest the
// top of the folder when subfolders hold more.
func (idx *Index) byName(name string) (string, bool) {
	if ps := idx.named[strings.ToLower(name)]; len(ps) > 0 {
		return ps[0], true
	}
	return "", false
}

// depth orders paths by how deep in the folder they are.
func depth(a, b string) int { return strings.Count(a, "/") - strings.Count(b, "/") }

type link struct {
	target string
	err    error
}

// File is the file to read, link and copy for a path in the folder: a
// symlink's target, never the link.
func (idx *Index) File(rel string) (string, error) {
	if l, ok := idx.links[rel]; ok {
		return l.target, l.err
	}
	return filepath.Join(idx.Dir, filepath.FromSlash(rel)), nil
}

func isAudioFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".mp3", ".m4a":
		return true
	}
	return false
}

// List lists the audio folder; optional says a folder that is not
// there is an empty one (audio_url gives the audio).
func List(dir string, optional bool) (*Index, error) {
	idx := &Index{Dir: dir, files: map[string]bool{}, named: map[string][]string{}, links: map[string]link{}, unplayable: map[string][]string{}}
	if err := folder.Check("audio folder", dir); optional && (dir == "" || errors.Is(err, fs.ErrNotExist)) {
		return idx, nil
	} else if err != nil {
		return nil, err
	}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && isAudioFile(p) {
			// One that is not a file is its episode's error, not a
			// missing file: a symlink, a named pipe, a folder.
			if !d.Type().IsRegular() {
				t, err := folder.File(dir, p, d)
				idx.links[p] = link{t, err}
			}
			idx.files[p] = true
			name := strings.ToLower(path.Base(p))
			idx.named[name] = append(idx.named[name], p)
		} else if ext := path.Ext(p); otherAudio[strings.ToLower(ext)] {
			stem := strings.ToLower(strings.TrimSuffix(path.Base(p), ext))
			idx.unplayable[stem] = append(idx.unplayable[stem], p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audio folder %s: %w", dir, err)
	}
	for _, ps := range idx.named {
		slices.SortStableFunc(ps, depth)
	}
	return idx, nil
}
