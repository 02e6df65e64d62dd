package upload

// How a request to the store ends when the store or the link stalls, and
// how it is tried again: each attempt has a deadline of its own from the
// bytes it sends, a body that the store stops reading is given up on, and
// a retry waits a random time that grows (backoff). The SDK's own
// client-side retry limiter is off (noRateLimit): it would stop the
// retries of a burst of 500s across many concurrent uploads, where the
// attempts cap is the limit.

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// deadline is how long a request sending (or reading) size bytes may take.
func (c S3Config) deadline(size int64) time.Duration {
	return 2*c.Timeout + time.Duration(float64(size)/float64(c.MinRate)*float64(time.Second))
}

// attemptDeadline gives each attempt of a request cfg.deadline of its body.
// GetObject is left to Get, which reads its body after the call returns.
type attemptDeadline struct{ cfg S3Config }

func (attemptDeadline) ID() string { return "podgen.AttemptDeadline" }

func (m attemptDeadline) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if middleware.GetOperationName(ctx) == "GetObject" {
		return next.HandleFinalize(ctx, in)
	}
	var size int64
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		if n, ok, err := req.StreamLength(); ok && err == nil {
			size = n
		}
	}
	d := m.cfg.deadline(size)
	actx, cancel := context.WithTimeoutCause(ctx, d, &timeoutError{d})
	defer cancel()
	// A body the store stops reading ends the attempt once it has not
	// been read for stallAfter, not at the deadline, which for a large
	// file is minutes or hours away at MinRate. Its bytes go to the
	// request's progress function (PutOptions.Progress), if any.
	if req, ok := in.Request.(*smithyhttp.Request); ok && size > 0 {
		body, ok := req.GetStream().(io.ReadSeeker)
		var start int64
		var err error
		if ok {
			start, err = body.Seek(0, io.SeekCurrent)
		}
		if ok && err == nil {
			w := &watchedBody{ReadSeeker: body, start: start}
			if w.report, _ = ctx.Value(progressKey{}).(func(int64)); w.report != nil {
				w.report(0)
			}
			if r, err := req.SetStream(w); err == nil {
				in.Request = r
				var stop context.CancelCauseFunc
				actx, stop = context.WithCancelCause(actx)
				done := make(chan struct{})
				defer close(done)
				idle := m.cfg.stallAfter()
				go w.watch(idle, done, func() { stop(&stallError{idle}) })
			}
		}
	}
	out, md, err := next.HandleFinalize(actx, in)
	if err != nil && ctx.Err() == nil && actx.Err() != nil {
		// Our deadline or our stall, not the caller's cancel: a timeout,
		// which the retryer retries (it does not retry a canceled request).
		err = context.Cause(actx)
	}
	return out, md, err
}

// stallAfter is how long a body may go unread while it is being sent:
// Timeout, and the time the kernel's send buffer (a few megabytes, which
// it asks to refill only once a third of it has gone) takes to drain at
// MinRate, when a healthy slow link reads nothing from the body.
func (c S3Config) stallAfter() time.Duration {
	const sendBuffer = 8 << 20
	return c.Timeout + time.Duration(float64(sendBuffer)/float64(c.MinRate)*float64(time.Second))
}

// watchedBody is a request body that knows when it was last read, and
// reports the position it has read to, from start. The clock runs from
// its first read after a seek: connecting has its own timeout.
type watchedBody struct {
	io.ReadSeeker
	start, pos int64
	report     func(int64)  // nil for none
	last       atomic.Int64 // unix nanoseconds; 0 while not being sent
	eof        atomic.Bool
}

func (w *watchedBody) Read(p []byte) (int, error) {
	n, err := w.ReadSeeker.Read(p)
	w.last.Store(time.Now().UnixNano())
	if n > 0 && w.report != nil {
		w.pos += int64(n)
		w.report(w.pos)
	}
	if err == io.EOF {
		w.eof.Store(true) // sent: the answer's wait is the HTTP client's
	}
	return n, err
}

func (w *watchedBody) Seek(offset int64, whence int) (int64, error) {
	w.eof.Store(false)
	w.last.Store(0)
	abs, err := w.ReadSeeker.Seek(offset, whence)
	if err == nil {
		w.pos = abs - w.start
	}
	return abs, err
}

// watch calls stalled when the body, being sent, has not been read for
// idle before it was read to its end, until done.
func (w *watchedBody) watch(idle time.Duration, done <-chan struct{}, stalled func()) {
	t := time.NewTicker(max(idle/8, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			last := w.last.Load()
			if last != 0 && !w.eof.Load() && time.Since(time.Unix(0, last)) > idle {
				stalled()
				return
			}
		}
	}
}

// stallError is an attempt whose body the store stopped reading.
type stallError struct{ idle time.Duration }

func (e *stallError) Error() string {
	return fmt.Sprintf("sent nothing for %v", e.idle)
}
func (e *stallError) Timeout() bool { return true }

// progressKey holds, in a request's context, the function its body's
// progress goes to (PutOptions.Progress).
type progressKey struct{}

func withProgress(ctx context.Context, fn func(int64)) context.Context {
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, progressKey{}, fn)
}

// timeoutError is an attempt that did not finish within its deadline.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return fmt.Sprintf("no answer within %v", e.rounded()) }

func (e *timeoutError) rounded() time.Duration {
	if e.d < time.Minute {
		return e.d.Round(time.Millisecond)
	}
	return e.d.Round(time.Second)
}
func (e *timeoutError) Timeout() bool { return true }

// backoff is the wait before a retry: a random time up to
// base·2^(attempt-1), at most max (see retryBase).
type backoff struct{ base, max time.Duration }

func (b backoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	limit := b.max
	if attempt < 30 {
		limit = min(b.base<<max(attempt-1, 0), b.max)
	}
	return rand.N(limit + 1), nil
}

type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRateLimit) AddTokens(uint) error { return nil }
