package upload

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// LocalFile is a file of the site folder.
type LocalFile struct {
	Path string // slash path relative to the site folder
	Size int64
	MD5  string // hex
}

// Object is an object in the bucket, as a listing returns it.
type Object struct {
	Key  string
	Size int64
	ETag string // without quotes; the MD5 of single-part uploads
}

// Kind is what a file is to the site: it sets the upload order and the
// Cache-Control header.
type Kind int

// Kinds, in upload order.
const (
	Media Kind = iota // audio and images: content-addressed, uploaded first
	Page              // transcripts, web pages and everything else
	Feed              // feed.xml: last, once everything it points to is there
)

func (k Kind) String() string { return [...]string{"media", "page", "feed"}[k] }

// FeedFile is the site's feed, uploaded last.
const FeedFile = "feed.xml"

// KindOf returns the kind of a site path.
func KindOf(p string) Kind {
	if p == FeedFile {
		return Feed
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".mp3", ".m4a", ".mp4", ".aac", ".ogg", ".opus", ".jpg", ".jpeg", ".png", ".webp", ".gif":
		return Media
	}
	return Page
}

// contentTypes is the explicit table of Content-Type headers: guessing from
// the system's MIME database gives different answers on different machines.
// The feed is the one XML file served as RSS (ContentType).
var contentTypes = map[string]string{
	".xml": "application/xml; charset=utf-8", ".html": "text/html; charset=utf-8",
	".htm": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8", ".json": "application/json",
	".txt": "text/plain; charset=utf-8", ".vtt": "text/vtt; charset=utf-8", ".srt": "application/x-subrip",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4", ".aac": "audio/aac",
	".ogg": "audio/ogg", ".opus": "audio/ogg", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".png": "image/png", ".webp": "image/webp", ".gif": "image/gif", ".svg": "image/svg+xml",
	".ico": "image/x-icon", ".webmanifest": "application/manifest+json",
}

// ContentType returns the Content-Type for a site path: feed.xml is RSS,
// other XML (sitemap.xml) is XML.
func ContentType(p string) string {
	if p == FeedFile {
		return "application/rss+xml; charset=utf-8"
	}
	if t, ok := contentTypes[strings.ToLower(path.Ext(p))]; ok {
		return t
	}
	return "application/octet-stream"
}

// CacheControl holds the Cache-Control header of each kind.
type CacheControl struct {
	Feed, Pages, Media string
}

// DefaultCacheControl: the feed and pages change and are re-read often;
// media files are content-addressed and never change at their URL.
var DefaultCacheControl = CacheControl{
	Feed: "max-age=300", Pages: "max-age=300", Media: "public, max-age=31536000, immutable",
}

func (c CacheControl) of(k Kind) string {
	switch k {
	case Feed:
		return c.Feed
	case Media:
		return c.Media
	}
	return c.Pages
}

// Reasons for an upload or a deletion.
const (
	ReasonNew     = "new"
	ReasonSize    = "size changed"
	ReasonContent = "content changed"
	ReasonGone    = "not in the site"
)

// Upload is one file to put.
type Upload struct {
	Path         string // in the site folder
	Key          string // in the bucket
	Size         int64
	MD5          string
	Kind         Kind
	Reason       string
	ContentType  string
	CacheControl string
}

// Delete is one object to remove.
type Delete struct {
	Key    string
	Size   int64
	Reason string
}

// Plan is everything a publish does, decided before any request is sent:
// uploads in order (media, pages, then the feed), deletions after the feed.
type Plan struct {
	Uploads   []Upload
	Deletes   []Delete
	Unchanged int
	Bytes     int64 // to upload
}

// PlanOptions shape a Plan.
type PlanOptions struct {
	Prefix       string // key prefix in the bucket, without a trailing slash
	Prune        bool   // delete objects under Prefix that the site does not have
	MaxDeletes   int    // refuse to prune more than this many objects
	CacheControl CacheControl
}

// ErrTooManyDeletes is returned when pruning would delete more than
// PlanOptions.MaxDeletes objects.
var ErrTooManyDeletes = errors.New("too many deletions")

// MakePlan compares the site with the bucket listing. A file is uploaded
// when its key is new, its size differs or its MD5 differs from the ETag (a
// single-part ETag is the MD5; a multipart one, "md5-N", is never equal, so
// such objects are re-sent only when podgen's own uploads, always single
// part, would replace them). Nothing else is touched unless opts.Prune.
func MakePlan(local []LocalFile, remote []Object, opts PlanOptions) (Plan, error) {
	var p Plan
	hasFeed := false
	for _, f := range local {
		if f.Path == FeedFile {
			hasFeed = true
		}
	}
	if len(local) == 0 || !hasFeed {
		return p, fmt.Errorf("the site folder has no %s: run podgen build first", FeedFile)
	}
	byKey := make(map[string]Object, len(remote))
	for _, o := range remote {
		byKey[o.Key] = o
	}
	inSite := make(map[string]bool, len(local))
	for _, f := range local {
		key := Key(opts.Prefix, f.Path)
		inSite[key] = true
		o, exists := byKey[key]
		reason := ""
		switch {
		case !exists:
			reason = ReasonNew
		case o.Size != f.Size:
			reason = ReasonSize
		case !strings.EqualFold(o.ETag, f.MD5):
			reason = ReasonContent
		default:
			p.Unchanged++
			continue
		}
		k := KindOf(f.Path)
		p.Uploads = append(p.Uploads, Upload{
			Path: f.Path, Key: key, Size: f.Size, MD5: f.MD5, Kind: k, Reason: reason,
			ContentType: ContentType(f.Path), CacheControl: opts.CacheControl.of(k),
		})
		p.Bytes += f.Size
	}
	sort.SliceStable(p.Uploads, func(i, j int) bool {
		a, b := p.Uploads[i], p.Uploads[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Key < b.Key
	})
	if opts.Prune {
		for _, o := range remote {
			if !inSite[o.Key] && underPrefix(opts.Prefix, o.Key) {
				p.Deletes = append(p.Deletes, Delete{Key: o.Key, Size: o.Size, Reason: ReasonGone})
			}
		}
		sort.Slice(p.Deletes, func(i, j int) bool { return p.Deletes[i].Key < p.Deletes[j].Key })
		if len(p.Deletes) > opts.MaxDeletes {
			return p, fmt.Errorf("%w: --prune would delete %d objects, more than --max-deletes %d; nothing was sent", ErrTooManyDeletes, len(p.Deletes), opts.MaxDeletes)
		}
	}
	return p, nil
}

// Key is the bucket key of a site path.
func Key(prefix, p string) string {
	if prefix == "" {
		return p
	}
	return prefix + "/" + p
}

func underPrefix(prefix, key string) bool {
	return prefix == "" || strings.HasPrefix(key, prefix+"/")
}

// ListPrefix is the prefix to list for a key prefix.
func ListPrefix(prefix string) string {
	if prefix == "" {
		return ""
	}
	return prefix + "/"
}

// contentAddressed matches the names podgen build gives files whose bytes
// must never change at their URL: audio/2455369-1a2b3c4d.mp3,
// artwork-1a2b3c4d.jpg; the 8 hex digits start the file's MD5.
var contentAddressed = regexp.MustCompile(`-([0-9a-f]{8})\.[A-Za-z0-9]+$`)

// CheckNames returns an error for each content-addressed file whose MD5 no
// longer starts with the digits in its name: its bytes changed after the
// build (a hard-linked source edited in place), and uploading it would
// change a published URL's bytes, which podcast apps do not expect.
func CheckNames(local []LocalFile) error {
	var errs []error
	for _, f := range local {
		m := contentAddressed.FindStringSubmatch(f.Path)
		if m != nil && !strings.HasPrefix(f.MD5, m[1]) {
			errs = append(errs, fmt.Errorf("%s: its content no longer matches the hash in its name (was its source changed after the build?): run podgen build again", f.Path))
		}
	}
	return errors.Join(errs...)
}
