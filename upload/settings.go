package upload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SettingsFile is the name, under the prefix, of the object that records
// what the objects of the last publish were sent with: the headers that
// the listing does not show, so that a publish after upload.acl or a
// Cache-Control changed sends the files they apply to again, and not only
// the files whose bytes changed. Site files never start with a dot.
const SettingsFile = ".podgen-settings"

// Settings are what a publish sends its objects with, besides their bytes.
type Settings struct {
	ACL          string       `json:"acl"`
	CacheControl CacheControl `json:"cache_control"`
	// Incomplete: a publish with these settings began and did not finish,
	// so some objects may have been sent with the ones before them.
	Incomplete bool `json:"incomplete,omitempty"`
}

// changed says why an object of kind k sent with s is to be sent again
// with now, "" when it is not.
func (s *Settings) changed(now Settings, k Kind) string {
	switch {
	case s == nil: // a bucket published before podgen kept its settings
		return ""
	case s.Incomplete:
		return "the last publish, which changed upload.acl or a Cache-Control, did not finish"
	case s.ACL != now.ACL:
		return fmt.Sprintf("upload.acl changed from %q to %q", s.ACL, now.ACL)
	case s.CacheControl.of(k) != now.CacheControl.of(k):
		return fmt.Sprintf("its Cache-Control changed from %q to %q", s.CacheControl.of(k), now.CacheControl.of(k))
	}
	return ""
}

// ReadSettings reads the settings the last publish under prefix kept; nil
// for none (the first publish, or one of a podgen before them), or for an
// object that does not decode. The listing (remote) says whether there is
// one, and its ETag whether it is now's: only a changed one is read, so
// that an unchanged site costs no request more.
func ReadSettings(ctx context.Context, b Bucket, prefix string, remote []Object, now Settings) (*Settings, error) {
	key := Key(cleanPrefix(prefix), SettingsFile)
	i := slices.IndexFunc(remote, func(o Object) bool { return o.Key == key })
	if i < 0 {
		return nil, nil
	}
	if body, err := json.Marshal(now); err == nil && strings.EqualFold(remote[i].ETag, md5Hex(body)) {
		return &now, nil
	}
	body, err := b.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s Settings
	if json.Unmarshal(body, &s) != nil {
		return nil, nil
	}
	return &s, nil
}

// WriteSettings keeps s under prefix for the next publish, unless it is
// what was kept already.
func WriteSettings(ctx context.Context, b Bucket, prefix string, kept *Settings, s Settings) error {
	if kept != nil && *kept == s {
		return nil
	}
	body, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = b.Put(ctx, Key(cleanPrefix(prefix), SettingsFile), bytes.NewReader(body), PutOptions{
		Size: int64(len(body)), MD5: md5Hex(body), ContentType: "application/json", CacheControl: "no-store"})
	if err != nil {
		return fmt.Errorf("keeping the publish settings in %s: %w", SettingsFile, err)
	}
	return nil
}
