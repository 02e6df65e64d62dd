package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
)

// Change is one episode that differs between two versions of a feed.
type Change struct {
	Kind  string // "new", "changed" or "removed"
	GUID  string
	Title string
	What  string // for changed episodes: what changed
}

type diffItem struct {
	Titles    []nsElem `xml:"title"`
	GUID      string   `xml:"guid"`
	PubDate   string   `xml:"pubDate"`
	Desc      string   `xml:"description"`
	Enclosure struct {
		URL    string `xml:"url,attr"`
		Length string `xml:"length,attr"`
	} `xml:"enclosure"`
}

func diffItems(doc []byte) (map[string]diffItem, []string, error) {
	var d struct {
		Items []diffItem `xml:"channel>item"`
	}
	if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&d); err != nil {
		return nil, nil, err
	}
	m := make(map[string]diffItem, len(d.Items))
	var order []string
	for _, it := range d.Items {
		if _, dup := m[it.GUID]; !dup {
			order = append(order, it.GUID)
		}
		m[it.GUID] = it
	}
	return m, order, nil
}

// Diff lists the episodes that are new, changed or removed in feed next
// compared with feed prev (nil for a first build), by guid: new and changed
// in next's order, then removed in prev's.
func Diff(prev, next []byte) ([]Change, error) {
	now, order, err := diffItems(next)
	if err != nil {
		return nil, fmt.Errorf("new feed: %w", err)
	}
	before := map[string]diffItem{}
	var beforeOrder []string
	if len(prev) > 0 {
		if before, beforeOrder, err = diffItems(prev); err != nil {
			return nil, fmt.Errorf("previous feed: %w", err)
		}
	}
	title := func(it diffItem) string { t, _ := find(it.Titles, ""); return t.Text }
	var out []Change
	for _, g := range order {
		it := now[g]
		old, ok := before[g]
		if !ok {
			out = append(out, Change{Kind: "new", GUID: g, Title: title(it)})
			continue
		}
		var what []string
		if title(old) != title(it) {
			what = append(what, "title")
		}
		if old.Desc != it.Desc {
			what = append(what, "description")
		}
		if old.Enclosure.URL != it.Enclosure.URL || old.Enclosure.Length != it.Enclosure.Length {
			what = append(what, "audio")
		}
		if old.PubDate != it.PubDate {
			what = append(what, "date")
		}
		if len(what) > 0 {
			out = append(out, Change{Kind: "changed", GUID: g, Title: title(it), What: joinWords(what)})
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
		out = append(out, Change{Kind: "removed", GUID: g, Title: title(before[g])})
	}
	return out, nil
}

func joinWords(ws []string) string {
	var b bytes.Buffer
	for i, w := range ws {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(w)
	}
	return b.String()
}
