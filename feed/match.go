package feed

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/audiofolder"
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
func (b *builder) match(arch *archive.Archive, idx *audiofolder.Index, published func() map[string]time.Time) (sources []source, warnings, errs []error) {
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
		ref, err := audiofolder.Match(a, o.Audio, o.Where, idx, b.cfg.AudioURL)
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
		if len(ref.Others) > 0 {
			warnings = append(warnings, &parse.Error{File: a.File, Line: a.TitleLine,
				Err: fmt.Errorf("audio: %s and %s in the audio folder %s match its name; the episode takes %s (keep one, or name it: episodes.%s.audio in config.yaml)",
					ref.Local, strings.Join(ref.Others, ", "), idx.Dir, ref.Local, a.ID())})
		}
		file := ""
		if ref.Local != "" {
			if file, err = idx.File(ref.Local); err != nil {
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
		if ref.Local != "" {
			// Two episodes that play one recording: one of them was most
			// likely meant to name another file.
			if other, ok := playedBy[ref.Local]; ok {
				warnings = append(warnings, &parse.Error{File: a.File, Line: cmp.Or(a.AudioLine, a.TitleLine), Err: grouped{
					group: "episodes that play an audio file another episode plays too (name another file, or remove one: episodes.<id>.remove: true in config.yaml)",
					err: fmt.Errorf("audio %s is %s's too: both episodes would play the same recording (name another file, or remove one: episodes.%s.remove: true in config.yaml)",
						filepath.Join(idx.Dir, filepath.FromSlash(ref.Local)), other.File, a.ID())}})
			} else {
				playedBy[ref.Local] = a
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
var errNoAudio = audiofolder.ErrNoAudio

// IsNoAudio reports whether a warning of the build is of an episode left
// out for want of audio.
func IsNoAudio(err error) bool { return errors.Is(err, errNoAudio) }
