package feed

import (
	"strings"
	"testing"
)

// TestBodyHTML: a body renders as the Markdown its writer expects (GitHub's
// tables, strikethrough and bare links, nested lists, code blocks), and
// raw HTML never passes into the feed or the pages.
func TestBodyHTML(t *testing.T) {
	for _, tc := range []struct{ name, md, want string }{
		{"table", "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th>甲</th>"},
		{"strikethrough", "~~删除~~", "<p><del>删除</del></p>"},
		{"bare link", "见 https://x.org/a 。", `<a href="https://x.org/a">https://x.org/a</a>`},
		{"nested list", "- 一\n  - 一之一", "<li>一\n<ul>\n<li>一之一</li>"},
		{"code block", "段。\n\n    code()", "<pre><code>code()\n</code></pre>"},
		{"raw HTML", `<script>alert(1)</script>`, "<!-- raw HTML omitted -->"},
		{"task list stays text", "- [x] 完成", "<li>[x] 完成</li>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bodyHTML(tc.md, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tc.want) || strings.Contains(got, "<script") {
				t.Errorf("bodyHTML(%q) =\n%s\nwant it to hold %q", tc.md, got, tc.want)
			}
		})
	}
}
