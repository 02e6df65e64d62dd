package feed

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
)

// audioServer serves the audio fixtures with ETags and Range support, and
// counts the GET requests (the probes' reads).
func audioServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var gets atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		case "/ftp":
			http.Redirect(w, r, "ftp://example.org/a.mp3", http.StatusFound)
			return
		}
		data, err := os.ReadFile(filepath.Join("audio", "testdata", path.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if r.Method == http.MethodGet {
			gets.Add(1)
		}
		w.Header().Set("ETag", `"`+md5hex(string(data))+`"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	}))
	t.Cleanup(srv.Close)
	return srv, &gets
}

// TestBuildRemoteAudio: remote audio is not copied, the enclosure points at
// it; a failing URL leaves its episode out with a warning.
func TestBuildRemoteAudio(t *testing.T) {
	srv, _ := audioServer(t)
	for _, strict := range []bool{false, true} {
		out := t.TempDir()
		cfg := testConfig(t, out)
		cfg.Strict = strict
		cfg.Episodes["2455369"] = Override{Date: cfg.Episodes["2455369"].Date, Audio: srv.URL + "/vbr-xing.mp3"}
		cfg.Episodes["2457120"] = Override{Date: cfg.Episodes["2457120"].Date, Audio: srv.URL + "/gone.m4a"}
		res, err := buildTestdata(t, cfg)
		if strict {
			if err == nil || !strings.Contains(err.Error(), "gone.m4a: HEAD answered 404 Not Found; episode left out") {
				t.Errorf("strict: err = %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Episodes) != 1 || res.Episodes[0].URL != srv.URL+"/vbr-xing.mp3" || res.Episodes[0].Length != 41697 {
			t.Errorf("episodes %+v", res.Episodes)
		}
		want := "testdata/articles/001_2457120.md:5: no audio: " + srv.URL + "/gone.m4a: HEAD answered 404 Not Found; episode left out"
		if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
			t.Errorf("warnings %v, want %q", res.Warnings, want)
		}
		if entries, _ := os.ReadDir(filepath.Join(out, AudioDir)); len(entries) != 0 {
			t.Errorf("remote audio was copied into the site: %v", entries)
		}
	}
}

// TestRemoteMediaCached: a second build probes no remote audio again when
// the server says the file is the same version (ETag); it only asks HEAD.
func TestRemoteMediaCached(t *testing.T) {
	srv, gets := audioServer(t)
	c := cache.Open(t.TempDir())
	b := &builder{cfg: Config{Cache: c, Code: "test"}, client: Client(), fetch: newFetcher(c)}
	first, err := b.remoteMedia(t.Context(), srv.URL+"/moov-end.m4a")
	if err != nil {
		t.Fatal(err)
	}
	if gets.Load() == 0 {
		t.Fatal("the first probe read nothing")
	}
	before := gets.Load()
	again, err := b.remoteMedia(t.Context(), srv.URL+"/moov-end.m4a")
	if err != nil || again != first || gets.Load() != before {
		t.Errorf("second probe: %+v, %v, %d more reads", again, err, gets.Load()-before)
	}
}

// TestClientRedirects: at most 5 redirects, and only to http(s).
func TestClientRedirects(t *testing.T) {
	srv, _ := audioServer(t)
	b := &builder{client: Client(), fetch: newFetcher(nil)}
	for p, want := range map[string]string{"/loop": "more than 5 redirects", "/ftp": "redirect to ftp: only http and https"} {
		if _, err := b.remoteMedia(t.Context(), srv.URL+p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", p, err, want)
		}
	}
}

// TestBuildAudioURL: with audio_url and no audio folder, each episode's
// audio is the template's URL, probed over HTTP; one the server does not
// have leaves its episode out with a warning.
func TestBuildAudioURL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "2455369.mp3"), mustRead(t, "audio/testdata/vbr-xing.mp3"), 0o644)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	cfg := testConfig(t, t.TempDir())
	cfg.AudioDir = filepath.Join(t.TempDir(), "none")
	cfg.AudioURL = srv.URL + "/{id}.mp3"
	for id, o := range cfg.Episodes {
		o.Audio = ""
		cfg.Episodes[id] = o
	}
	res, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Episodes) != 1 || res.Episodes[0].URL != srv.URL+"/2455369.mp3" || res.Episodes[0].Length != 41697 {
		t.Errorf("episodes %+v", res.Episodes)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "2457120.mp3: HEAD answered 404 Not Found; episode left out") {
		t.Errorf("warnings %v", res.Warnings)
	}
}
