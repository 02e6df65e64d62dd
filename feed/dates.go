package feed

import (
	"cmp"
	"fmt"
	"os"
	"time"

	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// future warns of an episode dated more than a day after now (a day: the
// date's zone may be ahead of the build's): apps list it as the newest,
// and some hide it until then.
func future(a *parse.Article, date, now time.Time) error {
	if now.IsZero() || !date.After(now.Add(24*time.Hour)) {
		return nil
	}
	return &parse.Error{File: a.File, Line: cmp.Or(a.DateLine, a.TitleLine), Err: fmt.Errorf(
		"dated %s, after this build: podcast apps list it as the newest episode, and some hide it until then", date.Format("2006-01-02 15:04 -07:00"))}
}

// episodeDate dates an episode, in this order: a date in the article;
// config.yaml's date for it; the commit that first added the file; the
// date the site folder's feed.xml gave it (published, by guid, asked only
// here) or else the file's modification time, with a warning. Never the
// build time. The modification time changes with a copy, a checkout or a
// touch, and a pubDate that changes re-sorts the episode in every app and
// stops podgen publish: the site's date is kept once it has one.
func episodeDate(a *parse.Article, o Override, added map[string]time.Time, published func() map[string]time.Time) (t time.Time, warning, err error) {
	switch {
	case !a.Date.IsZero() && !o.Date.IsZero() && !o.Date.Equal(a.Date):
		// The article's own date wins: an override that says otherwise
		// was most likely meant to win, and does nothing.
		return a.Date, &parse.Error{File: a.File, Line: a.DateLine, Err: fmt.Errorf(
			"its date is the article's, %s: %s.date, %s, is not used (remove the article's date for it to be)",
			a.Date.Format(time.RFC3339), cmp.Or(o.Where, "config.yaml: episodes."+a.ID()), o.Date.Format(time.RFC3339))}, nil
	case !a.Date.IsZero():
		return a.Date, nil, nil
	case !o.Date.IsZero():
		return o.Date, nil, nil
	}
	if t, ok := added[a.File]; ok {
		return t, nil, nil
	}
	add := "a line 日期：2024-03-01" // as the archive's articles write it
	if a.Page {
		add = "date: 2024-03-01 to its front matter (date = 2024-03-01 in TOML)"
	}
	if t, ok := published()[guid(a)]; ok {
		// Committed now, the file would be dated by its commit, which
		// moves it: the date to add is the one kept.
		keep := "a line 日期：" + t.Format(time.RFC3339)
		if a.Page {
			keep = "date: " + t.Format(time.RFC3339) + " to its front matter"
		}
		return t, &parse.Error{File: a.File, Err: grouped{
			group: "episodes without a date of their own, dated as the site folder's feed.xml dates them (add that date to each: 日期： or date:)",
			err:   fmt.Errorf("no date in the article, config.yaml or git history; keeping the date the site folder's feed.xml gives it, %s (add %s, which a commit or a new site folder would otherwise change)", t.Format(time.RFC3339), keep),
		}}, nil
	}
	st, err := os.Stat(a.File)
	if err != nil {
		return time.Time{}, nil, err
	}
	return st.ModTime().UTC().Truncate(time.Second),
		&parse.Error{File: a.File, Err: grouped{
			group: "episodes dated by their file's modification time: no date in the article, config.yaml or git history (add " + add + ", or commit the files)",
			err:   fmt.Errorf("no date in the article, config.yaml or git history; using the file's modification time, which a copy or a checkout changes (add %s, or commit the file)", add),
		}}, nil
}

// pubDates are the pubDates of a feed document's items by guid; none when
// it does not decode (a site folder without feed.xml), or when it is not
// the feed at feedURL (another podcast's, built into this folder before)
// nor one built to be tried on this machine.
func pubDates(doc []byte, feedURL string) map[string]time.Time {
	dates := map[string]time.Time{}
	if self := rss.SelfOf(doc); len(doc) == 0 || !sameURL(self, feedURL) && !onThisMachine(self) {
		return dates
	}
	f, err := rss.Decode(doc)
	if err != nil {
		return dates
	}
	return f.PubDates()
}
