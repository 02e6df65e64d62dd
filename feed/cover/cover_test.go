package cover

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sakurafm/podgen/feed/rss"
)

func gradient(w, h int, alpha bool) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if alpha {
				a = uint8(x % 256)
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x + y), a})
		}
	}
	return img
}

// halves is red on its left half and blue on its right.
func halves(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// pngBomb is a PNG header that claims 100000x100000 pixels.
func pngBomb() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	ihdr[8], ihdr[9] = 8, 2
	binary.Write(&b, binary.BigEndian, uint32(13))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestMakeCover(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // error substring; "" for a good cover
	}{
		{"square-ish jpeg", encodeImage(t, gradient(900, 800, false), "jpeg"), ""},
		{"wide", encodeImage(t, halves(1600, 400), "png"), ""},
		{"tall", encodeImage(t, gradient(300, 1200, false), "jpeg"), ""},
		{"png with alpha", encodeImage(t, gradient(600, 600, true), "png"), ""},
		{"not an image", []byte("<html>"), "not an image podgen reads"},
		{"decompression bomb", pngBomb(), "100000x100000 pixels is not a cover podgen will decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Make(tt.data)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(out) > maxBytes {
				t.Errorf("%d bytes, over 512 KB", len(out))
			}
			if a, err := rss.CheckArtwork("c.jpg", bytes.NewReader(out)); err != nil || a.Width != 1400 || a.Format != "jpeg" {
				t.Errorf("the cover breaks Apple's rules: %+v %v", a, err)
			}
			img, err := jpeg.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			// The wide image is fitted whole: its left edge reaches the
			// cover's left edge in the middle row, and the fill above it is
			// not white.
			if tt.name == "wide" {
				if r, _, b, _ := img.At(8, 700).RGBA(); r < 0xc000 || b > 0x4000 {
					t.Errorf("the left end of the wide image is missing (%x, %x)", r, b)
				}
				if r, _, b, _ := img.At(1391, 700).RGBA(); b < 0xc000 || r > 0x4000 {
					t.Errorf("the right end of the wide image is missing (%x, %x)", r, b)
				}
				if c := color.GrayModel.Convert(img.At(700, 50)).(color.Gray); c.Y > 250 {
					t.Error("no blurred fill above the wide image")
				}
			}
		})
	}
}

func TestFetch(t *testing.T) {
	good := encodeImage(t, gradient(800, 800, false), "jpeg")
	big := make([]byte, MaxDownload+10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good":
			w.Write(good)
		case "/big":
			w.Write(big)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, tt := range []struct{ url, want string }{
		{srv.URL + "/good", ""},
		{srv.URL + "/gone", "404 Not Found"},
		{srv.URL + "/big", "more than the 20 MB a cover may have"},
		{"ftp://example.org/x.jpg", "is not an http(s) URL"},
	} {
		data, err := Fetch(context.Background(), srv.Client(), tt.url)
		if tt.want == "" {
			if err != nil || !bytes.Equal(data, good) {
				t.Errorf("%s: %d bytes, %v", tt.url, len(data), err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.url, err, tt.want)
		}
	}
	if _, err := Make([]byte("<html>not an image</html>")); err == nil || !strings.Contains(err.Error(), "not an image") {
		t.Errorf("html: err = %v", err)
	}
}

func encodeImage(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
