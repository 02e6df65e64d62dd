package feed

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/parse"
)

// An article's images given by a path beside it (images/a.jpg, in an
// archive of one's own; the 樱花FM archive links all its images) are
// served from the site's images folder under names made of their bytes, as
// audio is, and the body links them by their absolute URL: the feed's
// content:encoded is read far from the site, and the episode pages live in
// transcripts/.

// siteImage is an image of the body as the site serves it.
type siteImage struct {
	path string // as the article writes it: images/a.jpg
	src  string // the file
	rel  string // its site path: images/a-0123abcd.jpg
	md5  string
	size int64
}

// imageExts are the images podgen serves: what browsers and podcast apps
// show. An SVG is left out: it is a document that runs scripts.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true}

// localImages finds and names the files of an article's images. One that
// cannot be served (not there, outside the articles folder, not an image)
// is warned of, and stays as written: pages and apps cannot show it.
func (b *builder) localImages(a *parse.Article) ([]siteImage, []error) {
	var imgs []siteImage
	var warnings []error
	for _, im := range a.Images {
		si, err := b.localImage(a.File, im.Path)
		if err != nil {
			warnings = append(warnings, &parse.Error{File: a.File, Line: im.Line, Err: fmt.Errorf("image %s: %w; pages and apps cannot show it", im.Path, err)})
			continue
		}
		imgs = append(imgs, si)
	}
	return imgs, warnings
}

func (b *builder) localImage(article, p string) (siteImage, error) {
	si := siteImage{path: p}
	name, _, _ := strings.Cut(p, "?") // a.jpg?v=2 and a.jpg#x are the file a.jpg
	name, _, _ = strings.Cut(name, "#")
	name, err := url.PathUnescape(name) // my%20photo.jpg is the file "my photo.jpg"
	if err != nil {
		return si, errors.New("not a path")
	}
	ext := strings.ToLower(path.Ext(name))
	if !imageExts[ext] {
		return si, errors.New("not a JPEG, PNG, GIF or WebP image, which podgen serves")
	}
	si.src = filepath.Join(filepath.Dir(filepath.FromSlash(article)), filepath.FromSlash(name))
	rel, err := filepath.Rel(b.arch.Dir, si.src)
	if err != nil || !filepath.IsLocal(rel) {
		return si, errors.New("outside the articles folder")
	}
	// Through the folder as a root: a symlink out of it is refused too.
	root, err := b.articlesRoot()
	if err != nil {
		return si, err
	}
	fi, err := root.Stat(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return si, errors.New("no such file")
	case err != nil:
		return si, errors.New("outside the articles folder, or unreadable")
	case !fi.Mode().IsRegular():
		return si, errors.New("not a file")
	}
	// The site gets the file, not a link that would point nowhere there.
	if si.src, err = filepath.EvalSymlinks(si.src); err != nil {
		return si, err
	}
	if si.md5, si.size, err = b.fileMD5(si.src); err != nil {
		return si, err
	}
	stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
	si.rel = path.Join(ImagesDir, siteSlug(stem)+"-"+si.md5[:8]+ext)
	return si, nil
}

// hasLocalCovers reports whether an article's cover is a path beside it.
func hasLocalCovers(arch *archive.Archive) bool {
	return slices.ContainsFunc(arch.Articles, func(a parse.Article) bool { return a.Cover != "" && parse.IsLocalPath(a.Cover) })
}

// imageURLs are the absolute URLs of an episode's images, by their path as
// written: what the rendered body links.
func (b *builder) imageURLs(imgs []siteImage) map[string]string {
	if len(imgs) == 0 {
		return nil
	}
	urls := make(map[string]string, len(imgs))
	for _, im := range imgs {
		urls[im.path] = b.cfg.BaseURL + "/" + im.rel
	}
	return urls
}
