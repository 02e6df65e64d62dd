package audio

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
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

func md5hex(b []byte) string { h := md5.Sum(b); return hex.EncodeToString(h[:]) }

func newAudioServer(t *testing.T, ranges bool) *audioServer {
	s := &audioServer{counts: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/nolength.mp3":
			w.Header().Set("Content-Type", "audio/mpeg")
			w.(http.Flusher).Flush() // chunked: no Content-Length
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", filepath.Base(r.URL.Path)))
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
		w.Header().Set("ETag", `"`+md5hex(data)+`"`)
		if !ranges {
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
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
	data, err := os.ReadFile(filepath.Join("testdata", "vbr-noxing.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	frames := data[id3v2Size(data):]
	for range 11 {
		data = append(data, frames...)
	}
	return data
}

// probeURL is Head, then ProbeRemote.
func probeURL(rawURL string) (Media, error) {
	r, err := Head(context.Background(), http.DefaultClient, rawURL)
	if err != nil {
		return Media{}, err
	}
	return ProbeRemote(context.Background(), http.DefaultClient, r)
}

// TestHeadVersion: an ETag, else a Last-Modified, names the version.
func TestHeadVersion(t *testing.T) {
	srv := newAudioServer(t, true)
	r, err := Head(context.Background(), http.DefaultClient, srv.URL+"/cbr-xing.mp3")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.Version, "etag:\"") || r.Size != 13210 {
		t.Errorf("Head = %+v", r)
	}
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
			m, err := probeURL(srv.URL + "/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			size := int64(0)
			if st, err := os.Stat(filepath.Join("testdata", tt.file)); err == nil {
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
		})
	}
}

func TestProbeRemoteFailures(t *testing.T) {
	srv := newAudioServer(t, true)
	for path, want := range map[string]string{
		"/gone.mp3":     "HEAD answered 404 Not Found",
		"/nolength.mp3": "HEAD gave no Content-Length",
	} {
		_, err := probeURL(srv.URL + path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", path, err, want)
		}
	}
}
