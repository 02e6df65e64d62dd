package main

// What publish checks of the new feed before anything is sent: where it
// was built for, what it references, and what it changes of the published
// one.

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/upload"
)

// siteReferences returns the site paths of the URLs a feed references
// under base (the others, such as covers linked where they are, are not
// podgen's to upload). The scheme is not compared: the same object is
// served over http and https.
func siteReferences(f *rss.Feed, base *url.URL) []string {
	dir := strings.TrimSuffix(base.Path, "/") + "/"
	var paths []string
	for _, raw := range f.References() {
		u, err := url.Parse(raw)
		if err != nil || !sameHost(u, base) || !strings.HasPrefix(u.Path, dir) {
			continue
		}
		p := path.Clean(u.Path[len(dir):])
		if p == "." || p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		paths = append(paths, p)
	}
	return paths
}

// sameHost reports whether two URLs name one host and port, the default
// port of each one's scheme written or not.
func sameHost(a, b *url.URL) bool {
	host := func(u *url.URL) string {
		h, p := strings.ToLower(u.Hostname()), u.Port()
		if p == "" || p == map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)] {
			return h
		}
		return h + ":" + p
	}
	return host(a) == host(b)
}

// builtFor refuses a feed built for another base_url than the one it is
// to be published under (a --base-url or PODGEN_BASE_URL left over from
// podgen serve or a test, say): its URLs would send every subscriber there.
// Its atom:link says where it was built to be; where names base_url's
// origin.
func builtFor(f *rss.Feed, base *url.URL, where string) error {
	if f.Channel == nil || f.Channel.Self == "" {
		return nil // not podgen's: it writes one
	}
	self := f.Channel.Self
	want := strings.TrimSuffix(base.Path, "/") + "/" + upload.FeedFile
	if u, err := url.Parse(self); err == nil && strings.EqualFold(u.Scheme, base.Scheme) && sameHost(u, base) && u.Path == want {
		return nil
	}
	return fmt.Errorf("built for %s (its atom:link), not for %s %s: build again with this base_url",
		fetch.RedactURL(self), where, fetch.RedactURL(base.String()))
}

// checkAgainstPublished compares the new feed.xml with the one in the
// bucket before replacing it (podgen check --previous): a vanished guid, a
// changed pubDate or an enclosure URL with a new length would confuse
// every subscriber's app, so they stop the publish unless --force. The
// guids of the episodes config removes (guid -> their ID) may vanish. prev
// is nil for the first publish, prevErr why the published one does not
// decode.
func checkAgainstPublished(opts *publishOptions, plan upload.Plan, key string, prev *rss.Feed, prevErr error, next *rss.Feed, removed map[string]string) error {
	uploadsFeed := false
	for _, u := range plan.Uploads {
		uploadsFeed = uploadsFeed || u.Kind == upload.Feed
	}
	if !uploadsFeed || prev == nil && prevErr == nil {
		return nil // unchanged, or the first publish
	}
	var problems []rss.Problem
	if prevErr != nil {
		problems = []rss.Problem{rss.PreviousUnreadable(prevErr)}
	} else {
		mayGo := map[string]bool{}
		for g := range removed {
			mayGo[g] = true
		}
		problems = rss.Errors(next.CheckPrevious(prev, mayGo))
		inNext := map[string]bool{}
		for _, it := range next.Items {
			if it.GUID != nil {
				inNext[it.GUID.Value] = true
			}
		}
		for _, it := range prev.Items {
			if id, ok := removed[guidOf(it)]; ok && !inNext[guidOf(it)] {
				fmt.Fprintf(opts.io.Err, "podgen: %s leaves the feed: config removes it (episodes.%s.remove)\n", guidOf(it), id)
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	dates := 0
	var published map[string]time.Time // by guid, read for the first pubDate problem
	for _, p := range problems {
		if p.Rule == "previous/pubDate" {
			dates++
			if published == nil {
				published = prev.PubDates()
			}
			p.Message += keepDate(published, p.Item)
		}
		fmt.Fprintf(opts.io.Err, "%s: %s\n", key, p)
	}
	if opts.force {
		fmt.Fprintf(opts.io.Err, "podgen: --force: publishing anyway\n")
		return nil
	}
	how := "--force to publish anyway"
	if dates > 0 {
		// --force would re-sort those episodes in every app: the fix is a
		// date of their own.
		how = "an episode keeps its published date with a date in its article or episodes.<id>.date: in config.yaml; --force publishes anyway"
	}
	return fmt.Errorf("publish refused: the new feed breaks %s against the published one; nothing was sent (%s)", plural(len(problems), "rule"), how)
}

// keepDate is the hint of an item whose pubDate changed: the override that
// keeps the one published (published: the previous feed's dates by guid).
// An episode's id is its guid's post id; a file's guid holds its name made
// safe, which may not be the file's name.
func keepDate(published map[string]time.Time, guid string) string {
	t, ok := published[guid]
	if !ok {
		return ""
	}
	id, ok := strings.CutPrefix(guid, "gnews-")
	if !ok {
		id = "<its file's name without extension>"
	}
	return fmt.Sprintf(" (to keep the published date: that date, %s, in the article (日期： or date:), or, for an article without one, episodes.%s.date: %s in config.yaml)", t.Format(time.RFC3339), id, t.Format(time.RFC3339))
}

// guidOf is an item's guid, "" for none.
func guidOf(it rss.Item) string {
	if it.GUID == nil {
		return ""
	}
	return it.GUID.Value
}
