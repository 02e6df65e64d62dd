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

	"github.com/sakurafm/podgen/feed/audio"
	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/fetch"
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
	b := &builder{cfg: Config{Cache: c, Code: "test"}, client: fetch.Client(), fetch: fetch.New(c, 0)}
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
	b := &builder{client: fetch.Client(), fetch: fetch.New(nil, 0)}
	for p, want := range map[string]string{"/loop": "more than 5 redirects", "/ftp": "redirect to ftp: only http and https"} {
		if _, err := b.remoteMedia(t.Context(), srv.URL+p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", p, err, want)
		}
	}
}

// TestBuildAudioURL: with audio_url and no audio folder, each episode's
// audio is the template's URL, probed over HTTP; one the server does not
// have leaves its episode out with a warning, which does not show the
// URL's query (a signed URL's signature).
func TestBuildAudioURL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "2455369.mp3"), mustRead(t, "audio/testdata/vbr-xing.mp3"), 0o644)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	cfg := testConfig(t, t.TempDir())
	cfg.AudioDir = filepath.Join(t.TempDir(), "none")
	cfg.AudioURL = srv.URL + "/{id}.mp3?sig=SECRET"
	for id, o := range cfg.Episodes {
		o.Audio = ""
		cfg.Episodes[id] = o
	}
	res, err := buildTestdata(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Episodes) != 1 || res.Episodes[0].URL != srv.URL+"/2455369.mp3?sig=SECRET" || res.Episodes[0].Length != 41697 {
		t.Errorf("episodes %+v", res.Episodes)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "2457120.mp3?xxxxx: HEAD answered 404 Not Found; episode left out") ||
		strings.Contains(res.Warnings[0].Error(), "SECRET") {
		t.Errorf("warnings %v", res.Warnings)
	}
}

// TestLocalMedia: the read for a file's MD5 hands on the open file, and
// its bytes when they fit the read buffer (not when an ID3 tag of 100 kB is
// in front); localMedia's probe and MD5 say what audio.ProbeFile and the
// bytes say, and a second build finds both in the cache. (That localMedia
// probes within that read, opening the file once, is seen in strace, not
// here.)
func TestLocalMedia(t *testing.T) {
	dir := t.TempDir()
	small, err := os.ReadFile("audio/testdata/cbr-xing.mp3")
	if err != nil {
		t.Fatal(err)
	}
	// An ID3v2.4 tag of 100 kB of padding: its size is 4 bytes of 7 bits.
	const pad = 100 << 10
	tag := append([]byte("ID3\x04\x00\x00"), byte(pad>>21&0x7f), byte(pad>>14&0x7f), byte(pad>>7&0x7f), byte(pad&0x7f))
	big := append(append(tag, make([]byte, pad)...), small...)
	if len(big) <= len(*copyBuffers.Get().(*[]byte)) {
		t.Fatalf("the big file (%d bytes) fits the read buffer", len(big))
	}
	for name, data := range map[string][]byte{"small.mp3": small, "big.mp3": big} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// Older than cache.Racy, so that its MD5 is kept by its stat data.
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
		want, err := audio.ProbeFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// The MD5's read hands the probe the open file, and the bytes when
		// they fit the read buffer.
		called := false
		if _, _, err := (&builder{cfg: testConfig(t, t.TempDir())}).fileMD5Then(path, func(f *os.File, sum string, size int64, whole []byte) error {
			called = true
			if fits := len(data) < len(*copyBuffers.Get().(*[]byte)); (whole != nil) != fits || fits && !bytes.Equal(whole, data) || sum != md5hex(string(data)) || size != int64(len(data)) {
				t.Errorf("%s: handed %d bytes (fits the buffer: %v), md5 %s, size %d", name, len(whole), fits, sum, size)
			}
			return nil
		}); err != nil || !called {
			t.Fatalf("%s: fileMD5Then: %v, called %v", name, err, called)
		}
		cacheDir := t.TempDir()
		for _, run := range []string{"cold", "warm"} {
			if run == "warm" {
				// Zeros of the same size and time: what the warm build
				// says comes from the cache, for these are no audio.
				if err := os.WriteFile(path, make([]byte, len(data)), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(path, old, old); err != nil {
					t.Fatal(err)
				}
			}
			cfg := testConfig(t, t.TempDir())
			cfg.Cache, cfg.Code = cache.Open(cacheDir), "test"
			b := &builder{cfg: cfg}
			m, err := b.localMedia(path)
			if err != nil {
				t.Fatalf("%s, %s: %v", name, run, err)
			}
			if m.Media != want || m.md5 != md5hex(string(data)) {
				t.Errorf("%s, %s: %+v, md5 %s; want %+v, md5 %s", name, run, m.Media, m.md5, want, md5hex(string(data)))
			}
			if err := cfg.Cache.Save(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestLocalMediaNotAudio: a file that is no audio is an error naming it,
// every build, and its MD5 is remembered all the same: the builds after
// the first read its headers, not the whole file.
func TestLocalMediaNotAudio(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.mp3")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not audio "), 20000), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // older than cache.Racy
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	cacheDir := t.TempDir()
	for _, run := range []string{"cold", "warm"} {
		cfg := testConfig(t, t.TempDir())
		cfg.Cache, cfg.Code = cache.Open(cacheDir), "test"
		b := &builder{cfg: cfg}
		if run == "warm" {
			read := false
			if _, _, err := b.fileMD5Then(path, func(*os.File, string, int64, []byte) error { read = true; return nil }); err != nil || read {
				t.Errorf("the MD5 of a file that is no audio was not remembered: read again %v, %v", read, err)
			}
		}
		if _, err := b.localMedia(path); err == nil || !strings.Contains(err.Error(), "audio "+path+": ") {
			t.Errorf("%s: %v; want an error naming the file", run, err)
		}
		if err := cfg.Cache.Save(); err != nil {
			t.Fatal(err)
		}
	}
}
