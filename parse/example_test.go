package parse_test

import (
	"fmt"

	"github.com/sakurafm/podgen/parse"
)

func ExampleParser_Parse() {
	src := "## 樱花FM┃标题\n" +
		"` 樱花FM` [轉載自GNews](https://gnews.org/zh-hans/2455369/)\n\n" +
		"音频：东京樱花团/战友520\n\n" +
		"![](https://example.org/cover.jpg)\n\n" +
		"【编者按】编者的话。\n\n" +
		"正文。\n\n" +
		"编辑：东京樱花团/南雁\n"
	a, err := parse.Parser{}.Parse("articles/2455369.md", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title, a.PostID, a.Narrator().Name, a.Description, a.Cover)
	// Output: 标题 2455369 战友520 编者的话。 https://example.org/cover.jpg
}

func ExampleParser_Parse_error() {
	_, err := parse.Parser{}.Parse("articles/x.md", []byte("## 樱花FM┃\n正文。\n"))
	fmt.Println(err)
	// Output: articles/x.md:1: heading "樱花FM┃" has no title after 樱花FM
}
