package page

import (
	"golang.org/x/text/language"
)

// labels are the words the pages and their scripts show, in one language.
// Counts are written into them where {n} (and {m}) stand.
type labels struct {
	Skip, SkipToText string // skip links

	Episodes, PageOf, Pages, NewerPage, OlderPage string
	Subscribe, SubscribeHint, Copy, Copied        string
	Search, SearchHint, Found, More, NotFound     string
	Unavailable                                   string
	Play, Pause, Player, NowPlaying               string

	Narrator, Editor             string
	Text, Original, Archive      string
	Download, AllEpisodes        string
	Older, Newer, MoreEpisodes   string
	Image                        string // a dead image of the text, become a link to its archived copy
	DateLayout                   string // time.Format layout of a day
	Separator                    string // between the parts of a line of facts
	Colon                        string // between a label and what it labels
	titleSeparator, pageTitleFmt string // "title · podcast", "podcast (page n)"
}

// The languages the pages speak, best first for a channel language none
// of them matches.
var (
	languages = []language.Tag{language.English, language.SimplifiedChinese, language.TraditionalChinese, language.Japanese}
	matcher   = language.NewMatcher(languages)
	wordsOf   = []*labels{english, simplifiedChinese, traditionalChinese, japanese}
)

// labelsFor returns the labels of the language nearest to lang (the
// channel's, a BCP 47 tag such as zh-cn or ja); English for none.
func labelsFor(lang string) *labels {
	tag, err := language.Parse(lang)
	if err != nil {
		return english
	}
	_, i, conf := matcher.Match(tag)
	if conf == language.No {
		return english
	}
	return wordsOf[i]
}

// locale is lang as Open Graph writes it: zh_CN, ja_JP, en_US.
func locale(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	base, _ := tag.Base()
	region, _ := tag.Region() // the likely one when lang names none
	return base.String() + "_" + region.String()
}

var simplifiedChinese = &labels{
	Skip: "跳到节目列表", SkipToText: "跳到文字稿",
	Episodes: "全部节目", PageOf: "第 {n} 页，共 {m} 页", Pages: "分页", NewerPage: "较新的节目", OlderPage: "较早的节目",
	Subscribe: "订阅", SubscribeHint: "在播客应用中订阅，或复制 RSS 地址：", Copy: "复制", Copied: "已复制",
	Search: "搜索节目", SearchHint: "标题、主播或简介", Found: "找到 {n} 期节目", More: "显示前 {n} 期", NotFound: "没有找到节目",
	Unavailable: "搜索暂时不可用",
	Play:        "播放", Pause: "暂停", Player: "播放器", NowPlaying: "正在播放",
	Narrator: "主播", Editor: "编辑", Text: "文字稿", Original: "原文", Archive: "网页存档",
	Download: "下载音频", AllEpisodes: "全部节目", Older: "上一期", Newer: "下一期", MoreEpisodes: "更多节目",
	Image: "图片（网页存档）", DateLayout: "2006年1月2日", Separator: " · ", Colon: "：",
	titleSeparator: " · ", pageTitleFmt: "{t}（第 {n} 页）",
}

var traditionalChinese = &labels{
	Skip: "跳到節目列表", SkipToText: "跳到文字稿",
	Episodes: "全部節目", PageOf: "第 {n} 頁，共 {m} 頁", Pages: "分頁", NewerPage: "較新的節目", OlderPage: "較早的節目",
	Subscribe: "訂閱", SubscribeHint: "在 Podcast 應用程式中訂閱，或複製 RSS 網址：", Copy: "複製", Copied: "已複製",
	Search: "搜尋節目", SearchHint: "標題、主播或簡介", Found: "找到 {n} 集節目", More: "顯示前 {n} 集", NotFound: "沒有找到節目",
	Unavailable: "搜尋暫時無法使用",
	Play:        "播放", Pause: "暫停", Player: "播放器", NowPlaying: "正在播放",
	Narrator: "主播", Editor: "編輯", Text: "文字稿", Original: "原文", Archive: "網頁存檔",
	Download: "下載音訊", AllEpisodes: "全部節目", Older: "上一集", Newer: "下一集", MoreEpisodes: "更多節目",
	Image: "圖片（網頁存檔）", DateLayout: "2006年1月2日", Separator: " · ", Colon: "：",
	titleSeparator: " · ", pageTitleFmt: "{t}（第 {n} 頁）",
}

var japanese = &labels{
	Skip: "エピソード一覧へ移動", SkipToText: "テキストへ移動",
	Episodes: "エピソード一覧", PageOf: "{n} / {m} ページ", Pages: "ページ", NewerPage: "新しいエピソード", OlderPage: "以前のエピソード",
	Subscribe: "購読", SubscribeHint: "ポッドキャストアプリで購読するか、RSS の URL をコピーしてください：", Copy: "コピー", Copied: "コピーしました",
	Search: "エピソードを検索", SearchHint: "タイトル・朗読者・概要", Found: "{n} 件のエピソード", More: "最初の {n} 件を表示", NotFound: "見つかりませんでした",
	Unavailable: "検索は現在利用できません",
	Play:        "再生", Pause: "一時停止", Player: "プレーヤー", NowPlaying: "再生中",
	Narrator: "朗読", Editor: "編集", Text: "テキスト", Original: "原文", Archive: "ウェブアーカイブ",
	Download: "音声をダウンロード", AllEpisodes: "エピソード一覧", Older: "前の回", Newer: "次の回", MoreEpisodes: "ほかのエピソード",
	Image: "画像（ウェブアーカイブ）", DateLayout: "2006年1月2日", Separator: " · ", Colon: "：",
	titleSeparator: " · ", pageTitleFmt: "{t}（{n} ページ目）",
}

var english = &labels{
	Skip: "Skip to the episodes", SkipToText: "Skip to the transcript",
	Episodes: "All episodes", PageOf: "Page {n} of {m}", Pages: "Pages", NewerPage: "Newer episodes", OlderPage: "Older episodes",
	Subscribe: "Subscribe", SubscribeHint: "Subscribe in a podcast app, or copy the RSS address:", Copy: "Copy", Copied: "Copied",
	Search: "Search episodes", SearchHint: "Title, narrator or description", Found: "{n} episodes found", More: "Showing the first {n}", NotFound: "No episode found",
	Unavailable: "Search is not available right now",
	Play:        "Play", Pause: "Pause", Player: "Player", NowPlaying: "Now playing",
	Narrator: "Narrator", Editor: "Editor", Text: "Transcript", Original: "Original", Archive: "Archived copy",
	Download: "Download the audio", AllEpisodes: "All episodes", Older: "Previous episode", Newer: "Next episode", MoreEpisodes: "More episodes",
	Image: "Image (archived copy)", DateLayout: "2 January 2006", Separator: " · ", Colon: ": ",
	titleSeparator: " · ", pageTitleFmt: "{t} (page {n})",
}
