package upload

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMakePlan(t *testing.T) {
	local := []LocalFile{
		{"feed.xml", 100, "f1"},
		{"audio/1-aaaaaaaa.mp3", 1000, "a1"},
		{"audio/2-bbbbbbbb.mp3", 2000, "b1"},
		{"transcripts/1.html", 50, "t1"},
		{"artwork-cccccccc.jpg", 500, "c1"},
	}
	remote := []Object{
		{"fm/feed.xml", 100, "f0"},                // same size, other content
		{"fm/audio/1-aaaaaaaa.mp3", 1000, "A1"},   // unchanged (ETag case differs)
		{"fm/transcripts/1.html", 49, "t0"},       // size changed
		{"fm/audio/0-dddddddd.mp3", 10, "d0"},     // gone from the site
		{"other/keep.txt", 1, "k"},                // outside the prefix
		{"fm-old/x.mp3", 1, "x"},                  // a sibling prefix, not under fm/
		{"fm/big.mp3", 5 << 30, "e7f1c0c2d3-640"}, // multipart ETag, gone
	}
	tests := []struct {
		name    string
		opts    PlanOptions
		uploads []string // key: reason
		deletes []string
		err     error
	}{
		{name: "changes only", opts: PlanOptions{Prefix: "fm"},
			uploads: []string{
				"fm/artwork-cccccccc.jpg: new", "fm/audio/2-bbbbbbbb.mp3: new",
				"fm/transcripts/1.html: size changed", "fm/feed.xml: content changed",
			}},
		{name: "prune", opts: PlanOptions{Prefix: "fm", Prune: true, MaxDeletes: 2},
			uploads: []string{
				"fm/artwork-cccccccc.jpg: new", "fm/audio/2-bbbbbbbb.mp3: new",
				"fm/transcripts/1.html: size changed", "fm/feed.xml: content changed",
			},
			deletes: []string{"fm/audio/0-dddddddd.mp3", "fm/big.mp3"}},
		{name: "too many deletions", opts: PlanOptions{Prefix: "fm", Prune: true, MaxDeletes: 1}, err: ErrTooManyDeletes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := MakePlan(local, remote, tt.opts)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ups, dels []string
			for _, u := range p.Uploads {
				ups = append(ups, u.Key+": "+u.Reason)
			}
			for _, d := range p.Deletes {
				dels = append(dels, d.Key)
			}
			if d := cmp.Diff(tt.uploads, ups); d != "" {
				t.Errorf("uploads (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.deletes, dels); d != "" {
				t.Errorf("deletes (-want +got):\n%s", d)
			}
			if p.Unchanged != 1 || p.Bytes != 500+2000+50+100 {
				t.Errorf("unchanged %d, bytes %d", p.Unchanged, p.Bytes)
			}
		})
	}
}

func TestMakePlanRefusesEmptySite(t *testing.T) {
	remote := []Object{{"feed.xml", 1, "x"}, {"audio/a.mp3", 1, "y"}}
	for name, local := range map[string][]LocalFile{
		"empty":   nil,
		"no feed": {{"audio/a.mp3", 1, "y"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := MakePlan(local, remote, PlanOptions{Prune: true, MaxDeletes: 100})
			if err == nil || !strings.Contains(err.Error(), "no feed.xml") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestPlanHeaders(t *testing.T) {
	p, err := MakePlan([]LocalFile{{"feed.xml", 1, "f"}, {"a/x.MP3", 1, "a"}, {"t/x.html", 1, "t"}, {"x.weird", 1, "w"}, {"sitemap.xml", 1, "s"}}, nil,
		PlanOptions{CacheControl: CacheControl{Feed: "F", Pages: "P", Media: "M"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range p.Uploads {
		got = append(got, u.Key+" "+u.ContentType+" "+u.CacheControl)
	}
	want := []string{"a/x.MP3 audio/mpeg M", "sitemap.xml application/xml; charset=utf-8 P", "t/x.html text/html; charset=utf-8 P", "x.weird application/octet-stream P", "feed.xml application/rss+xml; charset=utf-8 F"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestCheckNames(t *testing.T) {
	audio := []byte("audio bytes")
	sum := md5Hex(audio)
	ok := []LocalFile{
		{"audio/2455369-" + sum[:8] + ".mp3", 11, sum},
		{"artwork-" + sum[:8] + ".jpg", 11, sum},
		{"transcripts/2455369.html", 1, "ffff"},
		{"feed.xml", 1, "eeee"},
	}
	if err := CheckNames(ok); err != nil {
		t.Fatal(err)
	}
	bad := append(ok, LocalFile{"audio/2457120-00000000.mp3", 11, sum})
	err := CheckNames(bad)
	if err == nil || !strings.Contains(err.Error(), "audio/2457120-00000000.mp3: its content no longer matches the hash in its name") {
		t.Fatalf("err = %v", err)
	}
}

// TestMakePlanPrefix: a prefix written with slashes around it is the same
// prefix: its keys have one slash, and a site published under "fm" is
// unchanged when published again under "fm/".
func TestMakePlanPrefix(t *testing.T) {
	local := []LocalFile{{"feed.xml", 100, "f1"}, {"audio/1-aaaaaaaa.mp3", 1000, "a1"}}
	remote := []Object{{"fm/feed.xml", 100, "f1"}, {"fm/audio/1-aaaaaaaa.mp3", 1000, "a1"}}
	for _, prefix := range []string{"fm", "fm/", "/fm", "/fm//", "fm//"} {
		t.Run(prefix, func(t *testing.T) {
			if got := ListPrefix(prefix); got != "fm/" {
				t.Errorf("ListPrefix(%q) = %q, want fm/", prefix, got)
			}
			p, err := MakePlan(local, remote, PlanOptions{Prefix: prefix, Prune: true, MaxDeletes: 0})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Uploads) != 0 || len(p.Deletes) != 0 || p.Unchanged != 2 {
				t.Errorf("plan %+v, want nothing to do", p)
			}
		})
	}
	for _, prefix := range []string{"a/b", "a//b/"} {
		p, err := MakePlan(local, nil, PlanOptions{Prefix: prefix})
		if err != nil || p.Uploads[0].Key != "a/b/audio/1-aaaaaaaa.mp3" {
			t.Errorf("prefix %q: %v, %v", prefix, p.Uploads, err)
		}
	}
	for _, prefix := range []string{"..", "fm/../x", "./fm"} {
		if _, err := MakePlan(local, nil, PlanOptions{Prefix: prefix}); err == nil || !strings.Contains(err.Error(), "upload.prefix") {
			t.Errorf("prefix %q: err = %v, want it refused", prefix, err)
		}
	}
}

func TestCheckListing(t *testing.T) {
	listing := []Object{
		{"fm/a.mp3", 3, "AAAA"},
		{"fm/b.mp3", 3, "bbbb"},
		{"fm/c.mp3", 3, "e7f1c0c2d3-2"}, // multipart, its MD5 unknown
	}
	want := []Expect{
		{Key: "fm/a.mp3", Size: 3, MD5: "aaaa", Uploaded: true}, // ETags compare without case
		{Key: "fm/b.mp3", Size: 4, MD5: "bbbb", Uploaded: true},
		{Key: "fm/b.mp3", Size: 3, MD5: "b000", Uploaded: true},
		{Key: "fm/c.mp3", Size: 3, MD5: "cccc"},
		{Key: "fm/d.mp3", Size: 3, MD5: "dddd", Uploaded: true},
		{Key: "fm/e.mp3", Size: 3, MD5: "eeee"},
	}
	var got []string
	for _, err := range CheckListing(want, listing) {
		got = append(got, err.Error())
	}
	if d := cmp.Diff([]string{
		"fm/b.mp3: the bucket holds 3 bytes, not 4",
		"fm/b.mp3: the bucket's ETag is bbbb, not the MD5 b000",
		"fm/c.mp3: the bucket's ETag is e7f1c0c2d3-2, not the MD5 cccc",
		"fm/d.mp3: not in the bucket after its upload",
		"fm/e.mp3: no longer in the bucket",
	}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestMakePlanReferences: the feeds decide what --prune may delete and
// what must be proven before the new feed goes up.
func TestMakePlanReferences(t *testing.T) {
	remote := []Object{
		{"fm/feed.xml", 10, "f0"},
		{"fm/audio/1.mp3", 1000, "a1"},
		{"fm/audio/2.mp3", 2000, "b1"},         // only the published feed has it
		{"fm/audio/3.mp3", 3000, "c1"},         // neither feed has it
		{"fm/transcripts/1.html", 50, "t1"},    // the new feed's, not in the site
		{"fm/audio/big.m4a", 9000, "e7f1c0-2"}, // the new feed's, multipart
	}
	// A site folder holding only the new feed, as a partial checkout has.
	local := []LocalFile{{"feed.xml", 11, "f1"}, {"audio/4.mp3", 4000, "d1"}}
	opts := PlanOptions{
		Prefix: "fm", Prune: true, MaxDeletes: 1000,
		References: []string{"audio/1.mp3", "transcripts/1.html", "audio/4.mp3", "audio/big.m4a"},
		Published:  []string{"audio/1.mp3", "audio/2.mp3", "transcripts/1.html"},
	}
	p, err := MakePlan(local, remote, opts)
	if err != nil {
		t.Fatal(err)
	}
	var dels, kept []string
	for _, d := range p.Deletes {
		dels = append(dels, d.Key)
	}
	for _, d := range p.Kept {
		kept = append(kept, d.Key+": "+d.Reason)
	}
	if d := cmp.Diff([]string{"fm/audio/3.mp3"}, dels); d != "" {
		t.Errorf("deletes (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{
		"fm/audio/1.mp3: " + ReasonReferenced,
		"fm/audio/2.mp3: " + ReasonPublished,
		"fm/audio/big.m4a: " + ReasonReferenced,
		"fm/transcripts/1.html: " + ReasonReferenced,
	}, kept); d != "" {
		t.Errorf("kept (-want +got):\n%s", d)
	}
	// Everything the new feed points at is proven, with what the plan knows
	// of it: the uploaded file's MD5, the bucket's listing of the others
	// (a multipart ETag proves only the size).
	want := []Expect{
		{Key: "fm/audio/1.mp3", Size: 1000, MD5: "a1"},
		{Key: "fm/audio/4.mp3", Size: 4000, MD5: "d1", Uploaded: true},
		{Key: "fm/audio/big.m4a", Size: 9000},
		{Key: "fm/transcripts/1.html", Size: 50, MD5: "t1"},
	}
	if d := cmp.Diff(want, p.Verify); d != "" {
		t.Errorf("verify (-want +got):\n%s", d)
	}

	// A reference that is neither in the site nor in the bucket is refused.
	opts.References = append(opts.References, "audio/5.mp3", "covers/5.jpg")
	_, err = MakePlan(local, remote, opts)
	if !errors.Is(err, ErrMissingReference) {
		t.Fatalf("err = %v, want ErrMissingReference", err)
	}
	for _, w := range []string{
		"feed.xml references audio/5.mp3, which is neither in the site folder nor in the bucket (fm/audio/5.mp3)",
		"feed.xml references covers/5.jpg, which is neither in the site folder nor in the bucket (fm/covers/5.jpg)",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("err = %v, want %q", err, w)
		}
	}

	// Nothing to upload: nothing to prove either, and no request for it.
	p, err = MakePlan([]LocalFile{{"feed.xml", 10, "f0"}}, remote, PlanOptions{Prefix: "fm", References: []string{"audio/1.mp3"}})
	if err != nil || len(p.Uploads) != 0 || len(p.Verify) != 0 {
		t.Errorf("an unchanged site: %+v, %v", p, err)
	}
}

// TestMakePlanSettings: an object whose bytes are the site's is sent again
// when what it was sent with changed (upload.acl for every object, a
// Cache-Control for its kind); with no record of the last publish's
// settings it is not. The record itself is never pruned.
func TestMakePlanSettings(t *testing.T) {
	local := []LocalFile{{"feed.xml", 100, "f1"}, {"audio/1-aaaaaaaa.mp3", 1000, "a1"}, {"index.html", 50, "i1"}}
	remote := []Object{{"fm/feed.xml", 100, "f1"}, {"fm/audio/1-aaaaaaaa.mp3", 1000, "a1"}, {"fm/index.html", 50, "i1"}, {"fm/" + SettingsFile, 90, "s"}}
	was := Settings{ACL: "", CacheControl: DefaultCacheControl}
	pages := DefaultCacheControl
	pages.Pages = "no-store"
	for _, tc := range []struct {
		name    string
		sent    *Settings
		now     Settings
		uploads []string
	}{
		{"unchanged", &was, was, nil},
		{"no record", nil, Settings{ACL: "public-read", CacheControl: pages}, nil},
		{"the ACL", &was, Settings{ACL: "public-read", CacheControl: DefaultCacheControl}, []string{
			`fm/audio/1-aaaaaaaa.mp3: upload.acl changed from "" to "public-read"`,
			`fm/index.html: upload.acl changed from "" to "public-read"`,
			`fm/feed.xml: upload.acl changed from "" to "public-read"`}},
		{"the pages' Cache-Control", &was, Settings{CacheControl: pages}, []string{`fm/index.html: its Cache-Control changed from "max-age=300" to "no-store"`}},
		// A publish that changed them and failed: each object was sent with
		// the old settings or the new; all go again, whatever this one's.
		{"after an unfinished publish", &Settings{ACL: "public-read", CacheControl: pages, Incomplete: true}, was, []string{
			"fm/audio/1-aaaaaaaa.mp3: the last publish, which changed upload.acl or a Cache-Control, did not finish",
			"fm/index.html: the last publish, which changed upload.acl or a Cache-Control, did not finish",
			"fm/feed.xml: the last publish, which changed upload.acl or a Cache-Control, did not finish"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := MakePlan(local, remote, PlanOptions{Prefix: "fm", Prune: true, MaxDeletes: 5, ACL: tc.now.ACL, CacheControl: tc.now.CacheControl, Sent: tc.sent})
			if err != nil {
				t.Fatal(err)
			}
			var ups []string
			for _, u := range p.Uploads {
				ups = append(ups, u.Key+": "+u.Reason)
			}
			if d := cmp.Diff(tc.uploads, ups); d != "" {
				t.Errorf("uploads (-want +got):\n%s", d)
			}
			if len(p.Deletes) != 0 {
				t.Errorf("deletes %v: the settings record is not the site's to prune", p.Deletes)
			}
		})
	}
}
