package parse

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// Article is one episode's worth of text, as found in one article file.
type Article struct {
	File      string // the path it was read from, slash-separated
	Series    string // the series name found in the heading, e.g. 樱花FM
	Title     string // the heading after the series name and its separator
	TitleLine int
	// Page says the title is its front matter's: a page as Hugo or Jekyll
	// write them, which may be a page of the site that is no episode.
	Page bool `json:",omitempty"`

	// Link is the source link (轉載自/转载自); PostID the number at its end,
	// the episode's stable identity (GNews post id). PostID is empty when the
	// link has none.
	Link   string
	PostID string

	// Credits are the narrator's (音频：, 音声： in the Japanese edition),
	// then the editor's (编辑：, 編輯：) and publisher's (发布：,
	// アップロード：), each as its line has it.
	Credits []Credit

	// Description is plain text: the editor's note (【编者按】 and its other
	// forms) without its marker; when the article has none, the opening of
	// the body: its first paragraphs of prose, up to a few hundred
	// characters, ending where a sentence ends.
	Description     string
	DescriptionLine int

	// Cover is the URL of the first image after the audio credit, as the
	// article writes it (entities decoded, raw Chinese characters kept: it
	// is not percent-encoded); empty when there is none. CoverCaption is the
	// caption under or beside it (（图片说明）…, 图片来源：…), as plain text.
	// Neither is part of the Body.
	Cover        string
	CoverLine    int
	CoverCaption string

	// Body is the Markdown the narrator reads: the editor's note and the
	// text, without navigation, heading, source line, credits, what is
	// left of the audio player, cover, footer and closing logo.
	Body string
	// Images are the images of the Body given by a path beside the
	// article (images/a.jpg), each once: the site serves them.
	Images []Image

	// TextURL is the URL of the text original (文字版原文：, テキスト版：),
	// the written article the episode reads; empty when the footer names it
	// without a link.
	TextURL string

	// Audio is an audio reference found in the article (a link to an .mp3 or
	// .m4a, an <audio>/<source> tag, or front matter audio:), as written.
	Audio     string
	AudioLine int

	// Date is the publication date written in the article (front matter
	// date: or a dated line); zero when there is none.
	Date     time.Time
	DateLine int

	// Warnings are problems that did not stop the article from being used.
	Warnings []error
}

// Image is an image of the body given by a path, as written, and the line
// it is first on.
type Image struct {
	Path string
	Line int
}

// ID is the article's stable identity: the post id, or, when the source
// link has none, the file name without its extension.
func (a *Article) ID() string {
	if a.PostID != "" {
		return a.PostID
	}
	return a.Stem()
}

// Stem is the article's file name without folder and extension:
// 樱花FM-03 for articles/樱花FM-03.md; a Hugo page bundle's is its folder's.
func (a *Article) Stem() string {
	base := path.Base(a.File)
	if strings.EqualFold(base, "index.md") { // a Hugo page bundle: posts/ep-one/index.md is ep-one
		return path.Base(path.Dir(a.File))
	}
	return strings.TrimSuffix(base, path.Ext(base))
}

// Credit is one person named in the article's credits.
type Credit struct {
	Role         Role
	Organisation string // before the slash: 东京樱花团
	Name         string // after the slash: 战友520
	Line         int
}

// Role is what a credited person did.
type Role string

// The roles the archive credits.
const (
	Narrator  Role = "narrator"  // 音频：, 音頻：, 音声：
	Editor    Role = "editor"    // 编辑：, 編輯：
	Publisher Role = "publisher" // 发布：, 發布：, アップロード：
)

// Narrator returns the first credited narrator, or the zero Credit.
func (a *Article) Narrator() Credit { return a.credit(Narrator) }

// Editor returns the first credited editor, or the zero Credit.
func (a *Article) Editor() Credit { return a.credit(Editor) }

func (a *Article) credit(r Role) Credit {
	for _, c := range a.Credits {
		if c.Role == r {
			return c
		}
	}
	return Credit{}
}

// Error is a problem in one article file, at one line. It is used both for
// errors (the article cannot be used) and for warnings (Article.Warnings).
type Error struct {
	File string
	Line int // 1-based; 0 when the problem is the whole file
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrSkipped is wrapped by the error returned for files that are not
// episodes of the series: other series, index pages.
var ErrSkipped = errors.New("skipped")

// SkipError says why a file is not an episode of the series.
type SkipError struct {
	File   string
	Reason string // e.g. "not 樱花FM (樱花深度报道)"
}

func (e *SkipError) Error() string { return e.File + ": skipped: " + e.Reason }

// Is makes errors.Is(err, ErrSkipped) true for a *SkipError.
func (e *SkipError) Is(target error) bool { return target == ErrSkipped }
