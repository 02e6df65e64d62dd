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
}

// TestServeNoBuild: serve --no-build says that the feed it serves points
// at base_url, not at this machine.
func TestServeNoBuild(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	os.MkdirAll(site, 0o755)
	os.WriteFile(filepath.Join(site, "feed.xml"), []byte("<rss/>"), 0o644)
	cfg, _ := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	os.WriteFile(filepath.Join(dir, "config.yaml"), cfg, 0o644)
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut bytes.Buffer
	done := make(chan int)
	go func() {
		done <- runContext(ctx, []string{"serve", "--config", filepath.Join(dir, "config.yaml"), "--out", site, "--addr", addr, "--no-build"}, &out, &errOut)
	}()
	for i := 0; ; i++ {
		if resp, err := http.Get("http://" + addr + "/feed.xml"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 200 {
			t.Fatal("serve did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(errOut.String(), "--no-build: the feed is the site folder's as built: its audio and artwork URLs point at https://podcast.example.org/sakurafm, not here") {
		t.Errorf("stderr: %q", errOut.String())
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
	if _, _, err := c.buildConfig(); err == nil || !strings.Contains(err.Error(), "Apple Podcasts wants https") {
		t.Errorf("a config's http base_url under strict: %v", err)
	}
	c.served = true
	if _, _, err := c.buildConfig(); err != nil {
		t.Errorf("serve's own address: %v", err)
	}
}
