package parse

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// englishRoles are the credit labels of a series of one's own written in
// English, besides the archive's (roles). They are not read in the
// archive's editions, whose bodies may start a line with "Editor:" (a
// quote), which would end the text there.
var englishRoles = map[string]Role{
	"Narrator": Narrator, "Narrated by": Narrator, "Read by": Narrator, "Audio": Narrator,
	"Editor": Editor, "Edited by": Editor,
	"Publisher": Publisher, "Published by": Publisher,
}

// labelSet is what a parser reads as credits and as the start of the
// footer.
type labelSet struct {
	roles map[string]Role
	// credits are the credit labels, and creditRe a label and its colon,
	// as plain text. A line may hold two: 编辑：东京樱花团/X发布：东京樱花团/Y
	// (the italic one-line footer).
	credits  []string
	creditRe *regexp.Regexp
	// footerRe matches the lines that start the footer, as plain text: the
	// text original, the editor's and publisher's credits, or the
	// disclaimer. Plain text, because 127 footers are in bold and 155 on one
	// italic line. footerLabels are the words it starts with.
	footerRe     *regexp.Regexp
	footerLabels []string
}

func newLabelSet(roles map[string]Role) *labelSet {
	ls := &labelSet{roles: roles}
	ls.credits = slices.Sorted(maps.Keys(roles)) // no label starts another
	ls.creditRe = regexp.MustCompile(`(` + strings.Join(ls.credits, "|") + `)\s*[：:]`)
	// The credits a footer holds: the editor's and the publisher's.
	footerCredits := slices.DeleteFunc(slices.Clone(ls.credits), func(l string) bool { return roles[l] == Narrator })
	ls.footerRe = regexp.MustCompile(`^(?:` + strings.Join(textLabels, "|") + `|(?:` + strings.Join(footerCredits, "|") + `)\s*[：:]|` + strings.Join(disclaimers, "|") + `)`)
	ls.footerLabels = slices.Concat(textLabels, footerCredits, disclaimers)
	return ls
}

var (
	archiveLabels = newLabelSet(roles)
	ownLabels     = newLabelSet(func() map[string]Role {
		m := maps.Clone(roles)
		maps.Copy(m, englishRoles)
		return m
	}())
)

// labels is what the parser of a series reads: the archive's labels for
// its editions, English ones too for a series of one's own.
func labels(own bool) *labelSet {
	if own {
		return ownLabels
	}
	return archiveLabels
}
