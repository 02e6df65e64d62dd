package audio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Media is what an enclosure needs to know about an audio file.
type Media struct {
	Size     int64         // bytes
	Type     string        // MIME type, from the content, not the name
	Ext      string        // ".mp3" or ".m4a", matching Type
	Duration time.Duration // from the headers; audio is never decoded
}

// The enclosure types Apple Podcasts documents for these formats.
const (
	TypeMP3 = "audio/mpeg"
	TypeM4A = "audio/x-m4a"
)

// ErrUnknownFormat is returned by Probe for data that is neither MP3 nor
// MPEG-4 audio.
var ErrUnknownFormat = errors.New("not an MP3 or M4A file")

// Probe reads the size, type and duration of the audio in r, which is size
// bytes long, from its headers: for MP3, the Xing/Info or VBRI tag or else
// the frame headers; for M4A, the moov box.
func Probe(r io.ReaderAt, size int64) (Media, error) {
	m := Media{Size: size}
	head := make([]byte, 12)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	var err error
	switch {
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		m.Type, m.Ext = TypeM4A, ".m4a"
		m.Duration, err = probeM4A(r, size)
	case bytes.HasPrefix(head, []byte("ID3")) || len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		m.Type, m.Ext = TypeMP3, ".mp3"
		m.Duration, err = probeMP3(r, size)
	default:
		return m, ErrUnknownFormat
	}
	if err == nil && m.Duration <= 0 {
		err = errors.New("duration is zero")
	}
	return m, err
}

// ProbeFile is Probe for a file on disk.
func ProbeFile(path string) (Media, error) {
	f, err := os.Open(path)
	if err != nil {
		return Media{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Media{}, err
	}
	m, err := Probe(f, st.Size())
	if err != nil {
		return m, fmt.Errorf("probe %s: %w", path, err)
	}
	return m, nil
}
