package rss

import (
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // artwork formats Apple accepts
	_ "image/png"
	"io"
	"path"
	"strings"
)

// Artwork is what CheckArtwork learned of an image.
type Artwork struct {
	Format        string // jpeg or png
	Width, Height int
}

// CheckArtwork reads only the header of the image in r (no pixels are
// decoded) and returns an error that says exactly which of Apple's artwork
// rules it breaks: JPEG or PNG, with an extension matching the real type,
// square, 1400 to 3000 pixels a side, RGB (no CMYK, no alpha channel).
func CheckArtwork(name string, r io.Reader) (Artwork, error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return Artwork{}, fmt.Errorf("artwork %s: not a JPEG or PNG image: %w", name, err)
	}
	a := Artwork{Format: format, Width: cfg.Width, Height: cfg.Height}
	var why []string
	ext := strings.ToLower(path.Ext(name))
	switch {
	case format == "jpeg" && ext != ".jpg" && ext != ".jpeg":
		why = append(why, "a JPEG image needs a .jpg extension, not "+ext)
	case format == "png" && ext != ".png":
		why = append(why, "a PNG image needs a .png extension, not "+ext)
	}
	if a.Width != a.Height {
		why = append(why, fmt.Sprintf("not square (%dx%d)", a.Width, a.Height))
	}
	if a.Width < 1400 || a.Width > 3000 || a.Height < 1400 || a.Height > 3000 {
		why = append(why, fmt.Sprintf("%dx%d is outside 1400-3000 pixels a side", a.Width, a.Height))
	}
	switch cfg.ColorModel {
	case color.CMYKModel:
		why = append(why, "CMYK; Apple wants RGB")
	case color.NRGBAModel, color.NRGBA64Model, color.RGBAModel, color.RGBA64Model, color.AlphaModel:
		if format == "png" {
			why = append(why, "has an alpha channel; Apple wants RGB without transparency")
		}
	}
	if len(why) > 0 {
		return a, fmt.Errorf("artwork %s breaks Apple's rules: %s", name, strings.Join(why, "; "))
	}
	return a, nil
}
