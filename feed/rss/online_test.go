package rss

import (
	"bytes"
	"context"
	"image"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

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
	mux.HandleFunc("/private.mp3", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "AccessDenied", http.StatusForbidden) })
	small := encodeImage(t, image.NewGray(image.Rect(0, 0, 100, 100)), "jpeg")
	mux.HandleFunc("/art.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		http.ServeContent(w, r, "art.jpg", time.Time{}, bytes.NewReader(small))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	ep := func(guid, path string, length int64) Episode {
		return Episode{GUID: guid, Title: guid, Description: "d", Date: time.Unix(1e9, 0), URL: srv.URL + path, Length: length, Type: "audio/mpeg", Duration: time.Second}
	}
	doc, _ := Render(Channel{Title: "t", Description: "d", ImageURL: srv.URL + "/art.jpg"},
		[]Episode{ep("good", "/good.mp3", 100), ep("short", "/good.mp3?x", 99), ep("norange", "/norange.mp3", 100), ep("missing", "/missing.mp3", 1), ep("gone", "/gone.mp3", 1), ep("private", "/private.mp3", 1)})
	doc = bytes.Replace(doc, []byte(srv.URL+"/gone.mp3"), []byte(refused+"/gone.mp3"), 1)
	f, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range f.CheckOnline(context.Background(), srv.Client()) {
		got = append(got, p.Item+": "+strings.TrimPrefix(strings.TrimPrefix(p.URL, srv.URL), refused)+": "+p.Message)
	}
	want := []string{
		"gone: /gone.mp3: HEAD failed: connection refused", // in words, not Go's "Head \"http://…\": dial tcp …"
		": /art.jpg: Content-Type is \"text/html\", not image",
		": /art.jpg: artwork artwork.jpg breaks Apple's rules: 100x100 is outside 1400-3000 pixels a side",
		"missing: /missing.mp3: HEAD answered 404 Not Found",
		"norange: /norange.mp3: a Range request answered 200 OK, not 206 Partial Content",
		"private: /private.mp3: HEAD answered 403 Forbidden: podcast apps cannot have it either (a private bucket? upload.acl: public-read, or the bucket's policy, lets everyone read it)",
		"short: /good.mp3?x: Content-Length is 100; the feed says 99",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
