package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestClientRedirectTargets: a redirect from a public address never leads
// to a loopback, private or link-local one; from loopback (tests) it may.
func TestClientRedirectTargets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
		}
	}))
	defer srv.Close()
	// public.example resolves to a public address, the rest as they are.
	lookup := func(_ context.Context, _, host string) ([]net.IP, error) {
		if host == "public.example" {
			return []net.IP{net.ParseIP("93.184.216.34")}, nil
		}
		return nil, errors.New("no such host")
	}
	c := newClient(lookup)
	// The server is reached as public.example: dial its loopback address.
	c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	for to, want := range map[string]string{
		"http://127.0.0.1/secret":     "a loopback, private or link-local address",
		"http://169.254.169.254/meta": "a loopback, private or link-local address",
		"http://10.1.2.3/":            "a loopback, private or link-local address",
		"file:///etc/passwd":          "only http and https",
		"http://public.example/ok":    "", // public to public: followed
	} {
		_, err := c.Get("http://public.example/?to=" + url.QueryEscape(to))
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", to, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("redirect to %s: err = %v, want %q", to, err, want)
		}
	}
	// From loopback, to loopback: allowed.
	if _, err := newClient(lookup).Get(srv.URL + "/?to=" + url.QueryEscape(srv.URL+"/ok")); err != nil {
		t.Errorf("loopback to loopback refused: %v", err)
	}
}

// TestFetchErrorWords: a host that does not answer is said in a few words,
// the same in the build that finds it and in the builds that remember it
// (not "dial tcp: lookup … on 10.0.0.53:53: no such host"); a host that
// answers no keeps its answer.
func TestFetchErrorWords(t *testing.T) {
	f := New(nil, 0)
	dns := &url.Error{Op: "Get", URL: "https://gone.example/a.jpg", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "no such host", Name: "gone.example", Server: "10.0.0.53:53", IsNotFound: true}}}
	err := f.Do(t.Context(), "https://gone.example/a.jpg", func(context.Context) error { return dns })
	if err == nil || err.Error() != "gone.example: no such host" {
		t.Errorf("a host that does not answer: %v", err)
	}
	if again := f.Do(t.Context(), "https://gone.example/b.jpg", nil); again == nil || again.Error() != err.Error() {
		t.Errorf("asked again: %v", again)
	}
	no := errors.New("https://up.example/a.jpg: up.example answered 404 Not Found")
	if err := f.Do(t.Context(), "https://up.example/a.jpg", func(context.Context) error { return no }); err == nil || err.Error() != no.Error() {
		t.Errorf("a host that answers no: %v", err)
	}
}
