package main

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	printProblems(&b, ps, false)
	want := "1,191 no cover image after the audio credit; the episode uses the channel artwork, first a/2414342.md:9, a/2414343.md:9, a/2414344.md:9, … (--verbose lists every one)\n" +
		"a/x.md:3: control character removed\n"
	if d := cmp.Diff(want, b.String()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	b.Reset()
	printProblems(&b, ps, true)
	if n := bytes.Count(b.Bytes(), []byte("\n")); n != len(ps) {
		t.Errorf("--verbose printed %d lines, want %d", n, len(ps))
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1566: "1,566", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %s", n, got)
		}
	}
}
