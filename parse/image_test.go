package parse

import (
	"regexp"
	"testing"
)

// imageMdRe is what mdImage scans for.
var imageMdRe = regexp.MustCompile(`!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)

var imageCases = []string{
	"![](https://x.org/a.jpg)",
	" ![](https://lh5.googleusercontent.com/73XMBH_V3A5QD-qe01uW3Bbci) ",
	`![alt](https://x.org/a.jpg "title")`,
	`![alt](https://x.org/a.jpg "title" )`,
	`![alt](https://x.org/a.jpg "unclosed)`,
	"![a](<https://x.org/a b.jpg>)",
	"![a](<https://x.org/a.jpg>)",
	"![a](<abc>x)",
	"![a](<abc)",
	"![a]( https://x.org/a.jpg )",
	"![a](https://x.org/a.jpg)![b](https://x.org/b.jpg) text",
	"![a] (x)", "![a](", "![a]()", "![a](>)", "![](x y)", "![](x\t\"t\"\t)", "!![](x)", "![![](y)](x)",
	"text ![a](x) more ![b](<y>) end", "![a](x\"t\")", "![a](x \"t\" y)", "![a](x\f)",
	"![]](x)", "![a\n](x)", "![a](x\n)", "]![(x)", "![a](x)>",
}

// TestMDImage: the scan finds what the expression finds, and removes it
// the same way.
func TestMDImage(t *testing.T) {
	for _, s := range imageCases {
		checkMDImage(t, s)
	}
}

func FuzzMDImage(f *testing.F) {
	for _, s := range imageCases {
		f.Add(s)
	}
	f.Fuzz(checkMDImage)
}

func checkMDImage(t *testing.T, s string) {
	var want string
	if m := imageMdRe.FindStringSubmatch(s); m != nil {
		want = m[1]
	}
	wantLoc := imageMdRe.FindStringIndex(s)
	start, end, got, ok := mdImage(s)
	if ok != (wantLoc != nil) || ok && (got != want || start != wantLoc[0] || end != wantLoc[1]) {
		t.Fatalf("mdImage(%q) = %d %d %q %v; the expression: %v %q", s, start, end, got, ok, wantLoc, want)
	}
	if got, want := removeMDImages(s), imageMdRe.ReplaceAllString(s, ""); got != want {
		t.Fatalf("removeMDImages(%q) = %q, want %q", s, got, want)
	}
}
