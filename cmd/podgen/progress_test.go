package main

import (
	"strings"
	"testing"
	"time"

	"github.com/sakurafm/podgen/upload"
)

// TestProgressBar: the bar moves while a large file is sent, and says the
// bytes, the rate and the time left.
func TestProgressBar(t *testing.T) {
	plan := upload.Plan{
		Uploads: []upload.Upload{{Key: "fm/audio/big.mp3", Size: 96e6}, {Key: "fm/feed.xml", Size: 4e6}},
		Bytes:   100e6,
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var out strings.Builder
	p := newProgressBar(&out, plan, func() time.Time { return now })
	big, feed := &plan.Uploads[0], &plan.Uploads[1]
	p.report(upload.Event{Upload: big})
	now = now.Add(10 * time.Second)
	p.report(upload.Event{Upload: big, Sent: 40e6})
	if got, want := lastLine(out.String()), "0/2 files, 40.0 MB/100.0 MB, 4.0 MB/s, 15s left"; !strings.HasSuffix(got, want) {
		t.Errorf("during the large file: %q, want it to end with %q", got, want)
	}
	now = now.Add(14 * time.Second)
	p.report(upload.Event{Upload: big, Sent: 96e6})
	p.report(upload.Event{Upload: big, Done: true})
	p.report(upload.Event{Upload: feed})
	now = now.Add(time.Second)
	p.report(upload.Event{Upload: feed, Sent: 4e6})
	p.report(upload.Event{Upload: feed, Done: true})
	p.finish()
	if got, want := lastLine(out.String()), "2/2 files, 100.0 MB/100.0 MB, 4.0 MB/s"; !strings.HasSuffix(got, want) {
		t.Errorf("at the end: %q, want it to end with %q", got, want)
	}
	if !strings.HasSuffix(out.String(), "\n") {
		t.Error("the bar's line is not ended")
	}
}

// lastLine is what a terminal shows of the bar: the text after the last
// carriage return, without the erase-to-end-of-line code.
func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	s = s[strings.LastIndex(s, "\r")+1:]
	return strings.TrimSuffix(s, "\x1b[K")
}
