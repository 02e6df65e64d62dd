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
	Feed  string `json:"feed"`
	Pages string `json:"pages"`
	Media string `json:"media"`
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

// Reasons for an upload, a deletion, or an object --prune keeps.
const (
	ReasonNew        = "new"
	ReasonSize       = "size changed"
	ReasonContent    = "content changed"
	ReasonGone       = "not in the site"
	ReasonReferenced = "the new feed references it"
	ReasonPublished  = "the published feed references it"
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

// Expect is an object the bucket must hold: a store may answer 200 to a
// PUT it did not keep (a proxy, a full disk), so what was sent is proven
// by listing it before the feed points at it.
type Expect struct {
	Key      string
	Size     int64
	MD5      string // hex
	Uploaded bool   // sent by this publish, rather than already there
}

// Plan is everything a publish does, decided before any request is sent:
// uploads in order (media, pages, then the feed), deletions after the feed.
type Plan struct {
	Prefix  string // the clean key prefix
	Uploads []Upload
	// Verify are the objects one LIST of the prefix must show, with their
	// sizes and MD5s, after the media and pages and before the feed. The
	// feed itself is proven after its PUT, before anything is deleted.
	Verify  []Expect
	Deletes []Delete
	// Kept are the objects --prune leaves although the site does not have
	// them, because a feed references them.
	Kept      []Delete
	Unchanged int
	Bytes     int64 // to upload
}

// PlanOptions shape a Plan.
type PlanOptions struct {
	Prefix     string // key prefix in the bucket (the folder); see CleanPrefix
	Prune      bool   // delete objects under Prefix that the site does not have
	MaxDeletes int    // refuse to prune more than this many objects
	// References are the site paths the new feed points apps at (artwork,
	// enclosures, transcripts). Each must be in the site folder or already
	// in the bucket, each is proven before the feed goes up, and none is
	// pruned.
	References []string
	// Published are the site paths the feed now in the bucket references:
	// that feed stays live until the new one replaces it, so none of them
	// is pruned.
	Published    []string
	CacheControl CacheControl
	ACL          string // the canned ACL objects are sent with ("" for none)
	// Sent is what the last publish sent its objects with
	// (ReadSettings), nil when unknown: an object whose ACL or
	// Cache-Control differs from this publish's is sent again.
	Sent *Settings
}

// ErrTooManyDeletes is returned when pruning would delete more than
// PlanOptions.MaxDeletes objects.
var ErrTooManyDeletes = errors.New("too many deletions")

// ErrMissingReference is returned when the new feed references a file that
// is neither in the site folder nor in the bucket.
var ErrMissingReference = errors.New("the new feed references files that are nowhere")

// MakePlan compares the site with the bucket listing. A file is uploaded
// when its key is new, its size differs or its MD5 differs from the ETag (a
// single-part ETag is the MD5; a multipart one, "md5-N", is read as the
// MD5 podgen keeps in the object's metadata where the listing finds it,
// and is otherwise never equal, so such an object is sent again).
// Nothing else is touched unless opts.Prune, and never an object that the
// new or the published feed references.
func MakePlan(local []LocalFile, remote []Object, opts PlanOptions) (Plan, error) {
	var p Plan
	prefix, err := CleanPrefix(opts.Prefix)
	if err != nil {
		return p, err
	}
	opts.Prefix = prefix
	p.Prefix = prefix
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
	now := Settings{ACL: opts.ACL, CacheControl: opts.CacheControl}
	for _, f := range local {
		key := Key(opts.Prefix, f.Path)
		inSite[key] = true
		o, exists := byKey[key]
		k := KindOf(f.Path)
		resent := opts.Sent.changed(now, k) // "" when its headers stay
		reason := ""
		switch {
		case !exists:
			reason = ReasonNew
		case o.Size != f.Size:
			reason = ReasonSize
		case !strings.EqualFold(o.ETag, f.MD5):
			reason = ReasonContent
		case resent != "":
			reason = resent
		default:
			p.Unchanged++
			continue
		}
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
	verify, err := expectations(local, byKey, p.Uploads, opts)
	if err != nil {
		return p, err
	}
	if len(p.Uploads) > 0 {
		p.Verify = verify
	}
	if opts.Prune {
		keep := map[string]string{}
		for _, r := range opts.Published {
			keep[Key(opts.Prefix, r)] = ReasonPublished
		}
		for _, r := range opts.References {
			keep[Key(opts.Prefix, r)] = ReasonReferenced
		}
		lock, settings := Key(opts.Prefix, LockFile), Key(opts.Prefix, SettingsFile)
		for _, o := range remote {
			if inSite[o.Key] || !underPrefix(opts.Prefix, o.Key) || o.Key == lock || o.Key == settings {
				continue
			}
			d := Delete{Key: o.Key, Size: o.Size, Reason: ReasonGone}
			if why, ok := keep[o.Key]; ok {
				d.Reason = why
				p.Kept = append(p.Kept, d)
				continue
			}
			p.Deletes = append(p.Deletes, d)
		}
		sort.Slice(p.Deletes, func(i, j int) bool { return p.Deletes[i].Key < p.Deletes[j].Key })
		sort.Slice(p.Kept, func(i, j int) bool { return p.Kept[i].Key < p.Kept[j].Key })
		if len(p.Deletes) > opts.MaxDeletes {
			var keys []string
			for _, d := range p.Deletes[:min(3, len(p.Deletes))] {
				keys = append(keys, d.Key)
			}
			if more := len(p.Deletes) - len(keys); more > 0 {
				keys = append(keys, fmt.Sprintf("and %d more", more))
			}
			return p, fmt.Errorf("%w: --prune would delete %d objects (%s), more than --max-deletes %d; nothing was sent (--prune --dry-run lists them; --max-deletes %d lets them go)",
				ErrTooManyDeletes, len(p.Deletes), strings.Join(keys, ", "), opts.MaxDeletes, len(p.Deletes))
		}
	}
	return p, nil
}

// expectations are what the bucket must hold before the new feed goes up,
// sorted by key: each upload but the feed, as sent, and each object the
// new feed references, as the site or the listing has it. A reference that
// is in neither is an error.
func expectations(local []LocalFile, remote map[string]Object, uploads []Upload, opts PlanOptions) ([]Expect, error) {
	want := map[string]Expect{}
	for _, u := range uploads {
		if u.Kind != Feed {
			want[u.Key] = Expect{Key: u.Key, Size: u.Size, MD5: u.MD5, Uploaded: true}
		}
	}
	site := make(map[string]LocalFile, len(local))
	for _, f := range local {
		site[f.Path] = f
	}
	var errs []error
	for _, r := range opts.References {
		key := Key(opts.Prefix, r)
		if _, ok := want[key]; ok || r == FeedFile {
			continue
		}
		if f, ok := site[r]; ok {
			want[key] = Expect{Key: key, Size: f.Size, MD5: f.MD5}
			continue
		}
		o, ok := remote[key]
		if !ok {
			errs = append(errs, fmt.Errorf("%s references %s, which is neither in the site folder nor in the bucket (%s)", FeedFile, r, key))
			continue
		}
		e := Expect{Key: key, Size: o.Size}
		if !strings.Contains(o.ETag, "-") {
			e.MD5 = o.ETag
		}
		want[key] = e
	}
	if len(errs) > 0 {
		return nil, errors.Join(append(errs, fmt.Errorf("publish refused: %w (run podgen build again); nothing was sent", ErrMissingReference))...)
	}
	out := make([]Expect, 0, len(want))
	for _, e := range want {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// CleanPrefix returns a key prefix as keys use it: without leading,
// trailing or doubled slashes, so "sakurafm/" and "/sakurafm" are
// "sakurafm" (keys like "sakurafm//feed.xml" are other objects, which every
// publish would send again). A prefix with a "." or ".." segment is
// refused: stores disagree on what such keys mean.
func CleanPrefix(prefix string) (string, error) {
	for seg := range strings.SplitSeq(prefix, "/") {
		if seg == "." || seg == ".." {
			return "", fmt.Errorf("upload.prefix %q: a %q segment is not a folder name", prefix, seg)
		}
	}
	return cleanPrefix(prefix), nil
}

func cleanPrefix(prefix string) string {
	return strings.TrimPrefix(path.Clean("/"+prefix), "/")
}

// CheckListing compares the objects a plan expects with a listing of the
// bucket and returns an error for each that is missing or differs, in the
// order of want. An expectation with an MD5 needs that ETag: a multipart
// upload's ("md5-N", when the listing could not read the MD5 podgen keeps
// in its metadata) proves nothing and is an error too. One without (an
// object already in the bucket whose ETag is not an MD5) is held to its
// size.
func CheckListing(want []Expect, listing []Object) []error {
	byKey := make(map[string]Object, len(listing))
	for _, o := range listing {
		byKey[o.Key] = o
	}
	var errs []error
	for _, e := range want {
		o, ok := byKey[e.Key]
		switch {
		case !ok && e.Uploaded:
			errs = append(errs, fmt.Errorf("%s: not in the bucket after its upload", e.Key))
		case !ok:
			errs = append(errs, fmt.Errorf("%s: no longer in the bucket", e.Key))
		case o.Size != e.Size:
			errs = append(errs, fmt.Errorf("%s: the bucket holds %d bytes, not %d", e.Key, o.Size, e.Size))
		case e.MD5 != "" && !strings.EqualFold(o.ETag, e.MD5):
			errs = append(errs, fmt.Errorf("%s: the bucket's ETag is %s, not the MD5 %s", e.Key, o.ETag, e.MD5))
		}
	}
	return errs
}

// Key is the bucket key of a site path under a clean prefix.
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
	prefix = cleanPrefix(prefix)
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
