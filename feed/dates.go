package feed

import (
	"cmp"
	"fmt"
	"os"
	"time"

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
// file's modification time, with a warning. Never the build time.
func episodeDate(a *parse.Article, o Override, added map[string]time.Time) (t time.Time, warning, err error) {
	switch {
	case !a.Date.IsZero():
		return a.Date, nil, nil
	case !o.Date.IsZero():
		return o.Date, nil, nil
	}
	if t, ok := added[a.File]; ok {
		return t, nil, nil
	}
	st, err := os.Stat(a.File)
	if err != nil {
		return time.Time{}, nil, err
	}
	add := "a line 日期：2024-03-01" // as the archive's articles write it
	if a.Page {
		add = "date: 2024-03-01 to its front matter (date = 2024-03-01 in TOML)"
	}
	return st.ModTime().UTC().Truncate(time.Second),
		&parse.Error{File: a.File, Err: grouped{
			group: "episodes dated by their file's modification time: no date in the article, config.yaml or git history (add " + add + ", or commit the files)",
			err:   fmt.Errorf("no date in the article, config.yaml or git history; using the file's modification time, which a copy or a checkout changes (add %s, or commit the file)", add),
		}}, nil
}
