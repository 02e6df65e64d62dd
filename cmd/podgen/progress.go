package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/sakurafm/podgen/upload"
	"golang.org/x/term"
)

// newProgress reports uploads: a progress bar when the error stream is a
// terminal, otherwise one line per finished upload or deletion.
func newProgress(opts *publishOptions, plan upload.Plan) (func(upload.Event), func()) {
	w := opts.io.Err
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p := newProgressBar(w, plan, time.Now)
		return p.report, p.finish
	}
	var mu sync.Mutex
	return func(e upload.Event) {
		if !e.Done {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		verb, key, size := "deleted", "", int64(0)
		if e.Upload != nil {
			verb, key, size = "uploaded", e.Upload.Key, e.Upload.Size
		} else if e.Delete != nil {
			key = e.Delete.Key
		}
		switch {
		case e.Err != nil && errors.Is(e.Err, context.Canceled):
			fmt.Fprintf(w, "stopped %s\n", key)
		case e.Err != nil:
			fmt.Fprintf(w, "failed %s: %v\n", key, e.Err)
		case size > 0:
			fmt.Fprintf(w, "%s %s (%s)\n", verb, key, humanBytes(size))
		default:
			fmt.Fprintf(w, "%s %s\n", verb, key)
		}
	}, func() {}
}

// progressBar is the terminal's progress line: files, bytes, rate and time
// left. Bytes count as the store reads them, so a large file moves it.
type progressBar struct {
	w     io.Writer
	plan  upload.Plan
	now   func() time.Time
	total int // uploads and deletions

	mu          sync.Mutex
	start, last time.Time
	finished    int
	done        int64            // bytes of the finished uploads
	sending     map[string]int64 // bytes sent so far of those in flight, by key
}

func newProgressBar(w io.Writer, plan upload.Plan, now func() time.Time) *progressBar {
	return &progressBar{w: w, plan: plan, now: now, total: len(plan.Uploads) + len(plan.Deletes), sending: map[string]int64{}}
}

func (p *progressBar) report(e upload.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.start.IsZero() {
		p.start = now
	}
	switch {
	case e.Done:
		p.finished++
		if e.Upload != nil {
			delete(p.sending, e.Upload.Key)
			if e.Err == nil {
				p.done += e.Upload.Size
			}
		}
	case e.Upload != nil:
		p.sending[e.Upload.Key] = e.Sent
	}
	if now.Sub(p.last) < 100*time.Millisecond && p.finished < p.total {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(now))
}

// line is the bar as of now.
func (p *progressBar) line(now time.Time) string {
	sent := p.done
	for _, n := range p.sending {
		sent += n
	}
	s := fmt.Sprintf("%s %d/%d files, %s/%s", bar(sent, p.plan.Bytes, 24), p.finished, p.total, humanBytes(sent), humanBytes(p.plan.Bytes))
	elapsed := now.Sub(p.start)
	if elapsed <= 0 || sent <= 0 {
		return s
	}
	rate := float64(sent) / elapsed.Seconds()
	s += fmt.Sprintf(", %s/s", humanBytes(int64(rate)))
	if left := p.plan.Bytes - sent; left > 0 && p.finished < p.total {
		s += fmt.Sprintf(", %s left", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
	}
	return s
}

func (p *progressBar) finish() {
	if p.total > 0 {
		fmt.Fprintln(p.w)
	}
}

func bar(n, total int64, width int) string {
	fill := width
	if total > 0 {
		fill = int(int64(width) * n / total)
	}
	b := make([]rune, width)
	for i := range b {
		b[i] = '░'
		if i < fill {
			b[i] = '█'
		}
	}
	return string(b)
}

// humanBytes prints sizes as podcast hosts do: decimal units.
func humanBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
