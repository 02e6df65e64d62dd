// Package parse turns the Markdown article files of an audio series into
// Article values.
//
// It is the first stage of podgen's pipeline (parse -> feed -> upload) and is
// pure: [Parser.Parse] takes a file name and its bytes and returns an Article
// or an error that names the file and line. It knows nothing of feeds, disks
// or storage: reading an archive's folder (and its git history) is the
// build's (package feed).
//
// An article of the 樱花FM archive looks like this (see
// testdata/000_ab612374b3f95bb2.txt, a real one):
//
//	###  [:house:返回](README.md)          navigation, ignored
//	---
//	## 樱花FM┃<title>                     the episode heading: series, separator, title
//	` 樱花FM` [轉載自GNews](<url>/2455369/) the source link; 2455369 is the post id
//	音频：东京樱花团/战友520               audio credit: organisation / narrator
//	![](<cover url>)                      the first image after the credit: the cover
//	【编者按】…                            the editor's note: the episode description
//	…body…
//	文字版原文：[…](<url>)                  footer: the text version, 编辑/发布 credits,
//	编辑：东京樱花团/南雁                    a closing image, a disclaimer and links;
//	免责声明：…                             none of it reaches the description
//
// Files of other series, and index pages, are reported with [ErrSkipped]
// rather than turned into episodes. Files may be UTF-8 (with or without a
// BOM, LF or CRLF) or GB18030/GBK, as archives made on Windows often are.
package parse
