package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sakurafm/podgen/upload"
)

// TestPublishInterrupted: Ctrl-C while publish waits for the store stops
// it: it says what it left (here: no file was sent, and the lock, whose
// PUT was the first request, may be left) and exits 130.
func TestPublishInterrupted(t *testing.T) {
	dir, config := exampleCopy(t)
	out := filepath.Join(dir, "site")
	var stdout, stderr bytes.Buffer
	if code := runContext(t.Context(), []string{"build", "--config", config, "--out", out, "--offline", "--cache-dir", ""}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}

	asked, stop := make(chan string, 100), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked <- r.Method + " " + r.URL.Path
		select { // never answers
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer srv.Close()
	defer close(stop)
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "podgen-test-access", "AWS_SECRET_ACCESS_KEY": "podgen-test-secret-do-not-print",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": filepath.Join(dir, "none"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"),
		"PODGEN_UPLOAD_ENDPOINT": srv.URL, "PODGEN_UPLOAD_BUCKET": "podcast", "PODGEN_UPLOAD_PATH_STYLE": "true",
	} {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan string, 1)
	go func() { first <- <-asked; cancel() }()
	stderr.Reset()
	code := runContext(ctx, []string{"publish", "--config", config, "--out", out}, &stdout, &stderr)
	if req := <-first; !strings.HasPrefix(req, "PUT ") || !strings.HasSuffix(req, "/.podgen-lock") {
		t.Errorf("the first request was %q, not the lock's PUT", req)
	}
	if code != exitInterrupted || !strings.Contains(stderr.String(), "podgen: interrupted: no file was sent (a lock taken as it stopped expires within 10m0s; publish --break-lock clears it)\n") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "do-not-print") {
		t.Error("the secret was printed")
	}
}

// TestOrphanedLock: a live lock of a podgen of this machine whose process
// is gone says so, and that --break-lock is safe; one whose process runs,
// or of another machine, is left as it is.
func TestOrphanedLock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no signal 0 on Windows")
	}
	host, _ := os.Hostname()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	live := exec.Command("sleep", "30")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer live.Process.Kill()
	now := time.Now()
	lockOf := func(owner string) error {
		return &upload.LockedError{Key: "fm/.podgen-lock", Now: now,
			Lock: upload.Lock{Owner: owner, Created: now.Add(-time.Minute), Expires: now.Add(9 * time.Minute)}}
	}
	const hint = "is no longer running: --break-lock removes its lock"
	for _, tt := range []struct {
		owner string
		want  bool
	}{
		{fmt.Sprintf("podgen on %s (pid %d)", host, gone.Process.Pid), true},
		{fmt.Sprintf("podgen on %s (pid %d)", host, live.Process.Pid), false},
		{fmt.Sprintf("podgen on not-%s (pid %d)", host, gone.Process.Pid), false},
		{"https://github.com/o/r/actions/runs/1", false},
	} {
		err := orphaned(lockOf(tt.owner))
		var le *upload.LockedError
		if strings.Contains(err.Error(), hint) != tt.want || !errors.As(err, &le) {
			t.Errorf("%s: %v; want the hint: %v", tt.owner, err, tt.want)
		}
	}
}
