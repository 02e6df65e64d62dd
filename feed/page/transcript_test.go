package page

import (
	"strings"
	"testing"
)

// TestTranscriptPage: text is escaped, the body is the article's HTML, a
// link that is not http(s) or mailto never becomes an href, and the credit
// line appears only with a narrator.
func TestTranscriptPage(t *testing.T) {
	tests := []struct {
		name      string
		tr        Transcript
		want, not []string
	}{
		{"seed shape", Transcript{Lang: "zh-cn", Title: "标题（上）", Narrator: "东京樱花团/战友520", Body: "<p>正文。</p>\n", Link: "https://gnews.org/zh-hans/2455369/"},
			[]string{`<html lang="zh-cn">`, "<title>标题（上）</title>", "<h1>标题（上）</h1>", "<p>音频：东京樱花团/战友520</p>", "<p>正文。</p>", `<a href="https://gnews.org/zh-hans/2455369/">原文</a>`}, nil},
		{"markup in the title", Transcript{Title: `<script>alert("x")</script> & 'q'`, Narrator: `"战友" <520>`},
			[]string{"<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;</title>", "<p>音频：&#34;战友&#34; &lt;520&gt;</p>"}, []string{"<script>"}},
		{"javascript link", Transcript{Title: "t", Link: "javascript:alert(1)"}, []string{`href="#ZgotmplZ"`}, []string{"javascript:"}},
		{"no narrator, no link", Transcript{Title: "t"}, nil, []string{"音频：", "原文"}},
		{"attribute breakout in lang", Transcript{Title: "t", Lang: `zh" onload="x`}, []string{`lang="zh&#34; onload=&#34;x"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := TranscriptPage(tt.tr)
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("no %q in\n%s", w, page)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(page, n) {
					t.Errorf("%q in\n%s", n, page)
				}
			}
		})
	}
}
