package rss

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Change is one episode that differs between two versions of a feed.
type Change struct {
	Kind  string // "new", "changed" or "removed"
	GUID  string
	Title string
	What  string // for changed episodes: what changed
}

// byGUID indexes a document's items by guid, and lists the guids in the
// document's order.
func byGUID(f *Feed) (map[string]*Item, []string) {
	m := make(map[string]*Item, len(f.Items))
	var order []string
	for i := range f.Items {
		it := &f.Items[i]
		g := ""
		if it.GUID != nil {
			g = it.GUID.Value
		}
		if _, dup := m[g]; !dup {
			order = append(order, g)
		}
		m[g] = it
	}
	return m, order
}

// enclosure returns the item's enclosure, or an empty one.
func (it *Item) enclosure() Enclosure {
	if it.Enclosure == nil {
		return Enclosure{}
	}
	return *it.Enclosure
}

// Diff lists the episodes that are new, changed or removed in feed next
// compared with feed prev (nil for a first build), by guid: new and changed
// in next's order, then removed in prev's.
func Diff(prev, next []byte) ([]Change, error) {
	nf, err := Decode(next)
	if err != nil {
		return nil, fmt.Errorf("new feed: %w", err)
	}
	now, order := byGUID(nf)
	before := map[string]*Item{}
	var beforeOrder []string
	if len(prev) > 0 {
		pf, err := Decode(prev)
		if err != nil {
			return nil, fmt.Errorf("previous feed: %w", err)
		}
		before, beforeOrder = byGUID(pf)
	}
	var out []Change
	for _, g := range order {
		it := now[g]
		old, ok := before[g]
		if !ok {
			out = append(out, Change{Kind: "new", GUID: g, Title: it.Title})
			continue
		}
		var what []string
		if old.Title != it.Title {
			what = append(what, "title")
		}
		if old.Description != it.Description {
			what = append(what, "description")
		}
		if old.enclosure().URL != it.enclosure().URL || old.enclosure().Length != it.enclosure().Length {
			what = append(what, "audio")
		}
		if old.PubDate != it.PubDate {
			what = append(what, "date")
		}
		if len(what) > 0 {
			out = append(out, Change{Kind: "changed", GUID: g, Title: it.Title, What: strings.Join(what, ", ")})
		}
	}
	var removed []string
	for _, g := range beforeOrder {
		if _, ok := now[g]; !ok {
			removed = append(removed, g)
		}
	}
	sort.Strings(removed)
	for _, g := range removed {
		out = append(out, Change{Kind: "removed", GUID: g, Title: before[g].Title})
	}
	return out, nil
}

// CheckPrevious compares a feed with the one published before it and
// reports what podcast apps cannot follow: an episode whose guid vanished
// (apps drop it from libraries), a pubDate that changed (apps re-sort or
// re-notify), and an enclosure URL that now states another length (apps
// resume downloads into corrupt files). Renamed audio gets a new URL and
// is fine. Both are decoded already (a previous feed that is not:
// PreviousUnreadable). The guids in mayGo (the episodes config removes)
// leave without a word.
func (f *Feed) CheckPrevious(prev *Feed, mayGo map[string]bool) []Problem {
	before, all := byGUID(prev)
	now, _ := byGUID(f)
	order := slices.DeleteFunc(slices.Clone(all), func(g string) bool { return mayGo[g] })
	if shared := slices.ContainsFunc(order, func(g string) bool { _, ok := now[g]; return ok }); !shared && len(order) > 0 && len(now) > 0 {
		// Every guid gone at once: most likely another podcast's feed, not
		// this one's published; the vanished guids would be a list of all.
		title := ""
		if prev.Channel != nil {
			title = prev.Channel.Title
		}
		return []Problem{{Severity: Error, Rule: "previous/guid", Message: fmt.Sprintf("none of the %d episodes of the previous feed (%q) is in this one: is it this podcast's feed? If it is, every guid changed, and apps would drop every episode from listeners' libraries", len(order), title)}}
	}
	lengths := map[string]string{}
	for _, it := range now {
		lengths[it.enclosure().URL] = it.enclosure().Length
	}
	var ps []Problem
	for _, g := range order {
		old := before[g]
		it, ok := now[g]
		if !ok {
			ps = append(ps, Problem{Severity: Error, Item: g, Rule: "previous/guid", Message: "the episode's guid vanished from the feed: apps drop it from listeners' libraries"})
			continue
		}
		if old.PubDate != it.PubDate {
			ps = append(ps, Problem{Severity: Error, Item: g, Rule: "previous/pubDate", Message: fmt.Sprintf("pubDate changed from %q to %q", old.PubDate, it.PubDate)})
		}
		if l, ok := lengths[old.enclosure().URL]; ok && l != old.enclosure().Length {
			ps = append(ps, Problem{Severity: Error, Item: g, Rule: "previous/enclosure", Message: fmt.Sprintf("enclosure %s changed length from %s to %s: a changed file needs a new URL", old.enclosure().URL, old.enclosure().Length, l)})
		}
	}
	return ps
}

// PreviousUnreadable is the problem of a previous feed that does not
// decode: nothing can be compared with it.
func PreviousUnreadable(err error) Problem {
	return Problem{Severity: Error, Item: "", Rule: "previous/xml", Message: fmt.Sprintf("the previous feed is not readable: %v", err)}
}
