package audio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unicode/utf8"
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
	if size == 0 {
		return m, errors.New("the file is empty")
	}
	head := make([]byte, 12)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	var err error
	var floor float64 // the lowest bit rate the format's audio has
	switch {
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		m.Type, m.Ext, floor = TypeM4A, ".m4a", minBitrateM4A
		m.Duration, err = probeM4A(r, size)
	case bytes.HasPrefix(head, []byte("ID3")) || len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		m.Type, m.Ext, floor = TypeMP3, ".mp3", minBitrateMP3
		m.Duration, err = probeMP3(r, size)
	default:
		return m, unknownFormat(head)
	}
	switch {
	case err != nil:
	case m.Duration <= 0:
		err = errors.New("duration is zero")
	case float64(size)*8/m.Duration.Seconds() < floor:
		// Headers can say anything: a frame count or a time scale that
		// gives fewer bits a second than any such audio has is a damaged
		// header, or a file cut off after it, not a long episode.
		err = fmt.Errorf("its headers say it lasts %s, which for its %d bytes is %.0f bit/s, under the %.0f of any %s: the header is damaged or the file cut off",
			m.Duration.Round(time.Second), size, float64(size)*8/m.Duration.Seconds(), floor, m.Ext[1:])
	}
	return m, err
}

// unknownFormat is ErrUnknownFormat with what the file starts as, when
// that says what it is: audio of another format, or text (a web page or
// an error message saved under the audio's name).
func unknownFormat(head []byte) error {
	other := ""
	switch {
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		other = "WAV"
	case bytes.HasPrefix(head, []byte("fLaC")):
		other = "FLAC"
	case bytes.HasPrefix(head, []byte("OggS")):
		other = "Ogg (Vorbis or Opus)"
	case bytes.HasPrefix(head, []byte("FORM")):
		other = "AIFF"
	case bytes.HasPrefix(head, []byte{0x30, 0x26, 0xB2, 0x75}):
		other = "WMA"
	}
	if other != "" {
		return fmt.Errorf("%w: it is %s audio, which not every podcast app plays: convert it, e.g. ffmpeg -i IN -b:a 128k OUT.mp3", ErrUnknownFormat, other)
	}
	text := head
	for i := 0; i < utf8.UTFMax-1 && len(text) > 0 && !utf8.Valid(text); i++ {
		text = text[:len(text)-1] // a character cut by the 12 bytes read
	}
	if len(text) > 0 && utf8.Valid(text) && !bytes.ContainsFunc(text, func(r rune) bool { return r < ' ' && r != '\n' && r != '\r' && r != '\t' }) {
		return fmt.Errorf("%w: it is text (%q…), not audio: a web page or an error saved in its place?", ErrUnknownFormat, head)
	}
	return ErrUnknownFormat
}

// The lowest bit rates of the formats: MPEG Layer III's lowest frame
// (MPEG-2.5, 8 kbit/s); for AAC, far under any spoken-word encoder's
// (HE-AAC v2 goes to about 5 kbit/s), to flag only the absurd.
const (
	minBitrateMP3 = 8000
	minBitrateM4A = 2000
)

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
