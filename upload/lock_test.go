package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// testLock is the lock's life against a Bucket: taken, refused to
// another publish while live and while stale, broken, lost, released.
func testLock(t *testing.T, b Bucket) {
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	const key = "fm/.podgen-lock"
	a, err := AcquireLock(ctx, b, key, LockOptions{Owner: "podgen on a (pid 1)", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if a.Checked || a.Broke != nil {
		t.Errorf("a conditional lock: %+v", a)
	}

	locked := func(want string) {
		t.Helper()
		_, err := AcquireLock(ctx, b, key, LockOptions{Owner: "podgen on b (pid 2)", Now: clock})
		var le *LockedError
		if !errors.As(err, &le) || err.Error() != want {
			t.Fatalf("err = %v\nwant %s", err, want)
		}
	}
	now = now.Add(3 * time.Minute)
	locked("fm/.podgen-lock: another publish holds the lock (podgen on a (pid 1), taken 3m0s ago, expires in 7m0s); nothing was sent (if that publish is no longer running, --break-lock removes its lock)")
	if err := a.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	locked("fm/.podgen-lock: another publish holds the lock (podgen on a (pid 1), taken 5m0s ago, expires in 8m0s); nothing was sent (if that publish is no longer running, --break-lock removes its lock)")
	now = now.Add(26 * time.Hour)
	locked("fm/.podgen-lock: a stale lock (podgen on a (pid 1), taken 26h5m ago, expired 25h52m ago): if no publish is running, run again with --break-lock")

	c, err := AcquireLock(ctx, b, key, LockOptions{Owner: "podgen on c (pid 3)", Now: clock, Break: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Broke == nil || c.Broke.Owner != "podgen on a (pid 1)" {
		t.Errorf("broke %+v, want a's lock", c.Broke)
	}
	for name, err := range map[string]error{"refresh": a.Refresh(ctx), "release": a.Release(ctx)} {
		if !errors.Is(err, ErrLockLost) || !strings.Contains(err.Error(), "podgen on c (pid 3) holds it now") {
			t.Errorf("%s of a broken lock: %v", name, err)
		}
	}
	if l, err := ReadLock(ctx, b, key); err != nil || l.Owner != "podgen on c (pid 3)" {
		t.Errorf("the lock after a's release: %+v, %v", l, err)
	}
	if err := c.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadLock(ctx, b, key); !errors.Is(err, ErrNotFound) {
		t.Errorf("after release: %v", err)
	}

	// An object that holds no lock is a lock nobody can vouch for.
	garbage := "not json"
	b.Put(ctx, key, strings.NewReader(garbage), PutOptions{Size: int64(len(garbage)), MD5: md5Hex([]byte(garbage))})
	locked("fm/.podgen-lock: the lock holds nothing podgen can read: if no publish is running, run again with --break-lock")
	d, err := AcquireLock(ctx, b, key, LockOptions{Owner: "d", Now: clock, Break: true})
	if err != nil {
		t.Fatal(err)
	}
	d.Release(ctx)
}

func TestLockMem(t *testing.T) { testLock(t, newMemBucket()) }

func TestLockVersitygw(t *testing.T) {
	g := startGateway(t)
	testLock(t, g.createBucket(t, "locks"))
}

// TestLockRace: of publishes starting at once, exactly one gets the lock.
func TestLockRace(t *testing.T) {
	g := startGateway(t)
	b := g.createBucket(t, "race")
	for round := range 5 {
		var wg sync.WaitGroup
		held := make(chan *HeldLock, 8)
		for i := range 8 {
			wg.Go(func() {
				l, err := AcquireLock(context.Background(), b, "fm/.podgen-lock", LockOptions{Owner: fmt.Sprint(i)})
				var le *LockedError
				switch {
				case err == nil:
					held <- l
				case !errors.As(err, &le):
					t.Error(err)
				}
			})
		}
		wg.Wait()
		close(held)
		if len(held) != 1 {
			t.Fatalf("round %d: %d publishes got the lock", round, len(held))
		}
		if err := (<-held).Release(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLockWithoutConditionalWrites: a store that answers If-None-Match
// with NotImplemented gets a checked marker, which says so, and which a
// second publish still sees.
func TestLockWithoutConditionalWrites(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "plain")
	proxy := newFaultProxy(t, g.Endpoint)
	proxy.set(func(r *http.Request, _ int64) string {
		if r.Header.Get("If-None-Match") != "" {
			return "501"
		}
		return ""
	})
	b := g.bucket(t, proxy.srv.URL, "plain")
	ctx := context.Background()
	a, err := AcquireLock(ctx, b, "fm/.podgen-lock", LockOptions{Owner: "a", Settle: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Checked {
		t.Error("the lock does not say it is a checked marker")
	}
	_, err = AcquireLock(ctx, b, "fm/.podgen-lock", LockOptions{Owner: "b", Settle: time.Millisecond})
	var le *LockedError
	if !errors.As(err, &le) || le.Lock.Owner != "a" {
		t.Fatalf("err = %v, want a's lock", err)
	}
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}

	// A store that fails the marker's write: said as taking the lock,
	// before anything is sent.
	proxy.set(func(r *http.Request, _ int64) string {
		switch {
		case r.Header.Get("If-None-Match") != "":
			return "501"
		case r.Method == http.MethodPut:
			return "500"
		}
		return ""
	})
	_, err = AcquireLock(ctx, b, "fm/.podgen-lock", LockOptions{Owner: "c", Settle: time.Millisecond})
	if err == nil || !strings.HasPrefix(err.Error(), "taking the publish lock: put fm/.podgen-lock: ") || !strings.HasSuffix(err.Error(), "; nothing was sent") {
		t.Errorf("a failed write of the marker: %v", err)
	}
}

// TestKeep: a held lock is refreshed while the publish runs; when someone
// breaks it, the publish's context is canceled with ErrLockLost.
func TestKeep(t *testing.T) {
	b := newMemBucket()
	ctx := context.Background()
	a, err := AcquireLock(ctx, b, "fm/.podgen-lock", LockOptions{Owner: "a", TTL: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	kept, stop := a.Keep(ctx)
	defer stop()
	first, _ := ReadLock(ctx, b, "fm/.podgen-lock")
	for deadline := time.Now().Add(10 * time.Second); ; {
		l, _ := ReadLock(ctx, b, "fm/.podgen-lock")
		if l.Expires.After(first.Expires) {
			break // refreshed
		}
		if time.Now().After(deadline) {
			t.Fatal("Keep did not refresh the lock within 10s")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := AcquireLock(ctx, b, "fm/.podgen-lock", LockOptions{Owner: "b", Break: true}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-kept.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the lock was broken and the publish goes on")
	}
	if err := context.Cause(kept); !errors.Is(err, ErrLockLost) {
		t.Errorf("cause %v, want ErrLockLost", err)
	}
}

// lostAnswer is a store that keeps what is PUT and then loses the answer,
// as one whose answer times out.
type lostAnswer struct{ *memBucket }

func (b lostAnswer) Put(ctx context.Context, key string, body io.ReadSeeker, opts PutOptions) (string, error) {
	if _, err := b.memBucket.Put(ctx, key, body, opts); err != nil {
		return "", err
	}
	return "", errors.New("did not answer within 30ns")
}

// TestLockPutLostAnswer: a lock whose PUT failed but was kept is removed
// again, so that the next publish is not held up until it expires; a lock
// of another publish is left alone.
func TestLockPutLostAnswer(t *testing.T) {
	ctx := context.Background()
	b := newMemBucket()
	if _, err := AcquireLock(ctx, lostAnswer{b}, "fm/.podgen-lock", LockOptions{Owner: "a"}); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Fatalf("err = %v, want the PUT's", err)
	}
	if _, err := ReadLock(ctx, b, "fm/.podgen-lock"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the lock after a failed PUT: %v, want none", err)
	}
	if _, err := AcquireLock(ctx, b, "fm/.podgen-lock", LockOptions{Owner: "next"}); err != nil {
		t.Errorf("the next publish: %v", err)
	}

	// A PUT that failed while another publish took the lock leaves that
	// publish's lock alone.
	b = newMemBucket()
	if _, err := AcquireLock(ctx, tookMeanwhile{b}, "fm/.podgen-lock", LockOptions{Owner: "a"}); err == nil {
		t.Fatal("a failed PUT took the lock")
	}
	if l, err := ReadLock(ctx, b, "fm/.podgen-lock"); err != nil || l.Owner != "other" {
		t.Errorf("the other publish's lock: %+v, %v; want it kept", l, err)
	}
}

// tookMeanwhile is a store whose PUT fails while another publish takes the
// lock.
type tookMeanwhile struct{ *memBucket }

func (b tookMeanwhile) Put(ctx context.Context, key string, body io.ReadSeeker, opts PutOptions) (string, error) {
	if _, err := AcquireLock(ctx, b.memBucket, key, LockOptions{Owner: "other"}); err != nil {
		return "", err
	}
	return "", errors.New("connection reset")
}
