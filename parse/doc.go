// Package parse turns the Markdown article files of an audio series into
// Article values.
//
// It is the first stage of podgen's pipeline (parse -> feed -> upload) and is
// pure: [Parser.Parse] takes a file name and its bytes and returns an Article
// or an error that names the file and line. It knows nothing of feeds, disks
// or storage: reading an archive's folder (and its git history) is the
// build's (package feed).
//
// # The archive's articles
//
// The 樱花FM archive is a GNews archive (ourhimalayas/txt, content/gnews)
// that holds 1,581 樱花FM articles among those of other series. The counts
// below are over all 1,581; testdata/real holds 71 real files that show
// each variant, and the table in real_test.go says what each must give. An
// article looks like this (CRLF line ends; the source line alone ends in a
// bare LF):
//
//	###  [:house:返回](README.md)                navigation, ignored
//	---
//	## 樱花FM┃<title>                           the heading: series, separator, title
//	` 樱花FM` [轉載自GNews](…/zh-hans/2455369/)  the source line; 2455369 is the post id
//	音频：东京樱花团/战友520                     the audio credit: organisation/narrator
//	  ![](<cover url>)                          the first image after the credit: the cover
//	【编者按】…                                  the editor's note, in 93 articles only
//	…the text…
//	文字版原文：[…](<url>)                        the footer: the text original,
//	编辑：东京樱花团/南雁                          the editor and the publisher,
//	发布：东京樱花团/平安卿卿                      a logo or QR code,
//	 ![](<logo>)                                a disclaimer and four links
//	免责声明：…
//
// and varies so:
//
//   - Heading: ┃ (1,438) or the fullwidth ｜ (128) after 樱花FM; titles may end
//     in a part marker (（上）, （一）…（十五）, (四)), hold a date, &nbsp; or a
//     stray U+FEFF. All are kept in the title but the stray characters.
//   - Audio credit: plain (1,438) or in bold (126), once with broken bold
//     (**音频：东京樱花团/战友52**0); the slash spaced in 61; missing in 3. Above
//     it there may be an empty table, below it an empty 音频链接： label or
//     音频下载链接： with a Google Drive page: what the scraper left of the
//     audio player, which no article carries any more.
//   - Editor's note: 【编者按】 (84), 编者按： (6), [编者按] (2), 编者按】 (1),
//     possibly under an image. The other 1,488 have none, which is normal: the
//     description is then the opening of the body, its first paragraphs of
//     prose up to a few hundred characters, ending where a sentence ends,
//     past captions (（图片说明）…, 图片来源：…) and subheadings.
//   - Cover: alone on its line (739), indented (661), or followed on its line
//     by a caption, more images or the text (181); its URL as written, raw
//     Chinese characters and ┃ in 402, percent escapes in 141; once ![]().
//     Its caption goes with it: neither is part of the body. An article whose
//     only image is the logo has no cover: the episode uses the channel's.
//   - Footer: 文字版原文：[…](url) (1,508, about 125 in bold), the label alone
//     with its link on the next line (66) or with a title and no link (5);
//     编辑： and 发布： on two lines (1,286), on one italic line (155:
//     *编辑：…发布：…*) or in bold (127, 3 with broken bold). The logo under them
//     (the same in 954 articles) goes with the footer.
//   - Text: NBSP in 14 articles, U+200B or an inner U+FEFF in 9, HTML entities
//     in 9. Every field is cut from the text once zero-width and control
//     characters are dropped from it (a NUL is illegal in XML).
//
// The Japanese edition, さくらFM (13 articles: 音声：, テキスト版：, 編輯：,
// アップロード：), is a podcast of its own: Parser{Series: "さくらFM"} reads
// it, and each edition's parser skips the other's files.
//
// # A series of one's own
//
// Any other Parser.Series reads articles of the same shape written by
// anyone, with less asked of them: no source link (the file's name is the
// episode's id), no credit, and the title may be the front matter's
// (title:, as Hugo and Jekyll write it), the article's own headings then
// being its text's. Parser.NoCovers takes no image for a cover.
//
// # What is skipped
//
// Files that are not episodes of the series are reported with a *SkipError
// (errors.Is(err, ErrSkipped)) whose reason a user can read: index pages
// (README.md), other series (樱花深度报道┃, 中日财经爆┃, 有声|, 【樱话】…), the
// text articles headed 樱花时政┃ though tagged 樱花FM, and the GNews layout of
// 2023/24, whose source line starts with a date (it reposted old articles
// under new ids). The series is decided from the heading and source line
// before anything else: the limits on an episode's shape (MaxFileBytes,
// MaxLineBytes, MaxNesting) apply to episodes only.
//
// Files may be UTF-8 (with or without a BOM, LF or CRLF) or GB18030/GBK, as
// archives made on Windows often are, or UTF-16 with its byte order mark
// (what Notepad saves as "Unicode").
package parse
