package feed

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // covers come in every format the web has
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Episode covers are hotlinked from hosts that expire
// (lh5.googleusercontent.com), have no file extension and are rarely
// square, while Apple wants square JPEG or PNG of 1400-3000 px. podgen
// therefore mirrors them: it downloads each once, makes a 1400x1400 RGB
// JPEG under 512 KB, and serves that from the site folder.
const (
	coverSide        = 1400
	coverMaxBytes    = 512 << 10
	coverMaxDownload = 20 << 20
	coverMaxPixels   = 40_000_000 // a decoded image this large is a bomb, not a cover
	coverTimeout     = 10 * time.Second
	CoversDir        = "covers"
)

// Covers mirrors episode covers. The zero value keeps the articles' URLs.
type Covers struct {
	Mirror bool
	Client *http.Client // nil: a client with a 10 s timeout
	Dir    string       // where mirrored covers are kept, by URL (the cache)
}

func (c Covers) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return &http.Client{Timeout: coverTimeout}
}

// mirror returns the path of the finished cover for url, downloading and
// converting it unless an earlier build already did.
func (c Covers) mirror(ctx context.Context, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) URL", rawURL)
	}
	key := sha256.Sum256([]byte(rawURL))
	path := filepath.Join(c.Dir, hex.EncodeToString(key[:12])+".jpg")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	data, err := fetchCover(ctx, c.client(), rawURL)
	if err != nil {
		return "", err
	}
	out, err := MakeCover(data)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return "", err
	}
	return path, atomically(path, false, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	})
}

func fetchCover(ctx context.Context, client *http.Client, rawURL string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, coverTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, ue.Err // the URL is in the warning already
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	if resp.ContentLength > coverMaxDownload {
		return nil, fmt.Errorf("%d bytes is more than the %d MB a cover may have", resp.ContentLength, coverMaxDownload>>20)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, coverMaxDownload+1))
	if err != nil {
		return nil, err
	}
	if len(data) > coverMaxDownload {
		return nil, fmt.Errorf("more than the %d MB a cover may have", coverMaxDownload>>20)
	}
	return data, nil
}

// MakeCover turns an image into Apple-ready artwork: a 1400x1400 RGB JPEG
// under 512 KB. A nearly square image is cropped to its centre; a very wide
// or tall one is fitted whole on a blurred fill of itself, so that nothing
// of it is cut. The dimensions are checked from the header before any
// pixel is decoded.
func MakeCover(data []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not an image podgen reads (JPEG, PNG, GIF, WebP): %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > coverMaxPixels {
		return nil, fmt.Errorf("%dx%d pixels is not a cover podgen will decode", cfg.Width, cfg.Height)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, coverSide, coverSide))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src) // no alpha
	ratio := float64(w) / float64(h)
	if ratio >= 0.8 && ratio <= 1.25 {
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, centreSquare(b), draw.Over, nil)
	} else {
		// The fill: the centre square, shrunk to 1/28 and stretched back,
		// which blurs it; then the whole image, fitted, on top.
		small := image.NewRGBA(image.Rect(0, 0, coverSide/28, coverSide/28))
		draw.ApproxBiLinear.Scale(small, small.Bounds(), src, centreSquare(b), draw.Src, nil)
		draw.BiLinear.Scale(dst, dst.Bounds(), small, small.Bounds(), draw.Over, nil)
		fw, fh := coverSide, coverSide*h/w
		if ratio < 1 {
			fw, fh = coverSide*w/h, coverSide
		}
		x, y := (coverSide-fw)/2, (coverSide-fh)/2
		draw.CatmullRom.Scale(dst, image.Rect(x, y, x+fw, y+fh), src, b, draw.Over, nil)
	}
	for q := 88; q >= 40; q -= 8 {
		var out bytes.Buffer
		if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: q}); err != nil {
			return nil, err
		}
		if out.Len() <= coverMaxBytes {
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

func fileMD5(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := md5.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
