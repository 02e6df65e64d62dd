package cover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // covers come in every format the web has
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Version names what Make makes: a change to it (another size, another
// crop) changes Version, so that covers made before are made again.
const Version = "1400 crop-or-fit 1"

// Apple's artwork rules, and the limits of a download.
const (
	Side        = 1400 // a cover is Side x Side pixels
	maxBytes    = 512 << 10
	MaxDownload = 20 << 20
	maxPixels   = 40_000_000 // a decoded image this large is a bomb, not a cover
	Timeout     = 10 * time.Second
)

// Fetch downloads an image, of at most MaxDownload bytes, within Timeout.
// Errors do not repeat the URL: callers name it.
func Fetch(ctx context.Context, client *http.Client, rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", rawURL)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, ue.Err
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	if resp.ContentLength > MaxDownload {
		return nil, fmt.Errorf("%d bytes is more than the %d MB a cover may have", resp.ContentLength, MaxDownload>>20)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxDownload+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDownload {
		return nil, fmt.Errorf("more than the %d MB a cover may have", MaxDownload>>20)
	}
	return data, nil
}

// Make turns an image into Apple-ready artwork: a 1400x1400 RGB JPEG
// under 512 KB. A nearly square image is cropped to its centre; a very wide
// or tall one is fitted whole on a blurred fill of itself, so that nothing
// of it is cut. The dimensions are checked from the header before any
// pixel is decoded.
func Make(data []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not an image podgen reads (JPEG, PNG, GIF, WebP): %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, fmt.Errorf("%dx%d pixels is not a cover podgen will decode", cfg.Width, cfg.Height)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, Side, Side))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src) // no alpha
	ratio := float64(w) / float64(h)
	if ratio >= 0.8 && ratio <= 1.25 {
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, centreSquare(b), draw.Over, nil)
	} else {
		// The fill: the centre square, shrunk to 1/28 and stretched back,
		// which blurs it; then the whole image, fitted, on top.
		small := image.NewRGBA(image.Rect(0, 0, Side/28, Side/28))
		draw.ApproxBiLinear.Scale(small, small.Bounds(), src, centreSquare(b), draw.Src, nil)
		draw.BiLinear.Scale(dst, dst.Bounds(), small, small.Bounds(), draw.Over, nil)
		fw, fh := Side, Side*h/w
		if ratio < 1 {
			fw, fh = Side*w/h, Side
		}
		x, y := (Side-fw)/2, (Side-fh)/2
		draw.CatmullRom.Scale(dst, image.Rect(x, y, x+fw, y+fh), src, b, draw.Over, nil)
	}
	for q := 88; q >= 40; q -= 8 {
		var out bytes.Buffer
		if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: q}); err != nil {
			return nil, err
		}
		if out.Len() <= maxBytes {
			return out.Bytes(), nil
		}
	}
	return nil, errors.New("cannot make the cover smaller than 512 KB")
}

func centreSquare(b image.Rectangle) image.Rectangle {
	side := min(b.Dx(), b.Dy())
	x := b.Min.X + (b.Dx()-side)/2
	y := b.Min.Y + (b.Dy()-side)/2
	return image.Rect(x, y, x+side, y+side)
}
