package upload

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func md5Hex(b []byte) string { s := md5.Sum(b); return hex.EncodeToString(s[:]) }

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
