package upload

import (
	"context"
	"testing"
)

// TestReadSettings: the record is read only when the listing says it is
// there and its ETag is not the current settings' own: an unchanged
// site's publish asks nothing more of the store.
func TestReadSettings(t *testing.T) {
	ctx := context.Background()
	b := newMemBucket()
	now := Settings{ACL: "public-read", CacheControl: DefaultCacheControl}
	list := func() []Object { o, _ := b.List(ctx, "fm/"); return o }
	if s, err := ReadSettings(ctx, b, "fm", list(), now); s != nil || err != nil || b.gets != 0 {
		t.Fatalf("no record: %v, %v, %d gets", s, err, b.gets)
	}
	if err := WriteSettings(ctx, b, "fm", nil, now); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadSettings(ctx, b, "fm", list(), now); err != nil || s == nil || *s != now || b.gets != 0 {
		t.Fatalf("the same settings: %v, %v, %d gets; want them, and no GET", s, err, b.gets)
	}
	other := now
	other.ACL = ""
	if s, err := ReadSettings(ctx, b, "fm", list(), other); err != nil || s == nil || *s != now || b.gets != 1 {
		t.Fatalf("other settings: %v, %v, %d gets; want the record, read once", s, err, b.gets)
	}
}
