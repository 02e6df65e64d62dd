package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

func TestEscape(t *testing.T) {
	// GitHub's rules: % CR LF in messages; also : and , in properties.
	if got := escapeData("50% done\r\nnext: a,b"); got != "50%25 done%0D%0Anext: a,b" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a/b:c,d%\n.md"); got != "a/b%3Ac%2Cd%25%0A.md" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestAnnotate(t *testing.T) {
	var out bytes.Buffer
	gh := actions{on: true, out: &out}
	var errs []error
	errs = append(errs, &parse.Error{File: "a,b:c.md", Line: 7, Err: errors.New("no 【编者按】 paragraph;\nusing 50%")})
	errs = append(errs, fmt.Errorf("plain: warning"))
	for i := range 12 {
		errs = append(errs, &parse.Error{File: fmt.Sprintf("f%d.md", i), Line: i + 1, Err: errors.New("x")})
	}
	gh.annotate("warning", errs)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != maxAnnotations+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), maxAnnotations+1, out.String())
	}
	if want := "::warning file=a%2Cb%3Ac.md,line=7,title=podgen build::no 【编者按】 paragraph;%0Ausing 50%25"; lines[0] != want {
		t.Errorf("first annotation\n got %s\nwant %s", lines[0], want)
	}
	if lines[1] != "::warning title=podgen::plain: warning" {
		t.Errorf("second: %s", lines[1])
	}
	if lines[10] != "::warning title=podgen::4 more not annotated: see the step's log" {
		t.Errorf("last: %s", lines[10])
	}
	out.Reset()
	actions{out: &out}.annotate("warning", errs)
	if out.Len() != 0 {
		t.Error("annotations outside GitHub Actions")
	}
}

// TestSummaryMarkdown: what the archive wrote (a title, a file name in a
// warning) shows in the job summary as written, and cannot close its
// table, its details or start markup of its own.
func TestSummaryMarkdown(t *testing.T) {
	title := "**粗** <details>|[链接](https://x.org)\n## 标题 `x`"
	res := &feed.Result{Changes: []rss.Change{{Kind: "new", GUID: "file-a`b|c-1234", Title: title}}}
	md := buildSummaryMarkdown(buildSummary{episodes: 1, feed: "public/feed.xml"}, res, []error{errors.New("a</details>.md:3: <b>x</b>")})
	for _, want := range []string{
		"| new | \\*\\*粗\\*\\* \\<details\\>\\|\\[链接\\](https://x.org) \\#\\# 标题 \\`x\\` | `` file-a`b\\|c-1234 `` |  |\n",
		"- a\\</details\\>.md:3: \\<b\\>x\\</b\\>\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if strings.Count(md, "</details>") != 1 || strings.Count(md, "\n## ") != 0 {
		t.Errorf("the archive's text made markup:\n%s", md)
	}
}
