package feed

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCheckPrevious(t *testing.T) {
	ep := func(guid string, day int, url string, length int64) Episode {
		return Episode{GUID: guid, Title: guid, Description: "d", Date: time.Date(2022, 5, day, 0, 0, 0, 0, time.UTC),
			URL: url, Length: length, Type: "audio/mpeg", Duration: time.Second}
	}
	ch := Channel{Title: "t", Description: "d"}
	prev, _ := Render(ch, []Episode{ep("a", 1, "https://x/a.mp3", 10), ep("b", 2, "https://x/b.mp3", 20)})
	tests := []struct {
		name string
		next []Episode
		want []string // rules
	}{
		{"same", []Episode{ep("a", 1, "https://x/a.mp3", 10), ep("b", 2, "https://x/b.mp3", 20)}, nil},
		{"new episode and new audio URL", []Episode{ep("a", 1, "https://x/a2.mp3", 11), ep("b", 2, "https://x/b.mp3", 20), ep("c", 3, "https://x/c.mp3", 5)}, nil},
		{"guid vanished", []Episode{ep("a", 1, "https://x/a.mp3", 10)}, []string{"previous/guid"}},
		{"pubDate changed", []Episode{ep("a", 9, "https://x/a.mp3", 10), ep("b", 2, "https://x/b.mp3", 20)}, []string{"previous/pubDate"}},
		{"same URL, other length", []Episode{ep("a", 1, "https://x/a.mp3", 99), ep("b", 2, "https://x/b.mp3", 20)}, []string{"previous/enclosure"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, _ := Render(ch, tt.next)
			var got []string
			for _, p := range CheckPrevious(prev, next) {
				got = append(got, p.Rule)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("rules = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckOnline(t *testing.T) {
	audio := strings.Repeat("a", 100)
	mux := http.NewServeMux()
	// http.ServeContent answers HEAD and Range like a good host.
	mux.HandleFunc("/good.mp3", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		http.ServeContent(w, r, "good.mp3", time.Time{}, strings.NewReader(audio))
	})
	mux.HandleFunc("/norange.mp3", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Content-Length", "100")
		if r.Method == http.MethodGet {
			w.Write([]byte(audio))
		}
	})
	small := encodeImage(t, gradient(100, 100, false), "jpeg")
	mux.HandleFunc("/art.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		http.ServeContent(w, r, "art.jpg", time.Time{}, bytes.NewReader(small))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ep := func(guid, path string, length int64) Episode {
		return Episode{GUID: guid, Title: guid, Description: "d", Date: time.Unix(1e9, 0), URL: srv.URL + path, Length: length, Type: "audio/mpeg", Duration: time.Second}
	}
	doc, _ := Render(Channel{Title: "t", Description: "d", ImageURL: srv.URL + "/art.jpg"},
		[]Episode{ep("good", "/good.mp3", 100), ep("short", "/good.mp3?x", 99), ep("norange", "/norange.mp3", 100), ep("missing", "/missing.mp3", 1)})
	var got []string
	for _, p := range CheckOnline(context.Background(), srv.Client(), doc) {
		got = append(got, p.Item+": "+strings.TrimPrefix(p.Message, srv.URL))
	}
	want := []string{
		": /art.jpg: Content-Type is \"text/html\", not image",
		": /art.jpg: artwork artwork.jpg breaks Apple's rules: 100x100 is outside 1400-3000 pixels a side",
		"missing: /missing.mp3: HEAD answered 404 Not Found",
		"norange: /norange.mp3: a Range request answered 200 OK, not 206 Partial Content",
		"short: /good.mp3?x: Content-Length is 100; the feed says 99",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
