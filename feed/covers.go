package feed

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/sakurafm/podgen/feed/cover"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/parse"
)

// mirrored is an episode's cover as mirrored: the finished file in the
// covers folder, and its MD5, which its name in the site holds.
type mirrored struct {
	file string
	md5  string
}

// mirrorCover returns the mirrored cover of an article, downloading and
// converting it unless an earlier build did. A cover that fails is a
// warning: the episode uses the channel artwork.
func (b *builder) mirrorCover(ctx context.Context, a *parse.Article) (mirrored, error) {
	var path string
	var err error
	if parse.IsLocalPath(a.Cover) {
		path, err = b.mirrorLocal(a)
	} else {
		path, err = b.mirror(ctx, a.Cover)
	}
	if err != nil {
		return mirrored{}, &parse.Error{File: a.File, Line: a.CoverLine, Err: grouped{
			group: "covers not mirrored (" + fetch.Group(err) + "): the episodes use the channel artwork",
			err:   fmt.Errorf("cover %s: %v; the episode uses the channel artwork", shown(a.Cover), err),
		}}
	}
	sum, _, err := b.fileMD5(path)
	if err != nil {
		return mirrored{}, err
	}
	return mirrored{file: path, md5: sum}, nil
}

// mirror returns the path of the finished cover for url in the covers
// folder, where it is kept by URL.
func (b *builder) mirror(ctx context.Context, url string) (string, error) {
	return b.coverFile(url, func() ([]byte, error) {
		var out []byte
		err := b.fetch.Do(ctx, url, func(ctx context.Context) error {
			data, err := cover.Fetch(ctx, b.client, url)
			if err == nil {
				out, err = cover.Make(data)
			}
			return err
		})
		return out, err
	})
}

// mirrorLocal returns the path of the finished cover made of an image
// beside the article, kept in the covers folder by the image's MD5.
func (b *builder) mirrorLocal(a *parse.Article) (string, error) {
	im, err := b.localImage(a.File, a.Cover)
	if err != nil {
		return "", err
	}
	return b.coverFile("file\x00"+im.md5, func() ([]byte, error) {
		data, err := os.ReadFile(im.src)
		if err != nil {
			return nil, err
		}
		return cover.Make(data)
	})
}

// coverFile returns the path of the finished cover kept in the covers
// folder under key (and the cover code's version), made by make unless an
// earlier build made it.
func (b *builder) coverFile(key string, make func() ([]byte, error)) (string, error) {
	sum := sha256.Sum256([]byte(cover.Version + "\x00" + key))
	path := filepath.Join(b.coversDir, hex.EncodeToString(sum[:12])+".jpg")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	out, err := make()
	if err != nil {
		return "", err
	}
	return path, atomically(path, false, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	})
}

// fileMD5 is a file's MD5 and size. The MD5 is kept in the cache by the
// file's path and stat data (cache.File), so that a file is read whole
// once, not on every build.
func (b *builder) fileMD5(path string) (string, int64, error) {
	return b.fileMD5Then(path, nil)
}

// fileMD5Then is fileMD5 that, when it reads the file, hands then the open
// file and its MD5 before closing it, and the file's bytes when it is small
// enough to have been read in one go (nil otherwise): an audio file is
// opened once to be hashed and probed.
func (b *builder) fileMD5Then(path string, then func(f *os.File, sum string, size int64, whole []byte) error) (string, int64, error) {
	return b.cfg.Cache.File("md5", path, func(f *os.File, size int64) (string, error) {
		h := md5.New()
		buf := copyBuffers.Get().(*[]byte)
		defer copyBuffers.Put(buf)
		var whole []byte
		if n, err := io.ReadFull(f, *buf); err == io.EOF || err == io.ErrUnexpectedEOF {
			whole = (*buf)[:n]
			h.Write(whole)
		} else if err != nil {
			return "", err
		} else {
			h.Write((*buf)[:n])
			// Not io.Copy(h, f): os.File's WriteTo takes a new 32 kB
			// buffer for every file.
			if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf); err != nil {
				return "", err
			}
		}
		sum := hex.EncodeToString(h.Sum(nil))
		if then != nil {
			if err := then(f, sum, size, whole); err != nil {
				return "", err
			}
		}
		return sum, nil
	})
}

// copyBuffers are the buffers the audio's MD5s are read through.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// shown is a cover as a message shows it: a URL without what may be a
// secret (its query: a signed URL's signature), a path as it is.
func shown(cover string) string {
	if parse.IsLocalPath(cover) {
		return cover
	}
	return fetch.RedactURL(cover)
}
