package upload

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// LockFile is the name, under the prefix, of the object a publish holds
// while it runs, so that two publishes to one prefix never interleave (one
// pruning what the other's feed points at). Site files never start with a
// dot, so it is never part of a site, and MakePlan never prunes it.
const LockFile = ".podgen-lock"

// DefaultLockTTL is how long a lock lasts unless its publish refreshes it:
// a lock past its expiry belongs to a publish that died.
const DefaultLockTTL = 10 * time.Minute

// LockKey is the key of the lock of a key prefix.
func LockKey(prefix string) string { return Key(cleanPrefix(prefix), LockFile) }

// Lock is what the lock object holds: who took it and until when.
type Lock struct {
	Owner   string    `json:"owner"` // for people: the host and process, or the CI run
	ID      string    `json:"id"`    // random: tells two publishes of one owner apart
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"` // pushed on while the publish runs
}

// LockOptions shape AcquireLock.
type LockOptions struct {
	Owner string
	TTL   time.Duration // 0 means DefaultLockTTL
	// Break removes a lock another publish holds, stale or not: the caller
	// knows that no other publish runs.
	Break bool
	// Settle is how long a checked marker (a store without conditional
	// writes) waits between writing the lock and reading it back, so that
	// of two publishes starting together the later write wins and the
	// other sees it. 0 means 1 s.
	Settle time.Duration
	Now    func() time.Time // nil means time.Now
}

// LockedError is returned when another publish holds the lock.
type LockedError struct {
	Key  string
	Lock Lock // zero when the object holds no readable lock
	Now  time.Time
}

// Stale reports whether the lock is past its expiry: its publish stopped
// refreshing it, most likely because it was killed.
func (e *LockedError) Stale() bool { return !e.Now.Before(e.Lock.Expires) }

func (e *LockedError) Error() string {
	switch {
	case e.Lock.Created.IsZero():
		return fmt.Sprintf("%s: the lock holds nothing podgen can read: if no publish is running, run again with --break-lock", e.Key)
	case e.Stale():
		return fmt.Sprintf("%s: a stale lock (%s): if no publish is running, run again with --break-lock", e.Key, e.Lock.Describe(e.Now))
	}
	return fmt.Sprintf("%s: another publish holds the lock (%s); nothing was sent (if that publish is no longer running, --break-lock removes its lock)", e.Key, e.Lock.Describe(e.Now))
}

// Describe says whose lock it is and how old, for people: "podgen on
// ci-7 (pid 42), taken 3m0s ago, expires in 7m0s".
func (l Lock) Describe(now time.Time) string {
	if l.Created.IsZero() {
		return "a lock podgen cannot read"
	}
	if now.Before(l.Expires) {
		return fmt.Sprintf("%s, taken %s ago, expires in %s", l.Owner, age(now.Sub(l.Created)), age(l.Expires.Sub(now)))
	}
	return fmt.Sprintf("%s, taken %s ago, expired %s ago", l.Owner, age(now.Sub(l.Created)), age(now.Sub(l.Expires)))
}

// age prints a duration as people read ages: 3s, 4m10s, 2h5m, 3d4h.
func age(d time.Duration) string {
	d = max(d, 0)
	switch {
	case d < time.Hour:
		return d.Round(time.Second).String()
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
}

// ErrLockLost is returned when a held lock turns out to be gone or
// another publish's (someone broke it).
var ErrLockLost = errors.New("the lock was lost")

// HeldLock is a lock this publish holds.
type HeldLock struct {
	b    Bucket
	key  string
	lock Lock
	ttl  time.Duration
	now  func() time.Time
	// Checked is set when the store lacks conditional writes: the lock is
	// then a marker written, read back and compared, which two publishes
	// starting within the settle time of each other can both pass.
	Checked bool
	// Broke is the lock that LockOptions.Break removed, if any.
	Broke *Lock
}

// AcquireLock takes the lock at key: it creates the lock object only if
// the key is free (If-None-Match: *), so that of two publishes exactly one
// gets it. When another publish holds it, it returns a *LockedError that
// says whose lock it is, how old, and whether it is stale; with
// opts.Break it removes that lock and takes its place. Where the store
// lacks conditional writes it falls back to a checked marker (see
// HeldLock.Checked).
func AcquireLock(ctx context.Context, b Bucket, key string, opts LockOptions) (*HeldLock, error) {
	if opts.TTL <= 0 {
		opts.TTL = DefaultLockTTL
	}
	if opts.Settle <= 0 {
		opts.Settle = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	id := make([]byte, 8)
	rand.Read(id)
	now := opts.Now()
	l := &HeldLock{b: b, key: key, ttl: opts.TTL, now: opts.Now,
		lock: Lock{Owner: opts.Owner, ID: hex.EncodeToString(id), Created: now.UTC(), Expires: now.Add(opts.TTL).UTC()}}
	// Twice at most: a broken lock can be taken again by someone else
	// before this publish takes it.
	for range 2 {
		err := l.write(ctx, true)
		switch {
		case err == nil:
			return l, nil
		case errors.Is(err, ErrNoConditionalWrites):
			if err := l.acquireChecked(ctx, opts); err != nil {
				return nil, taking(err)
			}
			return l, nil
		case !errors.Is(err, ErrExists):
			l.unwrite(ctx)
			return nil, taking(err)
		}
		if err := l.breakHeld(ctx, opts); err != nil {
			return nil, taking(err)
		}
	}
	return nil, taking(l.locked(ctx))
}

// taking is an error of the store met while taking the lock, before
// anything is sent; a lock held by another publish, or a stop, is said as
// it is.
func taking(err error) error {
	var locked *LockedError
	if errors.As(err, &locked) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("taking the publish lock: %w; nothing was sent", err)
}

// unwrite removes the lock if a write that failed was kept after all (its
// answer timed out, say), so that it does not hold up the next publish
// until it expires; it tries for a few seconds, Ctrl-C or not.
func (l *HeldLock) unwrite(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	l.Release(ctx) // not this publish's, or not there: nothing to remove
}

// acquireChecked takes the lock on a store without conditional writes:
// write it where there is none, wait, read it back, and compare.
func (l *HeldLock) acquireChecked(ctx context.Context, opts LockOptions) error {
	l.Checked = true
	if _, err := ReadLock(ctx, l.b, l.key); !errors.Is(err, ErrNotFound) {
		if err := l.breakHeld(ctx, opts); err != nil {
			return err
		}
	}
	if err := l.write(ctx, false); err != nil {
		return err
	}
	select {
	case <-time.After(opts.Settle):
	case <-ctx.Done():
		return ctx.Err()
	}
	cur, err := ReadLock(ctx, l.b, l.key)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if cur.ID != l.lock.ID {
		return &LockedError{Key: l.key, Lock: cur, Now: l.now()}
	}
	return nil
}

// breakHeld removes the lock another publish holds when opts.Break, and
// returns a *LockedError otherwise.
func (l *HeldLock) breakHeld(ctx context.Context, opts LockOptions) error {
	cur, err := ReadLock(ctx, l.b, l.key)
	if errors.Is(err, ErrNotFound) {
		return nil // released meanwhile
	}
	var bad *LockedError
	if err != nil && !errors.As(err, &bad) {
		return err
	}
	if !opts.Break {
		return &LockedError{Key: l.key, Lock: cur, Now: l.now()}
	}
	if err := l.b.Delete(ctx, l.key); err != nil {
		return err
	}
	l.Broke = &cur
	return nil
}

// locked is the error for a lock taken by another publish.
func (l *HeldLock) locked(ctx context.Context) error {
	cur, err := ReadLock(ctx, l.b, l.key)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return &LockedError{Key: l.key, Lock: cur, Now: l.now()}
}

func (l *HeldLock) write(ctx context.Context, ifAbsent bool) error {
	data, _ := json.Marshal(l.lock)
	_, err := l.b.Put(ctx, l.key, bytes.NewReader(data), PutOptions{
		Size: int64(len(data)), MD5: md5Hex(data), ContentType: "application/json", CacheControl: "no-store", IfAbsent: ifAbsent,
	})
	return err
}

// ReadLock reads the lock at key. A missing lock gives ErrNotFound; an
// object that holds no lock gives a *LockedError with a zero Lock.
func ReadLock(ctx context.Context, b Bucket, key string) (Lock, error) {
	data, err := b.Get(ctx, key)
	if err != nil {
		return Lock{}, err
	}
	var l Lock
	if json.Unmarshal(data, &l) != nil || l.ID == "" || l.Created.IsZero() {
		return Lock{}, &LockedError{Key: key}
	}
	return l, nil
}

// mine checks that the lock is still this publish's.
func (l *HeldLock) mine(ctx context.Context) error {
	cur, err := ReadLock(ctx, l.b, l.key)
	switch {
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("%s: %w: it was removed", l.key, ErrLockLost)
	case err != nil:
		return fmt.Errorf("checking the publish lock: %w", err)
	case cur.ID != l.lock.ID:
		return fmt.Errorf("%s: %w: %s holds it now", l.key, ErrLockLost, cur.Owner)
	}
	return nil
}

// Refresh pushes the lock's expiry on by its TTL, if it is still this
// publish's; otherwise it returns ErrLockLost.
func (l *HeldLock) Refresh(ctx context.Context) error {
	if err := l.mine(ctx); err != nil {
		return err
	}
	l.lock.Expires = l.now().Add(l.ttl).UTC()
	return l.write(ctx, false)
}

// Keep refreshes the lock every TTL/3 until stop is called. The context
// it returns is canceled, with ErrLockLost as its cause, when a refresh
// finds the lock lost; a refresh that fails otherwise (the network) is
// tried again at the next tick, the expiry leaving room for two. stop
// returns once no refresh is in flight, so that Release comes after the
// last write.
func (l *HeldLock) Keep(ctx context.Context) (_ context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(l.ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if err := l.Refresh(ctx); errors.Is(err, ErrLockLost) {
					cancel(err)
					return
				}
			}
		}
	}()
	return ctx, func() { close(done); <-finished; cancel(nil) }
}

// Release removes the lock if it is still this publish's.
func (l *HeldLock) Release(ctx context.Context) error {
	if err := l.mine(ctx); err != nil {
		return err
	}
	if err := l.b.Delete(ctx, l.key); err != nil {
		return err
	}
	return nil
}
