package parse

import (
	"regexp"
	"strings"
	"testing"
)

// The expressions the scans of lines.go replace.
var (
	headingExpr  = regexp.MustCompile(`^(#{1,3})\s+(.*?)\s*#*\s*$`)
	creditExpr   = regexp.MustCompile(`^\s*(音频|音頻|编辑|編輯|发布|發布)\s*[：:]\s*(.*?)\s*$`)
	textLinkExpr = regexp.MustCompile(`^\s*文字版原文\s*[：:]?.*?\]\(\s*([^)\s]+)\s*\)`)
	footerExpr   = regexp.MustCompile(`^\s*(?:文字版原文|编辑\s*[：:]|編輯\s*[：:]|发布\s*[：:]|發布\s*[：:]|免责声明|免責聲明|- \[ROL )`)
	postIDExpr   = regexp.MustCompile(`(?:^|/)(\d+)/?$`)
	sourceExpr   = regexp.MustCompile(`\[\s*(?:轉載自|转载自)[^\]]*\]\(\s*(https?://[^)\s]+)\s*\)`)
)

var lineCases = []string{
	"## 樱花FM┃基于中国的云和金融服务对美国和全球民主构成威胁（上）", "# a", "### a ###", "#### a", "##a", "## ", "##", "#",
	"## a #b# ", "## #", "##\t\ta\t#\t", "## a\f", "###  [:house:返回](README.md)", "## a ## b ##",
	"音频：东京樱花团/战友520", " 音頻 : x ", "编辑：", "編輯:\t", "发布 ： a b  ", "發布x", "音频", "音频 ", "音频：：",
	"文字版原文：[樱花深度报道┃基于中国的云](https://gnews.org/zh-hans/2442437/)", " 文字版原文[x]( y )", "文字版原文](a b)](c)",
	"文字版原文 [a](", "文字版原文[a]()", "文字版原文[a](x) y", "文字版原文]](x)", "文字版原文](x\t)", "文字版原文 ：[a](x (y))",
	"\xff## a", "## \xff", "音频：\xff ", "文字版原文](\xff)",
	"` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/2455369/)", "[转载自GNews]( http://x.org/1 )", "[ 轉載自](https://)",
	"[转载自](https://a b)", "[x] [转载自a](https://a)", "[转载自[a](https://a)", "[转载自a]](https://a)", "[转载自a](ftp://a)",
	"[转载自a] (https://a)", "[转载自a](https://a", "[\t转载自\n](\fhttps://a\r)", "[转载自](https://a)(https://b)", "[[转载自]](https://a)",
	"[转载自 a](https://a)) [转载自 b](https://b)", "[转载自a](https://a\v)", "[转载自a](http://)x [转载自b](http://y)",
	"编辑：东京樱花团/南雁", " 发布 : x", "编辑 x", "免责声明：", "免責聲明", "- [ROL Foundation](https://rolfoundation.org/)", "-[ROL ",
	"/zh-hans/2455369/", "2455369", "/a123", "/12/3", "1/2", "/123//", "/", "", "12/", "/１２/", "x/0/",
}

func TestLineScans(t *testing.T) {
	for _, s := range lineCases {
		checkLineScans(t, s)
	}
}

func FuzzLineScans(f *testing.F) {
	for _, s := range lineCases {
		f.Add(s)
	}
	f.Fuzz(checkLineScans)
}

func checkLineScans(t *testing.T, s string) {
	m := headingExpr.FindStringSubmatch(s)
	if got, ok := headingText(s); ok != (m != nil) || ok && got != m[2] {
		t.Fatalf("headingText(%q) = %q %v; the expression: %q", s, got, ok, m)
	}
	m = creditExpr.FindStringSubmatch(s)
	if label, value, ok := creditLine(s); ok != (m != nil) || ok && (label != m[1] || value != m[2]) {
		t.Fatalf("creditLine(%q) = %q %q %v; the expression: %q", s, label, value, ok, m)
	}
	m = textLinkExpr.FindStringSubmatch(s)
	if got, ok := textLink(s); ok != (m != nil) || ok && got != m[1] {
		t.Fatalf("textLink(%q) = %q %v; the expression: %q", s, got, ok, m)
	}
	if got, want := footerLine(s), footerExpr.MatchString(s); got != want {
		t.Fatalf("footerLine(%q) = %v; the expression: %v", s, got, want)
	}
	m = postIDExpr.FindStringSubmatch(s)
	if got, ok := postID(s); ok != (m != nil) || ok && got != m[1] {
		t.Fatalf("postID(%q) = %q %v; the expression: %q", s, got, ok, m)
	}
	m = sourceExpr.FindStringSubmatch(s)
	if got, ok := sourceLink(s); ok != (m != nil) || ok && got != m[1] {
		t.Fatalf("sourceLink(%q) = %q %v; the expression: %q", s, got, ok, m)
	}
}

var collapseCases = []string{
	"", " ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\nb", "中文，没有空格。", "中文 有 空格", "中文　全角空格",
	"\u00a0nbsp", "x\u0085y", "x\u1680y", "x\u2003y", "x\u202fy", "x\u205fy", "x\u3000y", "「引号」、。",
	"\xe9\xc2\xa0", "\xe3\x80", "\xc2", "a \xff b", "trailing\u3000",
}

// TestCollapseSpace: collapseSpace is strings.Join(strings.Fields(s), " ").
func TestCollapseSpace(t *testing.T) {
	for _, s := range collapseCases {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range collapseCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
