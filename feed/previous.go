package feed

import (
	"fmt"
)

// CheckPrevious compares a feed with the one published before it and
// reports what podcast apps cannot follow: an episode whose guid vanished
// (apps drop it from libraries), a pubDate that changed (apps re-sort or
// re-notify), and an enclosure URL that now states another length (apps
// resume downloads into corrupt files). Renamed audio gets a new URL and
// is fine.
func CheckPrevious(prev, next []byte) []Problem {
	var ps []Problem
	before, order, err := diffItems(prev)
	if err != nil {
		return []Problem{{Error, "", "previous/xml", fmt.Sprintf("the previous feed is not readable: %v", err)}}
	}
	now, _, err := diffItems(next)
	if err != nil {
		return []Problem{{Error, "", "xml", fmt.Sprintf("not a well-formed RSS document: %v", err)}}
	}
	lengths := map[string]string{}
	for _, it := range now {
		lengths[it.Enclosure.URL] = it.Enclosure.Length
	}
	for _, g := range order {
		old := before[g]
		it, ok := now[g]
		if !ok {
			ps = append(ps, Problem{Error, g, "previous/guid", "the episode's guid vanished from the feed: apps drop it from listeners' libraries"})
			continue
		}
		if old.PubDate != it.PubDate {
			ps = append(ps, Problem{Error, g, "previous/pubDate", fmt.Sprintf("pubDate changed from %q to %q", old.PubDate, it.PubDate)})
		}
		if l, ok := lengths[old.Enclosure.URL]; ok && l != old.Enclosure.Length {
			ps = append(ps, Problem{Error, g, "previous/enclosure", fmt.Sprintf("enclosure %s changed length from %s to %s: a changed file needs a new URL", old.Enclosure.URL, old.Enclosure.Length, l)})
		}
	}
	return ps
}
