package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCodeID: the build cache's code identity is a hash of this very
// executable, the same every time it is asked.
func TestCodeID(t *testing.T) {
	id := codeID()
	if len(id) != 64 {
		t.Fatalf("codeID() = %q, want a SHA-256", id)
	}
	if again := codeID(); again != id {
		t.Fatalf("codeID() changed: %s, then %s", id, again)
	}
}

// TestBuildInterrupted: Ctrl-C while covers are being fetched stops the
// build: it says so, exits 130 and leaves the site folder as it was, not a
// feed of fallback covers.
func TestBuildInterrupted(t *testing.T) {
	dir, _ := exampleCopy(t)
	ctx, cancel := context.WithCancel(context.Background())
	asked := make(chan struct{}, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		<-r.Context().Done() // never answers
	}))
	defer srv.Close()
	// The example's covers, pointed at the server.
	arts, _ := filepath.Glob(filepath.Join(dir, "example", "articles", "*"))
	for _, a := range arts {
		b, _ := os.ReadFile(a)
		b = []byte(strings.NewReplacer("https://lh5.googleusercontent.com", srv.URL, "https://assets.gnews.org", srv.URL).Replace(string(b)))
		os.WriteFile(a, b, 0o644)
	}
	go func() { <-asked; cancel() }()
	out := filepath.Join(dir, "site")
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, []string{"build", "--config", filepath.Join(dir, "config.yaml"), "--out", out, "--cache-dir", t.TempDir()}, &stdout, &stderr)
	if code != exitInterrupted || !strings.Contains(stderr.String(), "podgen: interrupted: the site folder is as it was") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the build left %v", entries)
	}
}
