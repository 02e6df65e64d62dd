package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
)

// What a Fetcher allows itself, so that hosts that are gone cost little:
const (
	Slots  = 4              // requests at once
	forget = 24 * time.Hour // a failure is remembered this long
)

// Client returns the HTTP client podgen fetches covers and remote audio
// with. It follows at most 5 redirects, to http and https only, and never
// from a public address to a loopback, private or link-local one (a
// redirect must not make podgen ask this machine or its network for what
// an article names; tests, which serve on loopback, start there).
func Client() *http.Client { return newClient(net.DefaultResolver.LookupIP) }

func newClient(lookup func(ctx context.Context, network, host string) ([]net.IP, error)) *http.Client {
	return &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("more than 5 redirects")
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to %s: only http and https", req.URL.Scheme)
		}
		ctx := req.Context()
		if !internal(ctx, lookup, via[0].URL.Hostname()) && internal(ctx, lookup, req.URL.Hostname()) {
			return fmt.Errorf("redirect to %s: a loopback, private or link-local address", req.URL.Host)
		}
		return nil
	}}
}

// internal reports whether host is, or resolves to, a loopback, private
// or link-local address; a name that does not resolve is not.
func internal(ctx context.Context, lookup func(ctx context.Context, network, host string) ([]net.IP, error), host string) bool {
	ips := []net.IP{net.ParseIP(host)}
	if ips[0] == nil {
		var err error
		if ips, err = lookup(ctx, "ip", host); err != nil {
			return false
		}
	}
	for _, ip := range ips {
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() {
			return true
		}
	}
	return false
}

// Fetcher is a build's way to the network: a few requests at a time; a
// host that failed to answer is not asked again in the same build; and a
// failure is remembered in the cache for a day, for the host when it did
// not answer (its name is unknown, it refused, it timed out) and for the
// URL when it answered no.
type Fetcher struct {
	cache   *cache.Cache
	timeout time.Duration // of each fetch; 0 for none of its own
	slots   chan struct{}

	mu      sync.Mutex
	dead    map[string]error // hosts that did not answer in this build
	fetched int              // requests made
}

// Count is how many fetches it made.
func (f *Fetcher) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fetched
}

// New returns a Fetcher that remembers failures in c (nil for none) and
// gives each fetch timeout (0 for no limit of its own).
func New(c *cache.Cache, timeout time.Duration) *Fetcher {
	return &Fetcher{timeout: timeout, cache: c, slots: make(chan struct{}, Slots), dead: map[string]error{}}
}

// remembered is a failure as the cache keeps it.
type remembered struct {
	When  time.Time
	Cause string
}

// fetchError is a failure to fetch, whose cause groups it with others:
// "assets.gnews.org: no such host".
type fetchError struct {
	host, cause string
	err         error
	unanswered  bool      // the host did not answer: said in a few words, as the next build says it
	earlier     time.Time // when it was remembered from a build before
}

func (e *fetchError) Error() string {
	switch {
	case !e.earlier.IsZero():
		return fmt.Sprintf("%s: %s (as an earlier build found at %s; not asked again until a day after that, or by a build with --cache-dir '')", e.host, e.cause, e.earlier.UTC().Format("2006-01-02 15:04 UTC"))
	case e.unanswered: // not "dial tcp: lookup x on 10.0.0.53:53: no such host"
		return e.host + ": " + e.cause
	}
	return e.err.Error()
}

func (e *fetchError) Unwrap() error { return e.err }

// Group is what groups the failure with others like it.
func (e *fetchError) Group() string { return e.host + ": " + e.cause }

// Do runs fetch, which asks for rawURL, unless its host or the URL failed
// before.
func (f *Fetcher) Do(ctx context.Context, rawURL string, fetch func(context.Context) error) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", rawURL)
	}
	host := u.Host // with its port: another port is another server
	f.mu.Lock()
	dead := f.dead[host]
	f.mu.Unlock()
	if dead != nil {
		return dead
	}
	hostKey, urlKey := cache.KeyOf("host failure", host), cache.KeyOf("url failure", rawURL)
	for _, k := range []cache.Key{hostKey, urlKey} {
		var r remembered
		if f.cache.GetJSON(k, &r) && time.Since(r.When) < forget {
			return &fetchError{host: host, cause: r.Cause, err: errors.New(r.Cause), earlier: r.When}
		}
	}
	select {
	case f.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	f.mu.Lock()
	dead = f.dead[host] // a request before this one, while it waited
	f.mu.Unlock()
	if dead != nil {
		<-f.slots
		return dead
	}
	fctx, cancel := ctx, context.CancelFunc(func() {})
	if f.timeout > 0 {
		fctx, cancel = context.WithTimeout(ctx, f.timeout)
	}
	err = fetch(fctx)
	cancel()
	<-f.slots
	f.mu.Lock()
	f.fetched++
	f.mu.Unlock()
	if err == nil || ctx.Err() != nil {
		return err
	}
	cause, unanswered := causeOf(err)
	fe := &fetchError{host: host, cause: cause, err: err, unanswered: unanswered}
	if unanswered {
		f.mu.Lock()
		if f.dead[host] == nil {
			f.dead[host] = fe
		}
		f.mu.Unlock()
		f.cache.PutJSON(hostKey, remembered{time.Now(), cause})
	} else if !strings.Contains(cause, " answered 5") {
		// A server error may be gone in a minute: only a definite no
		// (404, not an image) is remembered for the URL.
		f.cache.PutJSON(urlKey, remembered{time.Now(), cause})
	}
	return fe
}

// Cause says in a few words why an HTTP request failed ("no such
// host", "connection refused", "no answer in time"), as a build says it of
// a cover's host.
func Cause(err error) string {
	cause, _ := causeOf(err)
	return cause
}

// causeOf names what went wrong in a few words, and says whether the host
// did not answer at all (as opposed to answering no).
func causeOf(err error) (cause string, unanswered bool) {
	var dns *net.DNSError
	var nerr net.Error
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "no such host", true
	case errors.As(err, &dns):
		return "host name lookup failed", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", true
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", true
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "unreachable", true
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return "no answer in time", true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return opErr.Err.Error(), true
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg, false
}

// Group names the kind of a failure to fetch, to group a warning by:
// "assets.gnews.org: no such host".
func Group(err error) string {
	var fe *fetchError
	if errors.As(err, &fe) {
		return fe.Group()
	}
	cause, _ := causeOf(err)
	return cause
}
