package feed

// What a build must not lose of the site folder it writes: the shrink
// guard counts the episodes it holds, the episodes of it that no article
// has now are said, and so is a base_url that moves its feed.

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// heldEpisodes is how many episodes the site folder holds, and where that
// was counted: the items of its feed.xml (prev), or its episode pages
// (pages, siteFiles of TranscriptsDir) or its audio files (an episode's one
// each) when there are more of them, as there are when feed.xml was
// damaged (cut short, emptied) or the pages deleted, which must not turn
// the shrink guard off.
func heldEpisodes(out string, prev []byte, pages map[string]bool) (int, string) {
	held, where := bytes.Count(prev, []byte("<item>")), filepath.Join(out, FeedFile)
	for _, c := range []struct {
		dir, what string
		files     map[string]bool
	}{{TranscriptsDir, "episode pages", pages}, {AudioDir, "audio files", siteFiles(out, AudioDir)}} {
		n := 0
		for p := range c.files {
			if ownName(c.dir, path.Base(p)) {
				n++
			}
		}
		if n > held {
			held, where = n, c.what+" in "+filepath.Join(out, c.dir)
		}
	}
	return held, where
}

// vanished are the episode pages of the site folder (pages, by site path)
// that belong to no article of the archive: the episodes of an earlier
// build whose article was renamed, deleted (and is in no git history) or
// is skipped now, which this build leaves out of the feed without a word
// otherwise. Those config.yaml removes (remove: true) are meant to go.
func vanished(pages map[string]bool, articles []parse.Article, overrides map[string]Override) []string {
	known := map[string]bool{}
	for i := range articles {
		known[transcriptPlace(&articles[i])] = true
	}
	for id, o := range overrides {
		if o.Remove {
			known[path.Join(TranscriptsDir, siteSlug(id)+".html")] = true
		}
	}
	var out []string
	for p := range pages {
		if !known[p] && ownName(TranscriptsDir, path.Base(p)) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// shrinks says why a feed of n episodes would shrink the podcast by
// accident: none at all, or fewer than half of the prev episodes the site
// folder holds, counted in where.
func shrinks(n, prev int, where string) error {
	switch {
	case n == 0:
		return errors.New("no episode to publish: a feed without episodes is not written (--allow-shrink writes it)")
	case n < prev/2+prev%2:
		word := "episodes"
		if n == 1 {
			word = "episode"
		}
		return fmt.Errorf("%d %s, fewer than half of the %d of %s: the feed is not written, the site is left as it was (--allow-shrink if the podcast is meant to shrink)", n, word, prev, where)
	}
	return nil
}

// moved is the warning for a feed that base_url moves from where the
// site folder's feed.xml (file, its bytes prev) says it is to feedURL; nil
// when it does not, or when that was on this machine.
func moved(file string, prev []byte, feedURL string, strict bool) error {
	self := rss.SelfOf(prev)
	if self == "" || sameURL(self, feedURL) || onThisMachine(self) {
		return nil
	}
	meant := ""
	if strict { // else the feed.xml this build writes says the new URL
		meant = "; a move that is meant needs one build without strict (--strict=false)"
	}
	return fmt.Errorf("%s: base_url moves the feed from %s, where the site folder's feed.xml says it is, to %s: the apps subscribed to it keep asking the old URL (keep base_url, or have the old URL answer 301 Moved Permanently with the new one%s)",
		file, self, feedURL, meant)
}

// sameURL reports whether two URLs name one resource: their schemes and
// hosts compared without case (a site built when base_url's host was
// typed in capitals), the rest as written.
func sameURL(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		ua.EscapedPath() == ub.EscapedPath() && ua.RawQuery == ub.RawQuery
}

// onThisMachine reports whether a feed's URL is on this machine
// (localhost, a loopback address): a site folder built to be tried there
// (--base-url http://localhost:8080) has no subscribers for a new base_url
// to move the feed away from. An address of the local network may have
// some (a phone that subscribed to try it): it is not exempt.
func onThisMachine(feedURL string) bool {
	u, err := url.Parse(feedURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
