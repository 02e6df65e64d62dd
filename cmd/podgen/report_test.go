package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// TestPrintProblems: a kind of warning that repeats is one line with a
// count and the first places; one that does not is itself; --verbose
// lists every one.
func TestPrintProblems(t *testing.T) {
	var ps []error
	for i := range 1191 {
		ps = append(ps, &parse.Error{File: fmt.Sprintf("a/%d.md", 2414342+i), Line: 9, Err: errors.New("no cover image after the audio credit; the episode uses the channel artwork")})
	}
	ps = append(ps, &parse.Error{File: "a/x.md", Line: 3, Err: errors.New("control character removed")})
	var b bytes.Buffer
	printProblems(&b, ps, "warning", false)
	want := "warning: no cover image after the audio credit; the episode uses the channel artwork (1,191 times), first a/2414342.md:9, a/2414343.md:9, a/2414344.md:9, … (--verbose lists every one)\n" +
		"a/x.md:3: warning: control character removed\n"
	if d := cmp.Diff(want, b.String()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	b.Reset()
	printProblems(&b, ps, "warning", true)
	if n := bytes.Count(b.Bytes(), []byte("\n")); n != len(ps) {
		t.Errorf("--verbose printed %d lines, want %d", n, len(ps))
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1566: "1,566", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %s", n, got)
		}
	}
}

// TestLabeled: a problem's kind follows its place, as a compiler's does
// (file:line: warning: …), wherever the place came from; a problem that
// names none starts with its kind.
func TestLabeled(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"parse.Error", &parse.Error{File: "a/x.md", Line: 5, Err: errors.New("no audio: none of 5.mp3")}, "a/x.md:5: warning: no audio: none of 5.mp3"},
		{"no line", &parse.Error{File: "a/my file: 2.md", Err: errors.New("no date")}, "a/my file: 2.md: warning: no date"},
		{"wrapped", fmt.Errorf("wrapped: %w", &parse.Error{File: "a/x.md", Line: 5, Err: errors.New("no audio")}), "warning: wrapped: a/x.md:5: no audio"},
		{"config line", errors.New("config.yaml:13: episodes.7: no article of the series has id 7"), "config.yaml:13: warning: episodes.7: no article of the series has id 7"},
		{"feed.xml", errors.New("feed.xml: channel: no itunes:author (apple/author)"), "feed.xml: warning: channel: no itunes:author (apple/author)"},
		{"flag", errors.New("--base-url: \"http://x.org\" is http"), "--base-url: warning: \"http://x.org\" is http"},
		{"variable", errors.New("PODGEN_BASE_URL: \"http://x.org\" is http"), "PODGEN_BASE_URL: warning: \"http://x.org\" is http"},
		{"no place", errors.New("1 episode, fewer than half of the 3 of public/feed.xml: not written"), "warning: 1 episode, fewer than half of the 3 of public/feed.xml: not written"},
		{"audio path", errors.New("audio a/5.mp3: unexpected EOF"), "warning: audio a/5.mp3: unexpected EOF"},
		{"config without a dot", errors.New("conf:3: unknown key \"x\""), "conf:3: warning: unknown key \"x\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := labeled(tc.err, "warning"); got != tc.want {
				t.Errorf("labeled(%q) =\n%q, want\n%q", tc.err, got, tc.want)
			}
		})
	}
}

// TestOneLine: a problem is one line of the log whatever its file's name
// holds: a newline cannot start a line of its own (which GitHub Actions
// would run as a workflow command), and a right-to-left override cannot
// turn the line around.
func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"a/x.md:3: no audio":                       "a/x.md:3: no audio",
		"a/樱花FM┃x.md:3: 中文":                        "a/樱花FM┃x.md:3: 中文",
		"a/x\n::error file=c,line=1::PWNED\n.md:5": `a/x\n::error file=c,line=1::PWNED\n.md:5`,
		"a\r\tb\x1b[31m\x00":                       `a\r\tb\x1b[31m\x00`,
		"a/\u202egpj.md":                           `a/\u202egpj.md`,
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	printProblems(&b, []error{&parse.Error{File: "a\n::error::x.md", Line: 5, Err: errors.New("no audio")}}, "error", false)
	if got := b.String(); got != `a\n::error::x.md:5: error: no audio`+"\n" {
		t.Errorf("printProblems: %q", got)
	}
}

// TestPrintCheck: check prints a problem that four items or more repeat as
// one line with their count and the first three, the channel's as they
// are; --verbose prints every one.
func TestPrintCheck(t *testing.T) {
	var ps []rss.Problem
	for i := range 5 {
		ps = append(ps, rss.Problem{Severity: rss.Warning, Item: fmt.Sprintf("g%d", i), Rule: "apple/duration", Message: "no itunes:duration"})
	}
	// What an online rule asked differs item by item; what it found is
	// one problem.
	for i := range 4 {
		ps = append(ps, rss.Problem{Severity: rss.Error, Item: fmt.Sprintf("g%d", i), Rule: "online/audio", Message: "HEAD answered 403 Forbidden", URL: fmt.Sprintf("https://x.org/%d.mp3", i)})
	}
	ps = append(ps, rss.Problem{Severity: rss.Warning, Rule: "apple/author", Message: "no itunes:author"},
		rss.Problem{Severity: rss.Error, Item: "g9", Rule: "apple/enclosure", Message: "no enclosure"},
		rss.Problem{Severity: rss.Error, Item: "g9", Rule: "online/image", Message: "HEAD answered 404 Not Found", URL: "https://x.org/9.jpg"})
	var b bytes.Buffer
	printCheck(&b, "f.xml", ps, false)
	want := "f.xml: warning: 5 items: no itunes:duration (apple/duration), first item g0, item g1, item g2, … (--verbose lists every one)\n" +
		"f.xml: error: 4 items: HEAD answered 403 Forbidden (online/audio), first item g0, item g1, item g2, … (--verbose lists every one)\n" +
		"f.xml: warning: channel: no itunes:author (apple/author)\n" +
		"f.xml: error: item g9: no enclosure (apple/enclosure)\n" +
		"f.xml: error: item g9: https://x.org/9.jpg: HEAD answered 404 Not Found (online/image)\n"
	if d := cmp.Diff(want, b.String()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	b.Reset()
	printCheck(&b, "f.xml", ps, true)
	if n := strings.Count(b.String(), "\n"); n != len(ps) {
		t.Errorf("--verbose printed %d lines, want %d", n, len(ps))
	}
}
