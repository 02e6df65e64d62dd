// Package feed builds a podcast's site folder from an archive of articles:
// the second stage of podgen's pipeline (parse -> feed -> upload).
//
// A build is a pipeline of stages, each handing the next a value:
//
//	archive.Read  folder -> Archive: each article parsed, with the date git
//	              says it was added (package archive)
//	match         Article -> source: its audio found, its date chosen
//	              (match.go, dates.go)
//	media         source -> media: the audio probed and hashed, or asked
//	              over HTTP (media.go; package audio reads the headers)
//	localImages   Article -> siteImage: the body's images beside the
//	              article, named for the site (images.go)
//	mirrorCover   Article -> mirrored: the cover made Apple-ready
//	              (covers.go; package cover)
//	episode       source, media, cover -> rss.Episode: what the feed says
//	render        rss.Episode -> rendered: the feed item, checked, and the
//	              episode's row of the index pages and its page
//	              (render.go; packages rss and page)
//	Write         the site folder, feed.xml last (write.go)
//
// Prepare runs the stages from match to render, each episode on its own and
// in parallel, and checks the feed; Write writes it. The episodes are put in
// the feed's order (newest first) before they are rendered, since each
// episode's page links the episodes before and after it; one left out
// later (its remote audio failed) has its neighbours' pages rendered again.
// The sub-packages are the parts that stand alone and are used by more
// than the build: archive (the articles, from the work tree and the
// history), rss (the document and its rules, which podgen check uses too),
// audio (probing), cover (artwork), fetch (the network, and what it
// failed to answer), page (the web site), cache (what builds remember),
// gitlog (git's history of a folder), folder (what a build may take from
// a folder it is given), audiofolder (the audio folder's files, and the
// audio each article's is), sitelock (one podgen at a time in a site
// folder) and pool (the goroutines that parse and render).
//
// # The site folder
//
//	feed.xml                         written last, atomically
//	index.html, index-2.html, …      the podcast's pages: its episodes, newest first
//	transcripts/<id>.html            each episode's page: player, credits, text;
//	                                 the item's link and its podcast:transcript
//	search.json                      what the index pages' search looks through
//	sitemap.xml, robots.txt          for search engines
//	artwork-<md5>.jpg                the channel artwork
//	audio/<id>-<8 hex of md5>.mp3    audio, under content-addressed ASCII names
//	covers/<id>-<8 hex of md5>.jpg   covers, mirrored (covers: mirror, or beside the article)
//	images/<name>-<8 hex of md5>.jpg the articles' own images (a path beside them)
//
// Apple requires ASCII URLs, and a new URL whenever a file's bytes change
// (players resume downloads without If-Range), hence the names.
//
// # Writing early
//
// A build that will write its site ([Build], and podgen build when the
// articles parsed cleanly) creates an episode's new audio file and
// transcript as soon as they are known, while other episodes are still
// rendered (Config.WriteEarly): a cold build's 20,000 file creations overlap
// its CPU work instead of following it. Only files that do not exist are
// created early; if the build then fails, they are removed again, with the
// folders made for them, so that a failed build leaves the site folder as it
// was. A page that exists is compared as it is reached, and left alone
// when it holds the same bytes (a build whose cache was lost); replacing
// files that exist, the index pages and feed.xml wait for Write.
//
// # What a build remembers
//
// With a Config.Cache, a build keeps what it learned under keys made of its
// inputs (package cache): each article as parsed, by its bytes, its name in
// the folder, the parser's settings and podgen's code; each audio file's MD5
// by its path and stat data, and its probe by the MD5 and the code; each
// episode's feed item and index row by everything they are made of; and
// which episode page each site file holds, by everything it is made of,
// the titles and links of its neighbours included. A rebuild renders only
// what changed (a new episode: its page and its older neighbour's); a
// missing, stale or foreign cache gives the same site.
package feed
