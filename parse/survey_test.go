package parse

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// shape is an article in the archive's shape, CRLF line ends and the
// source line's bare LF included, made of parts that a case replaces.
// Parts are written with \n.
type shape struct {
	heading, source, credit, top, body, footer string
}

var archiveShape = shape{
	heading: "## 樱花FM┃标题",
	source:  "` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/2600001/)",
	credit:  "音频：东京樱花团/战友520",
	top:     "  ![](https://assets.gnews.org/wp-content/uploads/2022/05/image-900.png) ",
	body:    "第一段。\n \n第二段。",
	footer: "文字版原文：[樱花时政┃标题](https://gnews.org/zh-hans/2600000/)\n \n编辑：东京樱花团/南雁\n发布：东京樱花团/文米\n" +
		" ![](https://assets.gnews.org/wp-content/uploads/2022/05/18B09338-07A4-435B-8396-FBF30C5ECE94.jpeg) ",
}

func (sh shape) String() string {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	return "###  [:house:返回](README.md)\r\n---\r\n\r\n\r\n" + crlf(sh.heading) + "\r\n" + sh.source + "\n\r\n" +
		crlf(sh.credit) + "\r\n" + crlf(sh.top) + "\r\n" + crlf(sh.body) + "\r\n \r\n" + crlf(sh.footer) + "\r\n\r\n" +
		"免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。\r\n  \r\n" +
		"- [ROL Foundation](https://rolfoundation.org/)\r\n- [ROL Society](https://rolsociety.org/)\r\n" +
		"- [Terms of use](https://gnews.org/terms-of-use-3/)\r\n- [Privacy Policy](https://gnews.org/privacy-policy/)\r\n"
}

// surveyResult is what a case checks of an article.
type surveyResult struct {
	Skip                                  string
	Title, Narrator, Editor, Publisher    string
	Cover, CoverCaption, TextURL, Summary string
	Warnings                              []string
}

func result(a Article, err error) surveyResult {
	var skip *SkipError
	if errors.As(err, &skip) {
		return surveyResult{Skip: skip.Reason}
	}
	if err != nil {
		return surveyResult{Skip: "error: " + err.Error()}
	}
	r := surveyResult{Title: a.Title, Narrator: a.Narrator().Name, Editor: a.Editor().Name, Publisher: a.credit(Publisher).Name,
		Cover: a.Cover, CoverCaption: a.CoverCaption, TextURL: a.TextURL, Summary: a.Description}
	for _, w := range a.Warnings {
		r.Warnings = append(r.Warnings, strings.TrimPrefix(w.Error(), "x.md:"))
	}
	return r
}

// TestSurveyVariants covers each variant of the survey of the 1,581
// articles (../../shared/real-sample/README.md) that none of the 71 real
// files of testdata/real shows, in the archive's shape.
func TestSurveyVariants(t *testing.T) {
	defaults := surveyResult{Title: "标题", Narrator: "战友520", Editor: "南雁", Publisher: "文米",
		Cover: "https://assets.gnews.org/wp-content/uploads/2022/05/image-900.png", TextURL: "https://gnews.org/zh-hans/2600000/",
		Summary: "第一段。第二段。"}
	tests := []struct {
		name      string
		with      func(*shape)
		want      func(*surveyResult)
		inBody    []string
		notInBody []string
	}{
		{name: "the shape itself", with: func(*shape) {}, want: func(*surveyResult) {}},

		// Titles.
		{name: "&nbsp; in the title (2 articles)", with: func(s *shape) { s.heading = "## 樱花FM┃美日&nbsp;峰会" },
			want: func(r *surveyResult) { r.Title = "美日 峰会" }},
		{name: "a stray U+FEFF ends the title", with: func(s *shape) { s.heading = "## 樱花FM｜标题\uFEFF" },
			want: func(r *surveyResult) {}},
		{name: "NBSP and U+200B in the title", with: func(s *shape) { s.heading = "## 樱花FM┃美日\u00a0峰会\u200b（十五）" },
			want: func(r *surveyResult) { r.Title = "美日 峰会（十五）" }},
		{name: "an entity that is a zero-width space", with: func(s *shape) { s.heading = "## 樱花FM┃标&#8203;题" },
			want: func(r *surveyResult) {}},

		// Credits.
		{name: "narrator 京城小伙儿, spaced slash", with: func(s *shape) { s.credit = "音频：东京樱花团 / 京城小伙儿" },
			want: func(r *surveyResult) { r.Narrator = "京城小伙儿" }},
		{name: "bold credit with spaced slash and NBSP", with: func(s *shape) { s.credit = "**音频：东京樱花团 /\u00a0战友520**" },
			want: func(r *surveyResult) {}},
		{name: "two narrators, each on a credit line", with: func(s *shape) {
			s.credit = "音频：东京樱花团/战友520\n音频：东京樱花团/京城小伙儿"
		},
			want: func(r *surveyResult) {}, notInBody: []string{"京城小伙儿"}},
		{name: "no credit (3 articles)", with: func(s *shape) { s.credit = "" },
			want: func(r *surveyResult) {
				r.Narrator, r.Warnings = "", []string{"5: no audio credit (音频：organisation/narrator)"}
			}},
		{name: "an entity in front of the text original's label", with: func(s *shape) {
			s.footer = strings.Replace(s.footer, "文字版原文：", "&nbsp;文字版原文：", 1)
		}, want: func(r *surveyResult) {}},
		{name: "an image in front of the text original's label", with: func(s *shape) {
			s.footer = strings.Replace(s.footer, "文字版原文：", "![](https://x.org/line.png)文字版原文：", 1)
		}, want: func(r *surveyResult) {}, notInBody: []string{"line.png"}},
		{name: "a zero-width space in front of the text original's label", with: func(s *shape) {
			s.footer = strings.Replace(s.footer, "文字版原文：", "&#8203;文字版原文：", 1)
		}, want: func(r *surveyResult) {}},
		{name: "an entity in the editor's credit", with: func(s *shape) {
			s.footer = strings.Replace(s.footer, "编辑：东京樱花团/南雁", "编辑：东京樱花团/南雁&nbsp;", 1)
		}, want: func(r *surveyResult) {}},

		// The editor's note.
		{name: "编者按】 (1 article)", with: func(s *shape) { s.body = "编者按】编者的话。\n \n正文。" },
			want: func(r *surveyResult) { r.Summary = "编者的话。" }, inBody: []string{"编者按】编者的话。"}},
		{name: "a NUL in the editor's note", with: func(s *shape) { s.body = "【编者按】编者\x00的话。\n \n正文。" },
			want: func(r *surveyResult) {
				r.Summary, r.Warnings = "编者的话。", []string{"10: control character U+0000 removed"}
			}, notInBody: []string{"\x00"}},

		// Covers.
		{name: "empty ![]() for a cover", with: func(s *shape) { s.top = "![]()" },
			want: func(r *surveyResult) {
				r.Cover, r.Warnings = "", []string{"9: the cover image has no URL; the episode uses the channel artwork"}
			}, notInBody: []string{"![]("}},
		{name: "cover indented by one space", with: func(s *shape) { s.top = " ![](https://lh5.googleusercontent.com/abc) " },
			want: func(r *surveyResult) { r.Cover = "https://lh5.googleusercontent.com/abc" }},
		{name: "cover followed by more images", with: func(s *shape) {
			s.top = "![](https://x.org/a.png)![](https://x.org/b.png)"
		}, want: func(r *surveyResult) { r.Cover = "https://x.org/a.png" }, inBody: []string{"![](https://x.org/b.png)"}, notInBody: []string{"a.png"}},
		{name: "图片来源于VOA under the cover", with: func(s *shape) { s.top += "\n图片来源于VOA" },
			want: func(r *surveyResult) { r.CoverCaption = "图片来源于VOA" }, notInBody: []string{"VOA"}},
		{name: "图片来源： under the cover, a blank line between", with: func(s *shape) { s.top += "\n \n图片来源：路透社" },
			want: func(r *surveyResult) { r.CoverCaption = "图片来源：路透社" }, notInBody: []string{"路透社"}},
		{name: "[图片来源](…) beside the cover", with: func(s *shape) { s.top += "[图片来源](https://www.google.com/imgres?a=1&amp;b=2)" },
			want: func(r *surveyResult) { r.CoverCaption = "图片来源" }, notInBody: []string{"google"}},
		{name: "┃ and raw Chinese characters in the cover URL", with: func(s *shape) {
			s.top = "![](https://assets.gnews.org/wp-content/uploads/2022/04/樱花时政┃俄罗斯驱逐三名瑞典外交官-作为报复性举动.jpg)"
		}, want: func(r *surveyResult) {
			r.Cover = "https://assets.gnews.org/wp-content/uploads/2022/04/樱花时政┃俄罗斯驱逐三名瑞典外交官-作为报复性举动.jpg"
		}},
		{name: "a percent-escaped cover URL, kept as written", with: func(s *shape) {
			s.top = "![](https://assets.gnews.org/wp-content/uploads/2022/03/%E4%BA%8C%E7%BB%B4.jpg)"
		}, want: func(r *surveyResult) {
			r.Cover = "https://assets.gnews.org/wp-content/uploads/2022/03/%E4%BA%8C%E7%BB%B4.jpg"
		}},
		{name: "an entity in the cover URL", with: func(s *shape) { s.top = "![](https://x.org/a.jpg?w=1&amp;h=2)" },
			want: func(r *surveyResult) { r.Cover = "https://x.org/a.jpg?w=1&h=2" }},

		// Descriptions.
		{name: "a caption is never the description", with: func(s *shape) {
			s.body = "![](https://x.org/b.png)\n（图片说明）第二张图。\n \n" + s.body
		}, want: func(r *surveyResult) {}, inBody: []string{"（图片说明）第二张图。"}},
		{name: "entities in the text (9 articles)", with: func(s *shape) { s.body = "美国&amp;日本&lt;同盟&gt;。" },
			want: func(r *surveyResult) { r.Summary = "美国&日本<同盟>。" }, inBody: []string{"美国&amp;日本&lt;同盟&gt;。"}},
		{name: "U+200B, inner U+FEFF and NBSP in the text", with: func(s *shape) { s.body = "第一\u200b段\uFEFF。\u00a0" },
			want: func(r *surveyResult) { r.Summary = "第一段。" }},
		{name: "a subheading before the text", with: func(s *shape) { s.body = "**小标题**\n \n" + s.body },
			want: func(r *surveyResult) {}},
		{name: "whole paragraphs up to the length", with: func(s *shape) {
			s.body = strings.Repeat("长", 119) + "。\n \n" + strings.Repeat("宽", 119) + "。\n \n" + strings.Repeat("高", 119) + "。"
		}, want: func(r *surveyResult) {
			r.Summary = strings.Repeat("长", 119) + "。" + strings.Repeat("宽", 119) + "。"
		}},
		{name: "a long paragraph cut where a sentence ends, outside quotes", with: func(s *shape) {
			s.body = "他说：“" + strings.Repeat("长", 100) + "。" + strings.Repeat("宽", 100) + "。”" + strings.Repeat("高", 150) + "。"
		}, want: func(r *surveyResult) {
			r.Summary = "他说：“" + strings.Repeat("长", 100) + "。" + strings.Repeat("宽", 100) + "。”"
		}},
		{name: "no prose at all: the first text", with: func(s *shape) { s.body = "附：歌词\n \n第一行\n \n第二行" },
			want: func(r *surveyResult) { r.Summary = "附：歌词" }},
		{name: "（未完待续） ends the description, not the body", with: func(s *shape) {
			s.body = "第一段。\n \n（未完待续）\n \n作者简介：\n \n某某是学者。"
		},
			want: func(r *surveyResult) { r.Summary = "第一段。" }, inBody: []string{"（未完待续）", "作者简介：\n\n某某是学者。"}},

		// Footers.
		{name: "the text original named without a link (5 articles)", with: func(s *shape) {
			s.footer = strings.Replace(s.footer, "[樱花时政┃标题](https://gnews.org/zh-hans/2600000/)", "樱花时政┃标题", 1)
		}, want: func(r *surveyResult) { r.TextURL = "" }},
		{name: "关键词： and 摘要： in the body (8 articles)", with: func(s *shape) { s.body += "\n \n关键词：中共，台湾\n \n摘要：" },
			want: func(r *surveyResult) {}, notInBody: []string{"关键词", "摘要"}},
		{name: "the logo above the footer, none in it", with: func(s *shape) {
			s.body += "\n ![](https://assets.gnews.org/wp-content/uploads/2022/03/yht.jpg) "
			s.footer = "编辑：东京樱花团/南雁\n发布：东京樱花团/文米"
		}, want: func(r *surveyResult) { r.TextURL = "" }, notInBody: []string{"yht.jpg"}},
		{name: "an image ends the text, the logo in the footer", with: func(s *shape) { s.body += "\n![](https://x.org/last.png)" },
			want: func(r *surveyResult) {}, inBody: []string{"last.png"}},

		// Files that are not episodes.
		{name: "有声| with 配音：", with: func(s *shape) { s.heading, s.credit = "## 有声|标题", "配音：秘密翻译组/某某" },
			want: func(r *surveyResult) { *r = surveyResult{Skip: "not 樱花FM (有声)"} }},
		{name: "有声&#124;, as the index writes it", with: func(s *shape) { s.heading = "## 有声&#124;标题" },
			want: func(r *surveyResult) { *r = surveyResult{Skip: "not 樱花FM (有声)"} }},
		{name: "【樱话】", with: func(s *shape) { s.heading = "## 【樱话】标题" },
			want: func(r *surveyResult) { *r = surveyResult{Skip: "not 樱花FM (【樱话】)"} }},
		{name: "【速报】", with: func(s *shape) { s.heading = "## 【速报】樱花FM┃标题" },
			want: func(r *surveyResult) { *r = surveyResult{Skip: "not 樱花FM (【速报】)"} }},
		{name: "a 樱花FM article reposted in the 2023/24 layout", with: func(s *shape) {
			s.heading, s.source = "## 樱花FM｜疫苗是如何杀死免疫系统的", "`4/14/2023 12:38 AM UTC Hopkins` [轉載自GNews](https://gnews.org/articles/219696)"
		}, want: func(r *surveyResult) {
			*r = surveyResult{Skip: "not 樱花FM (a GNews article of the 2023/24 layout, dated 4/14/2023 12:38 AM UTC)"}
		}},
		{name: "a heading without series", with: func(s *shape) { s.heading = "## 日本樱花季将至" },
			want: func(r *surveyResult) {
				*r = surveyResult{Skip: `not 樱花FM (its heading names no series: "日本樱花季将至")`}
			}},
		{name: "another series with a line too long", with: func(s *shape) {
			s.heading, s.body = "## 樱花深度报道┃标题", strings.Repeat("[a](", 3000)
		}, want: func(r *surveyResult) { *r = surveyResult{Skip: "not 樱花FM (樱花深度报道)"} }},
		{name: "an episode with a line too long", with: func(s *shape) { s.body = strings.Repeat("[a](", 3000) },
			want: func(r *surveyResult) {
				*r = surveyResult{Skip: "error: x.md:10: line of 12000 bytes; an article's line is at most 8192"}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := archiveShape
			tt.with(&sh)
			a, err := Parser{}.Parse("x.md", []byte(sh.String()))
			want := defaults
			tt.want(&want)
			if d := cmp.Diff(want, result(a, err)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			for _, s := range tt.inBody {
				if !strings.Contains(a.Body, s) {
					t.Errorf("body lacks %q:\n%s", s, a.Body)
				}
			}
			for _, s := range append(tt.notInBody, "音频：", "文字版原文", "编辑：", "免责声明", "18B09338") {
				if strings.Contains(a.Body, s) {
					t.Errorf("body holds %q:\n%s", s, a.Body)
				}
			}
		})
	}
}

// TestJapaneseSeries: the labels of the Japanese edition are read for it,
// and a zero Parser skips its files.
func TestJapaneseSeries(t *testing.T) {
	sh := archiveShape
	sh.heading = "## さくらFM┃タイトル"
	sh.credit = "音声：ヒマラヤ東京櫻花団 / 戦友520"
	sh.body = "本文です。"
	sh.footer = "テキスト版：[タイトル](https://gnews.org/2436098/)\n \n編輯：ヒマラヤ東京桜団 / 煙火1095\nアップロード：ヒマラヤ東京桜団 /Calvin"
	a, err := Parser{Series: "さくらFM"}.Parse("x.md", []byte(sh.String()))
	want := surveyResult{Title: "タイトル", Narrator: "戦友520", Editor: "煙火1095", Publisher: "Calvin",
		Cover: "https://assets.gnews.org/wp-content/uploads/2022/05/image-900.png", TextURL: "https://gnews.org/2436098/", Summary: "本文です。"}
	if d := cmp.Diff(want, result(a, err)); d != "" {
		t.Errorf("さくらFM (-want +got):\n%s", d)
	}
	_, err = Parser{}.Parse("x.md", []byte(sh.String()))
	if d := cmp.Diff(surveyResult{Skip: "not 樱花FM (さくらFM, the Japanese edition)"}, result(Article{}, err)); d != "" {
		t.Errorf("樱花FM (-want +got):\n%s", d)
	}
}
