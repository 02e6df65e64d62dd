package feed

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// audioServer serves the fixtures with ETags, counting requests by kind.
// ranges=false makes it answer every GET with the whole file, as servers
// without Range support do.
type audioServer struct {
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int // "HEAD", "RANGE", "GET"
}

func newAudioServer(t *testing.T, ranges bool) *audioServer {
	s := &audioServer{counts: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		case "/nolength.mp3":
			w.Header().Set("Content-Type", "audio/mpeg")
			w.(http.Flusher).Flush() // chunked: no Content-Length
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", "audio", filepath.Base(r.URL.Path)))
		if r.URL.Path == "/long-vbr.mp3" {
			data, err = longVBR(t), nil
		}
		if err != nil {
			http.NotFound(w, r)
			return
		}
		kind := r.Method
		if r.Method == http.MethodGet && r.Header.Get("Range") != "" {
			kind = "RANGE"
		}
		s.mu.Lock()
		s.counts[kind]++
		s.mu.Unlock()
		w.Header().Set("ETag", `"`+md5hex(string(data))+`"`)
		if !ranges {
			w.Header().Set("Content-Length", strconvI(int64(len(data))))
			if r.Method == http.MethodGet {
				w.Write(data)
			}
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	}))
	t.Cleanup(s.Close)
	return s
}

// longVBR is vbr-noxing.mp3's frames twelve times over (500 kB): a VBR
// file without a Xing tag, larger than remoteMaxRanges blocks, so that its
// frames can only be walked after a whole download.
func longVBR(t *testing.T) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "audio", "vbr-noxing.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	frames := data[id3v2Size(data):]
	for range 11 {
		data = append(data, frames...)
	}
	return data
}

func (s *audioServer) count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

func TestProbeRemote(t *testing.T) {
	tests := []struct {
		file   string
		ranges bool
		want   time.Duration
		full   bool // a whole download is needed
	}{
		{"cbr-xing.mp3", true, 3200 * time.Millisecond, false},
		{"moov-end.m4a", true, 4200 * time.Millisecond, false},
		{"faststart.m4a", true, 7300 * time.Millisecond, false},
		{"vbr-noxing.mp3", true, 4500 * time.Millisecond, false}, // one block holds it all
		{"long-vbr.mp3", true, 0, true},
		{"cbr-xing.mp3", false, 3200 * time.Millisecond, true},
		{"moov-end.m4a", false, 4200 * time.Millisecond, true},
	}
	for _, tt := range tests {
		name := tt.file
		if !tt.ranges {
			name += " without Range support"
		}
		t.Run(name, func(t *testing.T) {
			srv := newAudioServer(t, tt.ranges)
			cache := OpenCache("")
			m, err := probeRemote(context.Background(), RemoteClient(), srv.URL+"/"+tt.file, cache)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			size := int64(0)
			if st, err := os.Stat(filepath.Join("testdata", "audio", tt.file)); err == nil {
				size = st.Size()
			} else {
				// The truth for the generated file: its bytes probed locally.
				data := longVBR(t)
				local, err := Probe(bytes.NewReader(data), int64(len(data)))
				if err != nil || local.Duration < 50*time.Second {
					t.Fatalf("local probe: %v, %v", local.Duration, err)
				}
				size, want = int64(len(data)), local.Duration
			}
			if m.Size != size {
				t.Errorf("size %d, want %d", m.Size, size)
			}
			if d := m.Duration - want; d < -500*time.Millisecond || d > 500*time.Millisecond {
				t.Errorf("duration %v, want %v ± 0.5s", m.Duration, want)
			}
			fulls := srv.count("GET")
			if !tt.ranges {
				fulls += srv.count("RANGE") // every GET is a whole file
			}
			if tt.full != (fulls > 0) || (tt.ranges && !tt.full && srv.count("RANGE") > remoteMaxRanges) {
				t.Errorf("requests %v; want a whole download: %v", srv.counts, tt.full)
			}
			// The second time, the cache answers after one HEAD.
			before := srv.count("RANGE") + srv.count("GET")
			m2, err := probeRemote(context.Background(), RemoteClient(), srv.URL+"/"+tt.file, cache)
			if err != nil || m2 != m || srv.count("RANGE")+srv.count("GET") != before {
				t.Errorf("second probe: %+v, %v, %v requests", m2, err, srv.counts)
			}
		})
	}
}

func TestProbeRemoteFailures(t *testing.T) {
	srv := newAudioServer(t, true)
	for path, want := range map[string]string{
		"/gone.mp3":     "HEAD answered 404 Not Found",
		"/loop":         "more than 5 redirects",
		"/nolength.mp3": "HEAD gave no Content-Length",
	} {
		_, err := probeRemote(context.Background(), RemoteClient(), srv.URL+path, OpenCache(""))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", path, err, want)
		}
	}
}

// TestBuildRemoteAudio: remote audio is not copied, the enclosure points at
// it; a failing URL leaves its episode out with a warning.
func TestBuildRemoteAudio(t *testing.T) {
	srv := newAudioServer(t, true)
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
