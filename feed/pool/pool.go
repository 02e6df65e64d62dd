package pool

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers is how many goroutines do a build's work at once: twice as many
// as there are cores, since reading files is I/O and parsing and
// rendering are CPU work.
func Workers() int { return 2 * runtime.GOMAXPROCS(0) }

// Each calls fn(i) for i from 0 to n-1 on at most Workers goroutines and
// returns when every call has returned. The same few goroutines take one
// i after another: a goroutine for each would grow its stack anew for
// each.
func Each(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, Workers()) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}
