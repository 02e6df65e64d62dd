package upload

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Event reports progress: one upload or deletion started or finished, or
// how much of an upload's body the store has read.
type Event struct {
	Upload *Upload // or
	Delete *Delete
	Done   bool  // false when it starts, and while it is sent
	Sent   int64 // bytes of the upload sent so far, while !Done
	Err    error // when it failed
}

// Options shape Execute.
type Options struct {
	Concurrency int         // uploads at once; 0 means 4
	Progress    func(Event) // called from several goroutines at once
}

// ErrFeedUnchanged is in the error of an Execute that stopped before it
// sent feed.xml: what the podcast's subscribers read is as it was.
var ErrFeedUnchanged = errors.New(FeedFile + " was not uploaded: the published feed is unchanged")

// Summary is what Execute did.
type Summary struct {
	Uploaded      int           `json:"uploaded"`
	UploadedBytes int64         `json:"uploaded_bytes"`
	Unchanged     int           `json:"unchanged"`
	Deleted       int           `json:"deleted"`
	Verified      int           `json:"verified"` // objects proven in the bucket
	Failed        int           `json:"failed"`
	Stopped       int           `json:"stopped"` // cut off by ctx (Ctrl-C): not sent, not failed
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// Execute carries out a plan: media, then pages, then feed.xml, each stage
// only once the one before succeeded in full, so that an app never reads a
// feed that points to a missing file; then deletions. Before the feed, one
// LIST proves that the bucket holds every object of plan.Verify as it was
// sent; after it, a LIST of its key proves the feed, before anything is
// deleted. When an upload or a proof fails the stages after it are not
// started and the previous feed.xml stays as it was; running again
// finishes the job (what arrived is unchanged then).
func Execute(ctx context.Context, b Bucket, dir string, plan Plan, opts Options) (sum Summary, err error) {
	start := time.Now()
	sum.Unchanged = plan.Unchanged
	defer func() { sum.Elapsed = time.Since(start) }()
	progress := opts.Progress
	if progress == nil {
		progress = func(Event) {}
	}
	n := opts.Concurrency
	if n <= 0 {
		n = 4
	}
	var mu sync.Mutex
	// do runs one upload or deletion, reports its start and end, and counts
	// it: counted by done when it succeeded, as failed when not.
	do := func(ev Event, op func() error, done func()) error {
		progress(ev)
		err := op()
		ev.Done, ev.Err = true, err
		progress(ev)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled):
			sum.Stopped++
			return err
		case err != nil:
			sum.Failed++
			return err
		}
		done()
		return nil
	}
	first := func(errs []error, more string) error {
		if len(errs) > 1 {
			return fmt.Errorf("%w (and %d more %s)", errs[0], len(errs)-1, more)
		}
		return errs[0]
	}
	unchanged := func(err error) error { return fmt.Errorf("%w; %w", err, ErrFeedUnchanged) }
	for _, stage := range []Kind{Media, Page, Feed} {
		if stage == Feed && len(plan.Verify) > 0 {
			if errs := prove(ctx, b, ListPrefix(plan.Prefix), plan.Verify); len(errs) > 0 {
				return sum, unchanged(first(errs, "not proven"))
			}
			sum.Verified += len(plan.Verify)
		}
		var batch []Upload
		for _, u := range plan.Uploads {
			if u.Kind == stage {
				batch = append(batch, u)
			}
		}
		errs := forEach(ctx, n, batch, func(ctx context.Context, u *Upload) error {
			sent := func(n int64) { progress(Event{Upload: u, Sent: n}) }
			return do(Event{Upload: u}, func() error { return put(ctx, b, dir, u, sent) },
				func() { sum.Uploaded++; sum.UploadedBytes += u.Size })
		})
		if len(errs) > 0 {
			err := first(errs, "uploads that did not arrive")
			if stage != Feed {
				return sum, unchanged(err)
			}
			return sum, err
		}
		if stage == Feed {
			for _, u := range batch {
				want := []Expect{{Key: u.Key, Size: u.Size, MD5: u.MD5, Uploaded: true}}
				if errs := prove(ctx, b, u.Key, want); len(errs) > 0 {
					return sum, fmt.Errorf("%w: the bucket may still hold the previous feed; nothing was deleted", errs[0])
				}
				sum.Verified++
			}
		}
	}
	errs := forEach(ctx, n, plan.Deletes, func(ctx context.Context, d *Delete) error {
		return do(Event{Delete: d}, func() error { return b.Delete(ctx, d.Key) }, func() { sum.Deleted++ })
	})
	return sum, errors.Join(errs...)
}

// prove lists prefix and checks the objects of want against the listing.
func prove(ctx context.Context, b Bucket, prefix string, want []Expect) []error {
	listing, err := b.List(ctx, prefix)
	if err != nil {
		return []error{err}
	}
	return CheckListing(want, listing)
}

// put streams one file and checks the ETag the store answered: a
// single-part ETag is the MD5 of what it stored. An answer without an
// ETag proves nothing (a proxy may answer 200 to a PUT it dropped).
func put(ctx context.Context, b Bucket, dir string, u *Upload, sent func(int64)) error {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(u.Path)))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != u.Size {
		return fmt.Errorf("put %s: the file changed since the plan was made (%d bytes, was %d); run again", u.Key, st.Size(), u.Size)
	}
	etag, err := b.Put(ctx, u.Key, f, PutOptions{Size: u.Size, MD5: u.MD5, ContentType: u.ContentType, CacheControl: u.CacheControl, Progress: sent})
	if err != nil {
		return err
	}
	switch {
	case etag == "":
		return fmt.Errorf("put %s: the store answered without an ETag: the upload is unproven", u.Key)
	case !strings.Contains(etag, "-") && !strings.EqualFold(etag, u.MD5):
		return fmt.Errorf("put %s: the store answered ETag %s, not the file's MD5 %s: the object may be corrupt", u.Key, etag, u.MD5)
	}
	return nil
}

// forEach runs fn over items with n workers. After the first error no new
// item starts (those in flight finish); the errors are returned in item
// order. A canceled ctx stops it too, and its error is returned.
func forEach[T any](ctx context.Context, n int, items []T, fn func(context.Context, *T) error) []error {
	if len(items) == 0 {
		return nil
	}
	errs := make([]error, len(items))
	jobs := make(chan int)
	failed := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range min(n, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := fn(ctx, &items[i]); err != nil {
					errs[i] = err
					once.Do(func() { close(failed) })
				}
			}
		}()
	}
	stopped := false
send:
	for i := range items {
		select {
		case jobs <- i:
		case <-failed:
			break send
		case <-ctx.Done():
			stopped = true
			break send
		}
	}
	close(jobs)
	wg.Wait()
	var out []error
	for _, err := range errs {
		if err != nil {
			out = append(out, err)
		}
	}
	if len(out) == 0 && stopped {
		out = append(out, ctx.Err())
	}
	return out
}
