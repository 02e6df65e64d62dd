package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startServe runs `podgen serve` on a copy of the example content, in
// process, until the test ends; it returns the base URL.
func startServe(t *testing.T) string {
	t.Helper()
	dir, _ := exampleCopy(t)
	base := serveSite(t, filepath.Join(dir, "config.yaml"), "--offline")
	// The preview is built elsewhere: the site folder publish uploads never
	// gets a feed that points at this machine.
	if _, err := os.Stat(filepath.Join(dir, "public", "feed.xml")); !os.IsNotExist(err) {
		t.Errorf("serve wrote into the site folder: %v", err)
	}
	return base
}

func TestServe(t *testing.T) {
	base := startServe(t)
	feed, err := http.Get(base + "/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(feed.Body)
	feed.Body.Close()
	if ct := feed.Header.Get("Content-Type"); ct != "application/rss+xml; charset=utf-8" {
		t.Errorf("feed Content-Type %q", ct)
	}
	// The feed points at this server, so a phone plays from it.
	i := bytes.Index(body, []byte(`<enclosure url="`+base+"/audio/"))
	if i < 0 {
		t.Fatalf("enclosures do not point at %s", base)
	}
	audio := string(body[i+len(`<enclosure url="`):])
	audio = audio[:strings.IndexByte(audio, '"')]

	head, err := http.Head(audio)
	if err != nil {
		t.Fatal(err)
	}
	head.Body.Close()
	if head.StatusCode != 200 || head.ContentLength <= 0 || !strings.HasPrefix(head.Header.Get("Content-Type"), "audio/") {
		t.Errorf("HEAD %s: %s, %d bytes, %s", audio, head.Status, head.ContentLength, head.Header.Get("Content-Type"))
	}
	req, _ := http.NewRequest(http.MethodGet, audio, nil)
	req.Header.Set("Range", "bytes=10-19")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || len(part) != 10 ||
		resp.Header.Get("Content-Range") != fmt.Sprintf("bytes 10-19/%d", head.ContentLength) {
		t.Errorf("Range: %s, %d bytes, %s", resp.Status, len(part), resp.Header.Get("Content-Range"))
	}
	// A folder shows its index.html, and lists nothing without one, as a
	// bucket lists nothing; index.html is answered as the feed's link
	// names it, not redirected to its folder.
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]int{"/": 200, "/index.html": 200, "/audio/": 404, "/audio": 404, "/transcripts/": 404, "/transcripts/index.html": 404} {
		resp, err := noRedirects.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || want == 200 && !bytes.Contains(page, []byte("<!DOCTYPE html>")) {
			t.Errorf("GET %s: %s, want %d", path, resp.Status, want)
		}
	}
}

// TestServeNoBuild: serve --no-build says where the feed it serves points
// (its atom:link) when that is not this machine, says nothing when it is,
// and refuses a folder that holds no built site, as publish does.
func TestServeNoBuild(t *testing.T) {
	const warning = "--no-build: the feed is the site folder's as built: its audio and artwork URLs point at "
	feed := func(self string) string {
		return `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>` +
			`<atom:link href="` + self + `" rel="self" type="application/rss+xml"/></channel></rss>`
	}
	for _, tt := range []struct {
		name    string
		feed    func(addr string) string // "" for no feed.xml
		noSite  bool
		want    string // in stderr
		not     string
		refused bool
	}{
		{name: "built for base_url", feed: func(string) string { return feed("https://podcast.example.org/sakurafm/feed.xml") },
			want: warning + "https://podcast.example.org/sakurafm, not here"},
		{name: "built for here", feed: func(addr string) string { return feed("http://" + addr + "/feed.xml") }, not: warning},
		{name: "no atom:link", feed: func(string) string { return `<rss version="2.0"><channel><title>t</title></channel></rss>` },
			want: "--no-build: the feed is the site folder's as built, and does not say where it points (no atom:link)", not: "point at ,"},
		{name: "no feed", feed: func(string) string { return "" }, want: "the site folder has no feed.xml: run podgen build first", refused: true},
		{name: "no folder", noSite: true, want: "no such site folder: run podgen build first", refused: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			site := filepath.Join(dir, "site")
			addr, err := freeAddr()
			if err != nil {
				t.Fatal(err)
			}
			if !tt.noSite {
				os.MkdirAll(site, 0o755)
				if doc := tt.feed(addr); doc != "" {
					os.WriteFile(filepath.Join(site, "feed.xml"), []byte(doc), 0o644)
				}
			}
			cfg, _ := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
			os.WriteFile(filepath.Join(dir, "config.yaml"), cfg, 0o644)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out, errOut bytes.Buffer
			done := make(chan int, 1)
			go func() {
				done <- runContext(ctx, []string{"serve", "--config", filepath.Join(dir, "config.yaml"), "--out", site, "--addr", addr, "--no-build"}, &out, &errOut)
			}()
			if tt.refused {
				if code := <-done; code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
			} else {
				for i := 0; ; i++ {
					if resp, err := http.Get("http://" + addr + "/feed.xml"); err == nil {
						resp.Body.Close()
						break
					}
					if i > 200 {
						t.Fatalf("serve did not start: %s", errOut.String())
					}
					time.Sleep(20 * time.Millisecond)
				}
				cancel()
				<-done
			}
			if !strings.Contains(errOut.String(), tt.want) || tt.not != "" && strings.Contains(errOut.String(), tt.not) {
				t.Errorf("stderr: %q\nwant %q, not %q", errOut.String(), tt.want, tt.not)
			}
		})
	}
}

// TestServeAddr: a port that does not exist is a usage error (exit 2),
// and one that is taken says so and what to do.
func TestServeAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, file := exampleCopy(t)
	for _, tt := range []struct {
		addr, want string
		code       int
	}{
		{"127.0.0.1:99999", `--addr "127.0.0.1:99999": want host:port`, 2},
		{ln.Addr().String(), "--addr " + ln.Addr().String() + ": the address is in use (another podgen serve?): give another port with --addr", 1},
	} {
		var errOut bytes.Buffer
		if code := run([]string{"serve", "--config", file, "--addr", tt.addr}, io.Discard, &errOut); code != tt.code || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("--addr %s: exit %d, %q; want %d, %q", tt.addr, code, errOut.String(), tt.code, tt.want)
		}
	}
}

// TestPublicAddr: on a wildcard address, serve prints an address of this
// machine that a phone on its network can reach, not loopback.
func TestPublicAddr(t *testing.T) {
	ip := lanIP()
	if ip == "" {
		t.Skip("this machine has no address but loopback")
	}
	got := publicAddr(&net.TCPAddr{IP: net.IPv4zero, Port: 8080})
	if got != net.JoinHostPort(ip, "8080") || strings.HasPrefix(got, "127.") {
		t.Errorf("publicAddr = %s, want %s:8080", got, ip)
	}
}

// TestServedBaseURL: serve builds with its own plain-http address, which
// is no cause for the warning that Apple wants https, not even under
// strict (where that warning is an error for a base_url of the config).
func TestServedBaseURL(t *testing.T) {
	_, file := exampleCopy(t)
	t.Setenv("PODGEN_BASE_URL", "http://203.0.113.5:8080") // a public address
	t.Setenv("PODGEN_STRICT", "true")
	cmd := newCmdBuild(streams{io.Discard, io.Discard})
	cmd.Flags().String("config", "", "") // the root's, which this command is run without
	cmd.Flags().Set("config", file)
	c, err := loadConfig(cmd, buildFlags)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Feed(); err == nil || !strings.Contains(err.Error(), "Apple Podcasts wants https") {
		t.Errorf("a config's http base_url under strict: %v", err)
	}
	c.Served = true
	if _, _, err := c.Feed(); err != nil {
		t.Errorf("serve's own address: %v", err)
	}
}
