package feed

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/folder"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// duplicate says why an article is the episode of another file, and what
// to do: an episode's id is its GNews post's, from its source link, or
// else its file's name.
func duplicate(a, prev *parse.Article) error {
	why := func(a *parse.Article) string {
		if a.PostID != "" {
			return "its source link: GNews post " + a.PostID
		}
		return "its file name: it has no source link"
	}
	if a.PostID == "" && prev.PostID == "" {
		where := "a file of the same name in another folder"
		if path.Dir(a.File) == path.Dir(prev.File) {
			where = "a file of the same name but for its extension"
		}
		return fmt.Errorf("episode %s already comes from %s, %s: rename one (a file without a source link is the episode of its name)", a.ID(), prev.File, where)
	}
	return fmt.Errorf("episode %s already comes from %s (%s), and so does this file (%s): delete the copy, or correct the source link or the name of the one that is another episode",
		a.ID(), prev.File, why(prev), why(a))
}

// match is the first stage: each article matched with its audio and dated.
// An article without audio is a warning; the others are errors.
//
// published are the pubDates, by guid, of the site folder's feed.xml: an
// article with no date of its own keeps the date the site published.
func (b *builder) match(arch *archive.Archive, idx *audioIndex, published func() map[string]time.Time) (sources []source, warnings, errs []error) {
	seen := map[string]*parse.Article{}
	playedBy := map[string]*parse.Article{} // by audio file
	for i := range arch.Articles {
		a := &arch.Articles[i]
		if prev, dup := seen[a.ID()]; dup {
			errs = append(errs, &parse.Error{File: a.File, Line: a.TitleLine, Err: duplicate(a, prev)})
			continue
		}
		seen[a.ID()] = a
		o := b.cfg.Episodes[a.ID()]
		if o.Remove {
			b.left++
			continue
		}
		ref, err := matchAudio(a, o, idx, b.cfg.AudioURL)
		switch {
		case errors.Is(err, errNoAudio):
			var perr *parse.Error
			w := &parse.Error{File: a.File, Line: a.TitleLine, Err: fmt.Errorf("%w; episode left out", err)}
			if errors.As(err, &perr) { // already at the article's line
				w = &parse.Error{File: perr.File, Line: perr.Line, Err: fmt.Errorf("%w; episode left out", perr.Err)}
			}
			if a.Page && a.Audio == "" && o.Audio == "" {
				// A page of a Hugo or Jekyll site (about.md) is no episode.
				w.Err = fmt.Errorf("%w (if it is a page of the site, not an episode: draft: true in its front matter, or keep it out of the articles folder)", w.Err)
			}
			if !arch.InFolder(a.File) {
				// Renamed or deleted: the episode is the git history's.
				w.Err = fmt.Errorf("%w (the file is gone from the folder, and the episode comes from its git history: episodes.%s.remove: true in config.yaml leaves it out for good)", w.Err, a.ID())
			}
			w.Err = grouped{group: "episodes left out: no audio", err: w.Err}
			warnings = append(warnings, w)
			continue
		case err != nil:
			errs = append(errs, err)
			continue
		}
		if len(ref.others) > 0 {
			warnings = append(warnings, &parse.Error{File: a.File, Line: a.TitleLine,
				Err: fmt.Errorf("audio: %s and %s in the audio folder %s match its name; the episode takes %s (keep one, or name it: episodes.%s.audio in config.yaml)",
					ref.local, strings.Join(ref.others, ", "), idx.dir, ref.local, a.ID())})
		}
		file := ""
		if ref.local != "" {
			if file, err = idx.file(ref.local); err != nil {
				errs = append(errs, &parse.Error{File: a.File, Line: a.TitleLine, Err: err})
				continue
			}
		}
		date, warning, err := episodeDate(a, o, arch.Added, published)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if warning != nil {
			warnings = append(warnings, warning)
		}
		if w := future(a, date, b.cfg.Now); w != nil {
			warnings = append(warnings, w)
		}
		key, ok := arch.Keys[a.File]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: an article archive.Read did not read", a.File)) // a programming error
			continue
		}
		if ref.local != "" {
			// Two episodes that play one recording: one of them was most
			// likely meant to name another file.
			if other, ok := playedBy[ref.local]; ok {
				warnings = append(warnings, &parse.Error{File: a.File, Line: cmp.Or(a.AudioLine, a.TitleLine), Err: grouped{
					group: "episodes that play an audio file another episode plays too (name another file, or remove one: episodes.<id>.remove: true in config.yaml)",
					err: fmt.Errorf("audio %s is %s's too: both episodes would play the same recording (name another file, or remove one: episodes.%s.remove: true in config.yaml)",
						filepath.Join(idx.dir, filepath.FromSlash(ref.local)), other.File, a.ID())}})
			} else {
				playedBy[ref.local] = a
			}
		}
		sources = append(sources, source{a: a, key: key, audio: ref, file: file, date: date})
	}
	// An override of no article is most likely a mistyped id.
	for _, id := range slices.Sorted(maps.Keys(b.cfg.Episodes)) {
		if _, ok := seen[id]; !ok {
			where := cmp.Or(b.cfg.Episodes[id].Where, "config: episodes."+id)
			hint := ""
			if g, ok := strings.CutPrefix(id, "file-"); ok {
				hint = fmt.Sprintf(" (an id is the article's post id or its file's name without extension, %s, not its guid)", g)
			} else if g, ok := strings.CutPrefix(id, "gnews-"); ok {
				hint = fmt.Sprintf(" (an id is the article's post id, %s, not its guid)", g)
			}
			warnings = append(warnings, fmt.Errorf("%s: no article of the series has id %s: this override is not used%s", where, id, hint))
		}
	}
	return sources, warnings, errs
}

// errNoAudio marks an episode whose audio was not found: it is left out
// with a warning (an error under --strict).
var errNoAudio = errors.New("no audio")

// IsNoAudio reports whether a warning of the build is of an episode left
// out for want of audio.
func IsNoAudio(err error) bool { return errors.Is(err, errNoAudio) }

// audioIndex is the audio folder's file list, read once.
type audioIndex struct {
	dir   string
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
func (idx *audioIndex) byName(name string) (string, bool) {
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

// file is the file to read, link and copy for a path in the folder: a
// symlink's target, never the link.
func (idx *audioIndex) file(rel string) (string, error) {
	if l, ok := idx.links[rel]; ok {
		return l.target, l.err
	}
	return filepath.Join(idx.dir, filepath.FromSlash(rel)), nil
}

func isAudioFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".mp3", ".m4a":
		return true
	}
	return false
}

// listAudio lists the audio folder; optional says a folder that is not
// there is an empty one (audio_url gives the audio).
func listAudio(dir string, optional bool) (*audioIndex, error) {
	idx := &audioIndex{dir: dir, files: map[string]bool{}, named: map[string][]string{}, links: map[string]link{}, unplayable: map[string][]string{}}
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

// audioRef is where an episode's audio is: a file in the audio folder, or
// an http(s) URL.
type audioRef struct {
	local  string // slash path relative to the audio folder
	remote string // URL
	// others are the other files of the folder its name matched too, for
	// a warning: the episode takes the one nearest the top, an MP3 before
	// an M4A.
	others []string
}

// matchAudio finds an article's audio, in this order: the audio the
// article names; the audio config.yaml names for it; a file in the audio
// folder named after the post id (2455369.mp3); one named after the
// article file (樱花FM-03.md -> 樱花FM-03.mp3). The first two may be http(s)
// URLs. Last, the audio URL template, with the episode's ID for {id}. A
// local path never reaches outside the audio folder.
func matchAudio(a *parse.Article, o Override, idx *audioIndex, template string) (audioRef, error) {
	lookup := func(ref string, line int, from string) (audioRef, error) {
		if u, err := url.Parse(ref); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
			if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
				return audioRef{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("%w: %s names %s: only http and https URLs", errNoAudio, from, ref)}
			}
			if u.User != nil {
				// Every listener's app would be given it with the feed.
				return audioRef{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("%w: %s names %s: a URL with a user name or password, which the feed would show to everyone", errNoAudio, from, u.Redacted())}
			}
			return audioRef{remote: rss.ASCIIURL(ref)}, nil
		}
		if p, err := url.PathUnescape(ref); err == nil {
			ref = p
		}
		rel := path.Clean(filepath.ToSlash(ref))
		if path.IsAbs(rel) || filepath.IsAbs(ref) || rel == ".." || strings.HasPrefix(rel, "../") {
			hint := ""
			// A site's path, as Hugo's static/ files are linked
			// (/audio/ep.mp3 with static/audio the audio folder).
			if in, ok := strings.CutPrefix(rel, "/"+filepath.Base(idx.dir)+"/"); ok && path.IsAbs(rel) {
				hint = fmt.Sprintf(": a path is the audio folder's, as in %q", in)
			}
			return audioRef{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("audio path %q (%s) is outside the audio folder %s%s", ref, from, idx.dir, hint)}
		}
		if idx.files[rel] {
			return audioRef{local: rel}, nil
		}
		// Articles link audio relative to the archive (audio/x.mp3): fall
		// back to the name alone.
		if p, ok := idx.byName(path.Base(rel)); ok {
			return audioRef{local: p}, nil
		}
		return audioRef{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("%w: %s names %q, which is not in the audio folder %s", errNoAudio, from, ref, idx.dir)}
	}
	if a.Audio != "" {
		return lookup(a.Audio, a.AudioLine, "the article")
	}
	if o.Audio != "" {
		from := "config.yaml"
		if o.Where != "" { // config.yaml:53: episodes.2455369: its line
			from = o.Where + ".audio"
		}
		return lookup(o.Audio, a.TitleLine, from)
	}
	var tried, unplayable []string
	for i, base := range []string{a.PostID, a.Stem()} {
		if base == "" || (i == 1 && base == a.PostID) { // a file named by its id alone
			continue
		}
		unplayable = append(unplayable, idx.unplayable[strings.ToLower(base)]...)
		var found []string
		for _, ext := range []string{".mp3", ".m4a"} {
			found = append(found, idx.named[strings.ToLower(base+ext)]...)
			tried = append(tried, base+ext)
		}
		if len(found) > 0 {
			slices.SortStableFunc(found, depth)
			return audioRef{local: found[0], others: found[1:]}, nil
		}
	}
	if template != "" {
		return audioRef{remote: rss.ASCIIURL(strings.ReplaceAll(template, "{id}", a.ID()))}, nil
	}
	hint := ""
	if len(unplayable) > 0 {
		slices.SortStableFunc(unplayable, depth)
		p := unplayable[0]
		hint = fmt.Sprintf(" (%s is there, which not every podcast app plays: convert it to MP3 or M4A, e.g. ffmpeg -i %s -b:a 128k %s)",
			p, path.Base(p), strings.TrimSuffix(path.Base(p), path.Ext(p))+".mp3")
	}
	return audioRef{}, fmt.Errorf("%w: none of %s in the audio folder %s%s", errNoAudio, strings.Join(tried, ", "), idx.dir, hint)
}
