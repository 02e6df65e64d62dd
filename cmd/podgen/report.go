package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/parse"
)

// A kind of problem that repeats this often is printed as one line with a
// count and the first few places, unless --verbose.
const (
	groupAt    = 4
	groupFirst = 3
)

// printProblems prints warnings or errors (severity says which) one per
// line, as compilers do: path:line: severity: message. A kind of problem that
// repeats groupAt times or more is one line: "warning: 1,191 covers not
// mirrored (assets.gnews.org: no such host), first a.md:9, b.md:9,
// c.md:9, …", or "warning: no cover image after the audio credit; … (7
// times), first …". verbose prints every one.
func printProblems(w io.Writer, problems []error, severity string, verbose bool) {
	if verbose {
		for _, p := range problems {
			fmt.Fprintln(w, oneLine(labeled(p, severity)))
		}
		return
	}
	type group struct {
		kind    string
		counted bool
		ps      []error
	}
	var groups []*group
	byKind := map[string]*group{}
	for _, p := range problems {
		kind, counted := feed.GroupOf(p)
		g := byKind[kind]
		if g == nil {
			g = &group{kind: kind, counted: counted}
			byKind[kind] = g
			groups = append(groups, g)
		}
		g.ps = append(g.ps, p)
	}
	for _, g := range groups {
		if len(g.ps) < groupAt {
			for _, p := range g.ps {
				fmt.Fprintln(w, oneLine(labeled(p, severity)))
			}
			continue
		}
		var first []string
		for _, p := range g.ps[:groupFirst] {
			first = append(first, where(p))
		}
		n := thousands(len(g.ps))
		what := n + " " + g.kind
		if !g.counted {
			what = g.kind + " (" + n + " times)"
		}
		fmt.Fprintln(w, oneLine(fmt.Sprintf("%s: %s, first %s, … (--verbose lists every one)", severity, what, strings.Join(first, ", "))))
	}
}

// placeRe is the place a message starts with, when it is not a
// *parse.Error: a file with its line (config.yaml:13, conf:3), a file
// (feed.xml), or the flag or variable that set a value (--base-url,
// PODGEN_COVERS). The messages that reach it are podgen's own.
var placeRe = regexp.MustCompile(`^(?:--[a-z-]+|PODGEN_[A-Z_]+|[^\s:]+:[0-9]+|[^\s:]*[./][^\s:]*): `)

// labeled is a problem's message with its severity after its place, or
// first when it names none: "a.md:5: warning: no audio: …", "error: 1 episode,
// fewer than half of …".
func labeled(p error, severity string) string {
	msg := p.Error()
	var pe *parse.Error
	if errors.As(p, &pe) {
		if place := where(p) + ": "; strings.HasPrefix(msg, place) {
			return place + severity + ": " + msg[len(place):]
		}
	}
	if place := placeRe.FindString(msg); place != "" {
		return place + severity + ": " + msg[len(place):]
	}
	return severity + ": " + msg
}

// oneLine is a message as one line of the log: control characters (a
// newline in a file's name, which the archive's names are free to hold)
// and the characters that reorder text on a terminal are written as Go
// escapes (\n, \u202e). A log line is one problem, and a name cannot
// start a line of its own, which GitHub Actions would read as a workflow
// command (::error ...).
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unprintable(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unprintable(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// where is the file and line a problem is about.
func where(err error) string {
	var pe *parse.Error
	if errors.As(err, &pe) {
		if pe.Line > 0 {
			return fmt.Sprintf("%s:%d", pe.File, pe.Line)
		}
		return pe.File
	}
	return err.Error()
}

// thousands writes n with a comma between each three digits: 1,191.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
