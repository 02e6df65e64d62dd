package upload

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestS3BucketRedirect: a redirect is not followed (Go would send the
// signed request to another port of the same host), and the publish
// fails saying where it was sent.
func TestS3BucketRedirect(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "moved")
	var mu sync.Mutex
	var seen []string
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" authorization="+r.Header.Get("Authorization"))
		mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
	}))
	t.Cleanup(elsewhere.Close)
	proxy := newFaultProxy(t, g.Endpoint)
	proxy.redirect = elsewhere.URL
	proxy.set(func(*http.Request, int64) string { return "redirect" })
	b := g.bucket(t, proxy.srv.URL, "moved")
	site := t.TempDir()
	writeSite(t, site, baseSite())
	_, _, err := publish(t, b, site, PlanOptions{Prefix: "fm"}, nil)
	want := "list: " + proxy.srv.URL + " answered 307 Temporary Redirect to " + elsewhere.URL + "/moved?xxxxx: podgen follows no redirects: set upload.endpoint and upload.region to the bucket's"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) > 0 {
		t.Errorf("the redirect was followed: %q", seen)
	}
}
