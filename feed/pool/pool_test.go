package pool

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestEach: every i is done once, by no more than Workers goroutines at a
// time, and Each returns only when all are done.
func TestEach(t *testing.T) {
	for _, n := range []int{0, 1, 3, 1000} {
		done := make([]atomic.Int32, n)
		var running, most atomic.Int32
		Each(n, func(i int) {
			now := running.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			if i%100 == 0 {
				time.Sleep(time.Millisecond) // some calls take longer
			}
			done[i].Add(1)
			running.Add(-1)
		})
		for i := range done {
			if c := done[i].Load(); c != 1 {
				t.Fatalf("n=%d: %d done %d times", n, i, c)
			}
		}
		if m := most.Load(); int(m) > Workers() {
			t.Errorf("n=%d: %d calls at once, more than %d workers", n, m, Workers())
		}
	}
}
