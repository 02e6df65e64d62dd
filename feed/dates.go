package feed

import (
	"fmt"
	"os"
	"time"

	"github.com/sakurafm/podgen/parse"
)

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
	return st.ModTime().UTC().Truncate(time.Second),
		&parse.Error{File: a.File, Err: grouped{
			group: "episodes dated by their file's modification time: no date in the article, config.yaml or git history (add a line 日期：2024-03-01, or commit the files)",
			err:   fmt.Errorf("no date in the article, config.yaml or git history; using the file's modification time, which a copy or a checkout changes (add a line 日期：2024-03-01, or commit the file)"),
		}}, nil
}
