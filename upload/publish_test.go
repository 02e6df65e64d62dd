package upload

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"
)

func newClosedPort(t *testing.T) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr, nil
}

// writeSite makes a site folder like podgen build's.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func baseSite() map[string]string {
	return map[string]string{
		"feed.xml":                   "<rss>v1</rss>",
		"artwork-1234abcd.jpg":       "jpeg bytes",
		"audio/2455369-aaaaaaaa.mp3": strings.Repeat("a", 3000),
		"audio/2457120-bbbbbbbb.m4a": strings.Repeat("b", 2000),
		"transcripts/2455369.html":   "<p>one</p>",
		"transcripts/2457120.html":   "<p>two</p>",
	}
}

// publish is what podgen publish does: scan, list, plan, execute.
func publish(t *testing.T, b Bucket, dir string, opts PlanOptions, cache *HashCache) (Plan, Summary, error) {
	t.Helper()
	ctx := context.Background()
	local, err := ScanSite(dir, cache)
	if err != nil {
		t.Fatal(err)
	}
	remote, err := b.List(ctx, ListPrefix(opts.Prefix))
	if err != nil {
		return Plan{}, Summary{}, err
	}
	if opts.CacheControl == (CacheControl{}) {
		opts.CacheControl = DefaultCacheControl
	}
	plan, err := MakePlan(local, remote, opts)
	if err != nil {
		return plan, Summary{}, err
	}
	sum, err := Execute(ctx, b, dir, plan, Options{Concurrency: 4})
	return plan, sum, err
}

// TestPublishVersitygw runs the scenarios against a real S3 server.
func TestPublishVersitygw(t *testing.T) {
	g := startGateway(t)
	b := g.createBucket(t, "podcast")
	site := t.TempDir()
	writeSite(t, site, baseSite())
	opts := PlanOptions{Prefix: "sakurafm", MaxDeletes: 20}
	cache := OpenHashCache(filepath.Join(t.TempDir(), "md5.json"))

	t.Run("first publish", func(t *testing.T) {
		mark := g.mark(t)
		_, sum, err := publish(t, b, site, opts, cache)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Uploaded != 6 || sum.Unchanged != 0 {
			t.Errorf("summary %+v, want 6 uploaded", sum)
		}
		ops := g.requests(t, mark)
		puts := filterPrefix(ops, "s3_PutObject")
		if len(puts) != 6 || puts[5] != "s3_PutObject sakurafm/feed.xml" {
			t.Errorf("PUTs = %q, want 6 with feed.xml last", puts)
		}
		// Every file arrives byte-identical, with its Content-Type and
		// Cache-Control.
		for name, data := range baseSite() {
			out, err := b.client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("podcast"), Key: aws.String("sakurafm/" + name)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(out.Body)
			out.Body.Close()
			if string(got) != data {
				t.Errorf("%s: read back %d bytes that differ", name, len(got))
			}
			if ct := aws.ToString(out.ContentType); ct != ContentType(name) {
				t.Errorf("%s: Content-Type %q, want %q", name, ct, ContentType(name))
			}
			if cc := aws.ToString(out.CacheControl); cc != DefaultCacheControl.of(KindOf(name)) {
				t.Errorf("%s: Cache-Control %q", name, cc)
			}
		}
		want := map[string]string{"feed.xml": "application/rss+xml; charset=utf-8", "audio/2455369-aaaaaaaa.mp3": "audio/mpeg",
			"audio/2457120-bbbbbbbb.m4a": "audio/mp4", "artwork-1234abcd.jpg": "image/jpeg", "transcripts/2455369.html": "text/html; charset=utf-8"}
		for name, ct := range want {
			if ContentType(name) != ct {
				t.Errorf("ContentType(%s) = %s, want %s", name, ContentType(name), ct)
			}
		}
	})

	t.Run("the web site", func(t *testing.T) {
		// The files the build writes for the web besides the feed are
		// pages: sent before feed.xml, each with its own type.
		web := map[string]string{
			"index.html": "<h1>index</h1>", "index-2.html": "<h1>page 2</h1>", "search.json": `{"episodes":[]}`,
			"sitemap.xml": "<urlset/>", "robots.txt": "User-agent: *\n", "feed.xml": "<rss>v1</rss>",
		}
		dir := t.TempDir()
		writeSite(t, dir, web)
		b := g.createBucket(t, "web")
		mark := g.mark(t)
		if _, _, err := publish(t, b, dir, PlanOptions{Prefix: "web"}, nil); err != nil {
			t.Fatal(err)
		}
		puts := filterPrefix(g.requests(t, mark), "s3_PutObject")
		if len(puts) != len(web) || puts[len(puts)-1] != "s3_PutObject web/feed.xml" {
			t.Errorf("PUTs = %q, want %d with feed.xml last", puts, len(web))
		}
		want := map[string]string{"index.html": "text/html; charset=utf-8", "index-2.html": "text/html; charset=utf-8",
			"search.json": "application/json", "sitemap.xml": "application/xml; charset=utf-8",
			"robots.txt": "text/plain; charset=utf-8", "feed.xml": "application/rss+xml; charset=utf-8"}
		for name, ct := range want {
			out, err := b.client.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String("web"), Key: aws.String("web/" + name)})
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(out.ContentType); got != ct {
				t.Errorf("%s: Content-Type %q, want %q", name, got, ct)
			}
			if cc, kind := aws.ToString(out.CacheControl), KindOf(name); cc != DefaultCacheControl.of(kind) || (kind == Feed) != (name == "feed.xml") {
				t.Errorf("%s: Cache-Control %q, kind %s", name, cc, kind)
			}
		}
	})

	t.Run("nothing changed", func(t *testing.T) {
		mark := g.mark(t)
		_, sum, err := publish(t, b, site, opts, cache)
		if err != nil {
			t.Fatal(err)
		}
		ops := g.requests(t, mark)
		if sum.Uploaded != 0 || sum.Unchanged != 6 || len(ops) != 1 || ops[0] != "s3_ListObjectsV2" {
			t.Errorf("summary %+v, requests %q; want 0 uploads and one LIST", sum, ops)
		}
	})

	t.Run("one article changed", func(t *testing.T) {
		// A rebuild after an article changed: a new transcript and feed.
		writeSite(t, site, map[string]string{"transcripts/2457120.html": "<p>two, edited</p>", "feed.xml": "<rss>v2</rss>"})
		mark := g.mark(t)
		plan, _, err := publish(t, b, site, opts, cache)
		if err != nil {
			t.Fatal(err)
		}
		puts := filterPrefix(g.requests(t, mark), "s3_PutObject")
		if d := cmp.Diff([]string{"s3_PutObject sakurafm/transcripts/2457120.html", "s3_PutObject sakurafm/feed.xml"}, puts); d != "" {
			t.Errorf("PUTs (-want +got):\n%s", d)
		}
		if plan.Uploads[0].Reason != ReasonSize {
			t.Errorf("reason = %q", plan.Uploads[0].Reason)
		}
	})

	t.Run("prune respects max-deletes", func(t *testing.T) {
		os.Remove(filepath.Join(site, "audio", "2457120-bbbbbbbb.m4a"))
		os.Remove(filepath.Join(site, "transcripts", "2457120.html"))
		// An object outside the prefix is never touched.
		other := []byte("someone else's")
		if _, err := b.Put(context.Background(), "elsewhere/x.txt", bytes.NewReader(other), PutOptions{Size: int64(len(other)), MD5: md5Hex(other)}); err != nil {
			t.Fatal(err)
		}
		mark := g.mark(t)
		_, _, err := publish(t, b, site, PlanOptions{Prefix: "sakurafm", Prune: true, MaxDeletes: 1}, cache)
		if !errors.Is(err, ErrTooManyDeletes) {
			t.Fatalf("err = %v, want ErrTooManyDeletes", err)
		}
		if ops := g.requests(t, mark); len(ops) != 1 {
			t.Errorf("a refused prune sent %q", ops)
		}
		mark = g.mark(t)
		_, sum, err := publish(t, b, site, PlanOptions{Prefix: "sakurafm", Prune: true, MaxDeletes: 20}, cache)
		if err != nil {
			t.Fatal(err)
		}
		ops := g.requests(t, mark)
		if sum.Deleted != 2 || count(ops, "s3_DeleteObject") != 2 || count(ops, "s3_PutObject") != 0 {
			t.Errorf("summary %+v, requests %q; want 2 deletions", sum, ops)
		}
		objs, _ := b.List(context.Background(), "")
		if len(objs) != 5 {
			t.Errorf("bucket holds %v", objs)
		}
	})

}

func filterPrefix(ops []string, prefix string) []string {
	var out []string
	for _, op := range ops {
		if strings.HasPrefix(op, prefix) {
			out = append(out, op)
		}
	}
	return out
}

// faultProxy sits in front of versitygw and breaks requests on purpose.
type faultProxy struct {
	srv *httptest.Server
	// fault decides, per request, what goes wrong (n counts requests from
	// 1): "" forwards it; "500" answers an S3 InternalError; "drop" closes
	// the connection unanswered; "lose" reads the body and answers 200
	// without an ETag, storing nothing; "lie" does the same with the ETag
	// the store would have answered; "no-etag" forwards it and strips the
	// ETag from the answer; "501" answers NotImplemented; "slowdown"
	// answers 503 SlowDown; "hang" reads the body and never answers;
	// "stall" stops reading the body after 64 KiB and never answers;
	// "trickle" reads 1 MiB every 50 ms and never answers.
	fault    atomic.Pointer[func(r *http.Request, n int64) string]
	n        atomic.Int64
	release  chan struct{} // closed when the test ends, to free hung handlers
	redirect string        // where "redirect" sends a request (307, same path)
}

// set makes fault decide what goes wrong from now on; nil forwards all.
func (p *faultProxy) set(fault func(r *http.Request, n int64) string) {
	if fault == nil {
		p.fault.Store(nil)
		return
	}
	p.fault.Store(&fault)
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &faultProxy{release: make(chan struct{})}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := p.n.Add(1)
		what := ""
		if f := p.fault.Load(); f != nil {
			what = (*f)(r, n)
		}
		switch what {
		case "500":
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected</Message></Error>`)
		case "drop":
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		case "lose", "lie":
			io.Copy(io.Discard, r.Body)
			if sum, err := base64.StdEncoding.DecodeString(r.Header.Get("Content-MD5")); err == nil && what == "lie" {
				w.Header().Set("ETag", `"`+hex.EncodeToString(sum)+`"`)
			}
			w.WriteHeader(http.StatusOK)
		case "redirect":
			io.Copy(io.Discard, r.Body)
			http.Redirect(w, r, p.redirect+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		case "501":
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusNotImplemented)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented.</Message></Error>`)
		case "slowdown":
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`)
		case "trickle": // reads on, slower than any MinRate, and never answers
			for {
				if _, err := io.CopyN(io.Discard, r.Body, 1<<20); err != nil {
					break
				}
				select {
				case <-r.Context().Done():
					return
				case <-p.release:
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
			<-r.Context().Done()
		case "hang", "stall":
			if what == "hang" {
				io.Copy(io.Discard, r.Body)
			} else {
				io.CopyN(io.Discard, r.Body, 64<<10)
			}
			select {
			case <-r.Context().Done():
			case <-p.release:
			}
		case "no-etag":
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				if k != "Etag" {
					w.Header()[k] = v
				}
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	t.Cleanup(func() { close(p.release) }) // first: Close waits for the handlers
	return p
}

// putOf matches the PUT of a key ending in suffix.
func putOf(r *http.Request, suffix string) bool {
	return r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, suffix)
}

// TestPublishUnproven: an upload the store answered 200 but did not store,
// or answered without an ETag, fails the publish before the feed goes up;
// a lost feed fails it before anything is deleted. The published feed
// never points at a missing file, and the next run finishes the job.
func TestPublishUnproven(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "unproven")
	proxy := newFaultProxy(t, g.Endpoint)
	b := g.bucket(t, proxy.srv.URL, "unproven")
	site := t.TempDir()
	writeSite(t, site, baseSite())
	opts := PlanOptions{Prefix: "fm", Prune: true, MaxDeletes: 20}
	feedPath := filepath.Join(g.Dir, "unproven", "fm", "feed.xml")
	tests := []struct {
		name  string
		fault func(*http.Request) string
		want  string
	}{
		{"audio lost, answered without an ETag", func(r *http.Request) string {
			if putOf(r, ".mp3") {
				return "lose"
			}
			return ""
		}, "put fm/NEW: the store answered without an ETag: the upload is unproven"},
		{"audio stored, answered without an ETag", func(r *http.Request) string {
			if putOf(r, ".mp3") {
				return "no-etag"
			}
			return ""
		}, "put fm/NEW: the store answered without an ETag: the upload is unproven"},
		{"audio lost, answered with its ETag", func(r *http.Request) string {
			if putOf(r, ".mp3") {
				return "lie"
			}
			return ""
		}, "fm/NEW: not in the bucket after its upload"},
		{"feed lost, answered with its ETag", func(r *http.Request) string {
			if putOf(r, "/feed.xml") {
				return "lie"
			}
			return ""
		}, "fm/feed.xml: the bucket's ETag is " + md5Hex([]byte("<rss>v4</rss>")) + ", not the MD5 " + md5Hex([]byte("<rss>v5</rss>"))},
	}
	version := 1
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeSite(t, site, map[string]string{"audio/2457120-bbbbbbbb.m4a": "episode 2"})
			if _, _, err := publish(t, b, site, opts, nil); err != nil {
				t.Fatal(err)
			}
			// A new episode replaces an old one; --prune would delete the
			// old one's audio, which the published feed points at.
			version++
			os.Remove(filepath.Join(site, "audio", "2457120-bbbbbbbb.m4a"))
			audio := fmt.Sprintf("audio/%d-cccccccc.mp3", version)
			writeSite(t, site, map[string]string{audio: "episode", "feed.xml": fmt.Sprintf("<rss>v%d</rss>", version)})
			want := strings.ReplaceAll(tt.want, "NEW", audio)
			before, _ := os.ReadFile(feedPath)
			proxy.set(func(r *http.Request, _ int64) string { return tt.fault(r) })
			_, sum, err := publish(t, b, site, opts, nil)
			proxy.set(nil)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want %q", err, want)
			}
			if sum.Deleted != 0 {
				t.Errorf("%d objects deleted after a failed upload", sum.Deleted)
			}
			if after, _ := os.ReadFile(feedPath); !bytes.Equal(after, before) {
				t.Errorf("the published feed changed from %q to %q", before, after)
			}
			if _, err := os.Stat(filepath.Join(g.Dir, "unproven", "fm", "audio", "2457120-bbbbbbbb.m4a")); err != nil {
				t.Errorf("the published feed's audio was deleted: %v", err)
			}
			if _, sum, err := publish(t, b, site, opts, nil); err != nil || sum.Deleted != 1 {
				t.Fatalf("the next run: %+v, %v", sum, err)
			}
			if got, _ := os.ReadFile(feedPath); string(got) != fmt.Sprintf("<rss>v%d</rss>", version) {
				t.Errorf("feed after the next run: %q", got)
			}
		})
	}
}

// TestPublishFaults: bursts of 500s and dropped connections are retried and
// the publish succeeds; a permanent failure on an audio upload fails the
// publish and leaves the previous feed.xml in place; the next run
// completes.
func TestPublishFaults(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "faults")
	proxy := newFaultProxy(t, g.Endpoint)
	b := g.bucket(t, proxy.srv.URL, "faults")
	site := t.TempDir()
	writeSite(t, site, baseSite())
	opts := PlanOptions{Prefix: "fm", MaxDeletes: 20}

	t.Run("bursts are retried", func(t *testing.T) {
		proxy.set(func(r *http.Request, n int64) string {
			switch {
			case r.Method == http.MethodPut && n%3 == 1:
				return "500"
			case r.Method == http.MethodPut && n%3 == 2:
				return "drop"
			}
			return ""
		})
		_, sum, err := publish(t, b, site, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Uploaded != 6 {
			t.Errorf("summary %+v", sum)
		}
		got, err := os.ReadFile(filepath.Join(g.Dir, "faults", "fm", "feed.xml"))
		if err != nil || string(got) != "<rss>v1</rss>" {
			t.Errorf("feed.xml in the bucket: %q, %v", got, err)
		}
	})

	t.Run("SlowDown answers are retried", func(t *testing.T) {
		writeSite(t, site, map[string]string{"transcripts/2455369.html": "<p>one, edited</p>", "feed.xml": "<rss>v1, edited</rss>"})
		var mu sync.Mutex
		seen := map[string]bool{}
		proxy.set(func(r *http.Request, _ int64) string {
			mu.Lock()
			defer mu.Unlock()
			if r.Method == http.MethodPut && !seen[r.URL.Path] {
				seen[r.URL.Path] = true
				return "slowdown"
			}
			return ""
		})
		_, sum, err := publish(t, b, site, opts, nil)
		if err != nil || sum.Uploaded != 2 {
			t.Fatalf("%+v, %v", sum, err)
		}
		writeSite(t, site, map[string]string{"transcripts/2455369.html": "<p>one</p>", "feed.xml": "<rss>v1</rss>"})
		proxy.set(nil)
		if _, _, err := publish(t, b, site, opts, nil); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("permanent failure keeps the previous feed", func(t *testing.T) {
		writeSite(t, site, map[string]string{"audio/2460031-cccccccc.mp3": "new episode", "feed.xml": "<rss>v2 with a new episode</rss>"})
		proxy.set(func(r *http.Request, _ int64) string {
			if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, ".mp3") {
				return "500"
			}
			return ""
		})
		bb, err := NewS3Bucket(context.Background(), S3Config{Endpoint: proxy.srv.URL, Bucket: "faults", PathStyle: true, MaxAttempts: 2})
		if err != nil {
			t.Fatal(err)
		}
		_, sum, err := publish(t, bb, site, opts, nil)
		if err == nil || !strings.Contains(err.Error(), "fm/audio/2460031-cccccccc.mp3") || !strings.Contains(err.Error(), "feed.xml was not uploaded") {
			t.Fatalf("err = %v, want the audio named and the feed kept", err)
		}
		if sum.Failed != 1 {
			t.Errorf("summary %+v", sum)
		}
		got, _ := os.ReadFile(filepath.Join(g.Dir, "faults", "fm", "feed.xml"))
		if string(got) != "<rss>v1</rss>" {
			t.Errorf("the published feed changed to %q", got)
		}

		proxy.set(nil)
		_, sum, err = publish(t, b, site, opts, nil)
		if err != nil || sum.Uploaded != 2 {
			t.Fatalf("the next run: %+v, %v; want the audio and the feed", sum, err)
		}
		got, _ = os.ReadFile(filepath.Join(g.Dir, "faults", "fm", "feed.xml"))
		if string(got) != "<rss>v2 with a new episode</rss>" {
			t.Errorf("feed after the next run: %q", got)
		}
	})
}

// TestExecuteOrder uses the fake to check the order across many files and
// that a failure in one stage stops the later ones.
func TestExecuteOrder(t *testing.T) {
	site := t.TempDir()
	files := baseSite()
	for i := range 40 {
		files[fmt.Sprintf("audio/%d-00000000.mp3", i)] = strings.Repeat("x", i+1)
		files[fmt.Sprintf("transcripts/%d.html", i)] = fmt.Sprint(i)
	}
	writeSite(t, site, files)
	m := newMemBucket()
	if _, _, err := publish(t, m, site, PlanOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	seen := Media
	for i, k := range m.puts {
		kind := KindOf(k)
		if kind < seen {
			t.Fatalf("put #%d %s (%s) after a %s", i, k, kind, seen)
		}
		seen = kind
	}
	if m.puts[len(m.puts)-1] != "feed.xml" {
		t.Errorf("last put %s", m.puts[len(m.puts)-1])
	}

	writeSite(t, site, map[string]string{"transcripts/0.html": "changed!", "audio/new-11111111.mp3": "new", "feed.xml": "v2"})
	m.puts = nil
	m.failPut = func(key string) error {
		if strings.HasSuffix(key, ".mp3") {
			return errors.New("injected")
		}
		return nil
	}
	_, _, err := publish(t, m, site, PlanOptions{}, nil)
	if !errors.Is(err, ErrFeedUnchanged) {
		t.Fatalf("error %v, want one that says the published feed is unchanged", err)
	}
	if len(m.puts) != 0 {
		t.Errorf("after a failed media upload, pages and feed were sent: %v", m.puts)
	}
}

func TestHashCache(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, map[string]string{"feed.xml": "one"})
	file := filepath.Join(t.TempDir(), "cache", "md5.json")
	// A file changed within the last seconds is hashed but not cached:
	// its stat data cannot vouch for it yet.
	c := OpenHashCache(file)
	if _, err := ScanSite(site, c); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file written just now was cached (%v)", err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(site, "feed.xml"), old, old); err != nil {
		t.Fatal(err)
	}
	c = OpenHashCache(file)
	files, err := ScanSite(site, c)
	if err != nil || len(files) != 1 || files[0].MD5 != md5Hex([]byte("one")) {
		t.Fatalf("scan: %v %v", files, err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	// A cached entry is used while size and mtime match: prove it by
	// poisoning the cache file, then change the file and see it re-hashed.
	b, _ := os.ReadFile(file)
	os.WriteFile(file, bytes.Replace(b, []byte(md5Hex([]byte("one"))), []byte("cafe"), 1), 0o644)
	files, _ = ScanSite(site, OpenHashCache(file))
	if files[0].MD5 != "cafe" {
		t.Errorf("the cache was not used: %s", files[0].MD5)
	}
	writeSite(t, site, map[string]string{"feed.xml": "two!"})
	files, _ = ScanSite(site, OpenHashCache(file))
	if files[0].MD5 != md5Hex([]byte("two!")) {
		t.Errorf("a changed file was not re-hashed: %s", files[0].MD5)
	}
	// A corrupt cache file is an empty cache.
	os.WriteFile(file, []byte("{not json"), 0o644)
	files, err = ScanSite(site, OpenHashCache(file))
	if err != nil || files[0].MD5 != md5Hex([]byte("two!")) {
		t.Errorf("corrupt cache: %v %v", files, err)
	}
}

func TestExecuteElapsed(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, map[string]string{"feed.xml": "x"})
	m := newMemBucket()
	m.failPut = func(string) error { time.Sleep(20 * time.Millisecond); return nil }
	_, sum, err := publish(t, m, site, PlanOptions{}, nil)
	if err != nil || sum.Elapsed < 20*time.Millisecond {
		t.Errorf("elapsed %v, err %v; want the time the publish took", sum.Elapsed, err)
	}
}

// ctxPut is a store whose PUTs wait for the publish to be stopped, and
// then fail as the SDK's do: with the context's error.
type ctxPut struct {
	*memBucket
	started chan struct{}
}

func (b ctxPut) Put(ctx context.Context, key string, body io.ReadSeeker, opts PutOptions) (string, error) {
	b.started <- struct{}{}
	<-ctx.Done()
	return "", fmt.Errorf("operation error S3: PutObject, https response error StatusCode: 0, canceled, %w", ctx.Err())
}

// TestExecuteStopped: uploads cut off by Ctrl-C are counted as stopped,
// not failed, and the feed is not sent.
func TestExecuteStopped(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, map[string]string{"feed.xml": "x", "audio/1.mp3": "a", "audio/2.mp3": "b"})
	b := ctxPut{newMemBucket(), make(chan struct{}, 8)}
	local, err := ScanSite(site, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := MakePlan(local, nil, PlanOptions{CacheControl: DefaultCacheControl})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-b.started; cancel() }()
	sum, err := Execute(ctx, b, site, plan, Options{Concurrency: 4})
	if !errors.Is(err, ErrFeedUnchanged) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the context's and ErrFeedUnchanged", err)
	}
	if sum.Failed != 0 || sum.Stopped == 0 || sum.Uploaded != 0 {
		t.Errorf("summary %+v: want stopped uploads, none failed", sum)
	}
}

// TestMultipart: a file over the multipart threshold arrives whole in
// parts; its ETag is not its MD5, so the MD5 kept in its metadata is read
// back with one HEAD, and the next publish sends nothing.
func TestMultipart(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "parts")
	b, err := NewS3Bucket(context.Background(), S3Config{Endpoint: g.Endpoint, Bucket: "parts", PathStyle: true,
		MultipartThreshold: 6 << 20, PartSize: 5 << 20})
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	big := make([]byte, 12<<20+123)
	for i := range big {
		big[i] = byte(i*31 + i>>13)
	}
	writeSite(t, site, map[string]string{"feed.xml": "<rss/>", "audio/long.mp3": string(big)})
	mark := g.mark(t)
	if _, sum, err := publish(t, b, site, PlanOptions{}, nil); err != nil || sum.Uploaded != 2 {
		t.Fatalf("first publish: %+v, %v", sum, err)
	}
	ops := g.requests(t, mark)
	if count(ops, "s3_UploadPart") != 3 || count(ops, "s3_CompleteMultipartUpload") != 1 {
		t.Errorf("requests %q, want 3 parts", ops)
	}
	got, err := os.ReadFile(filepath.Join(g.Dir, "parts", "audio", "long.mp3"))
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("the object differs from the file (%d bytes, %v)", len(got), err)
	}
	mark = g.mark(t)
	_, sum, err := publish(t, b, site, PlanOptions{}, nil)
	if err != nil || sum.Uploaded != 0 || sum.Unchanged != 2 {
		t.Errorf("second publish: %+v, %v; want nothing sent", sum, err)
	}
	if ops := g.requests(t, mark); count(ops, "s3_HeadObject") != 1 || count(ops, "s3_PutObject") != 0 {
		t.Errorf("second publish sent %q; want one LIST and one HEAD", ops)
	}
}

// TestExecuteCanceled: Ctrl-C during the media uploads stops the publish
// before the feed; the error says so.
func TestExecuteCanceled(t *testing.T) {
	site := t.TempDir()
	files := map[string]string{"feed.xml": "v1"}
	for i := range 20 {
		files[fmt.Sprintf("audio/%d.mp3", i)] = strings.Repeat("x", i+1)
	}
	writeSite(t, site, files)
	ctx, cancel := context.WithCancel(context.Background())
	m := newMemBucket()
	var n atomic.Int32
	m.failPut = func(key string) error {
		if n.Add(1) == 3 {
			cancel() // the user presses Ctrl-C during the third upload
		}
		return ctx.Err()
	}
	local, _ := ScanSite(site, nil)
	plan, err := MakePlan(local, nil, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Execute(ctx, m, site, plan, Options{Concurrency: 1})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "feed.xml was not uploaded") {
		t.Errorf("err = %v", err)
	}
	for _, k := range m.puts {
		if k == "feed.xml" {
			t.Error("the feed was uploaded after Ctrl-C")
		}
	}
	if int(n.Load()) > 4 {
		t.Errorf("%d uploads started after the cancel", n.Load()-3)
	}
}

// TestExecuteProgress: an upload reports its bytes as the store reads
// them, not only when it finishes: a large file moves the bar.
func TestExecuteProgress(t *testing.T) {
	g := startGateway(t)
	b := g.createBucket(t, "progress")
	site := t.TempDir()
	big := strings.Repeat("x", 4<<20)
	writeSite(t, site, map[string]string{"feed.xml": "<rss/>", "audio/big-00000000.mp3": big})
	local, err := ScanSite(site, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := MakePlan(local, nil, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var sent []int64
	done := false
	_, err = Execute(context.Background(), b, site, plan, Options{Progress: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		if e.Upload == nil || e.Upload.Path != "audio/big-00000000.mp3" || done {
			return
		}
		if e.Done {
			done = true
			return
		}
		sent = append(sent, e.Sent)
	}})
	if err != nil {
		t.Fatal(err)
	}
	during := 0
	for _, n := range sent {
		if n < 0 || n > int64(len(big)) {
			t.Fatalf("sent %d of %d bytes", n, len(big))
		}
		if n > 0 && n < int64(len(big)) {
			during++
		}
	}
	if during == 0 || sent[len(sent)-1] != int64(len(big)) {
		t.Errorf("progress %v: want some while the body is sent, then all of it", sent)
	}
}
