package audiofolder

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// ErrNoAudio marks an episode whose audio was not found: it is left out
// with a warning (an error under --strict).
var ErrNoAudio = errors.New("no audio")

// Ref is where an episode's audio is: a file in the audio folder, or
// an http(s) URL.
type Ref struct {
	Local  string // slash path relative to the audio folder
	Remote string // URL
	// others are the other files of the folder its name matched too, for
	// a warning: the episode takes the one nearest the top, an MP3 before
	// an M4A.
	Others []string
}

// Match finds an article's audio, in this order: the audio the
// article names; the audio config.yaml names for it; a file in the audio
// folder named after the post id (2455369.mp3); one named after the
// article file (樱花FM-03.md -> 樱花FM-03.mp3). The first two may be http(s)
// URLs. Last, the audio URL template, with the episode's ID for {id}. A
// local path never reaches outside the audio folder.
//
// named and where are config.yaml's audio: for the article and where it
// says so (config.yaml:53: episodes.2455369), "" for none.
func Match(a *parse.Article, named, where string, idx *Index, template string) (Ref, error) {
	lookup := func(ref string, line int, from string) (Ref, error) {
		if u, err := url.Parse(ref); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
			if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
				return Ref{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("%w: %s names %s: only http and https URLs", ErrNoAudio, from, ref)}
			}
			if u.User != nil {
				// Every listener's app would be given it with the feed.
				return Ref{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("%w: %s names %s: a URL with a user name or password, which the feed would show to everyone", ErrNoAudio, from, u.Redacted())}
			}
			return Ref{Remote: rss.ASCIIURL(ref)}, nil
		}
		if p, err := url.PathUnescape(ref); err == nil {
			ref = p
		}
		rel := path.Clean(filepath.ToSlash(ref))
		if path.IsAbs(rel) || filepath.IsAbs(ref) || rel == ".." || strings.HasPrefix(rel, "../") {
			hint := ""
			// A site's path, as Hugo's static/ files are linked
			// (/audio/ep.mp3 with static/audio the audio folder).
			if in, ok := strings.CutPrefix(rel, "/"+filepath.Base(idx.Dir)+"/"); ok && path.IsAbs(rel) {
				hint = fmt.Sprintf(": a path is the audio folder's, as in %q", in)
			}
			return Ref{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("audio path %q (%s) is outside the audio folder %s%s", ref, from, idx.Dir, hint)}
		}
		if idx.files[rel] {
			return Ref{Local: rel}, nil
		}
		// Articles link audio relative to the archive (audio/x.mp3): fall
		// back to the name alone.
		if p, ok := idx.byName(path.Base(rel)); ok {
			return Ref{Local: p}, nil
		}
		return Ref{}, &parse.Error{File: a.File, Line: line, Err: fmt.Errorf("%w: %s names %q, which is not in the audio folder %s", ErrNoAudio, from, ref, idx.Dir)}
	}
	if a.Audio != "" {
		return lookup(a.Audio, a.AudioLine, "the article")
	}
	if named != "" {
		from := "config.yaml"
		if where != "" { // config.yaml:53: episodes.2455369: its line
			from = where + ".audio"
		}
		return lookup(named, a.TitleLine, from)
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
			return Ref{Local: found[0], Others: found[1:]}, nil
		}
	}
	if template != "" {
		return Ref{Remote: rss.ASCIIURL(strings.ReplaceAll(template, "{id}", a.ID()))}, nil
	}
	hint := ""
	if len(unplayable) > 0 {
		slices.SortStableFunc(unplayable, depth)
		p := unplayable[0]
		hint = fmt.Sprintf(" (%s is there, which not every podcast app plays: convert it to MP3 or M4A, e.g. ffmpeg -i %s -b:a 128k %s)",
			p, path.Base(p), strings.TrimSuffix(path.Base(p), path.Ext(p))+".mp3")
	}
	return Ref{}, fmt.Errorf("%w: none of %s in the audio folder %s%s", ErrNoAudio, strings.Join(tried, ", "), idx.Dir, hint)
}
