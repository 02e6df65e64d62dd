package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The true lengths are the durations given to ffmpeg in
// testdata/audio/make.sh; LAME adds up to one frame of padding at each end.
func TestProbeFixtures(t *testing.T) {
	tests := []struct {
		file string
		typ  string
		want time.Duration
	}{
		{"cbr-xing.mp3", TypeMP3, 3200 * time.Millisecond},
		{"vbr-xing.mp3", TypeMP3, 4500 * time.Millisecond},
		{"vbr-noxing.mp3", TypeMP3, 4500 * time.Millisecond}, // ffprobe says 5.80
		{"mpeg2.mp3", TypeMP3, 5 * time.Second},
		{"mpeg25.mp3", TypeMP3, 6 * time.Second},
		{"cbr-noxing-id3v1.mp3", TypeMP3, 2500 * time.Millisecond},
		{"id3-picture.mp3", TypeMP3, 3 * time.Second},
		{"moov-end.m4a", TypeM4A, 4200 * time.Millisecond},
		{"faststart.m4a", TypeM4A, 7300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			m, err := ProbeFile(path)
			if err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(path)
			if m.Size != st.Size() || m.Type != tt.typ {
				t.Errorf("size, type = %d, %s; want %d, %s", m.Size, m.Type, st.Size(), tt.typ)
			}
			if d := m.Duration - tt.want; d < -500*time.Millisecond || d > 500*time.Millisecond {
				t.Errorf("duration = %v, want %v ± 0.5s", m.Duration, tt.want)
			}
		})
	}
}

func TestProbeLargeID3(t *testing.T) {
	audio, err := os.ReadFile("testdata/vbr-noxing.mp3")
	if err != nil {
		t.Fatal(err)
	}
	// A 3 MB embedded picture, and its bytes full of sync-like 0xFF 0xFB.
	const picture = 3 << 20
	tag := make([]byte, 10+picture)
	copy(tag, "ID3\x04\x00\x00")
	for i := 10; i+1 < len(tag); i += 2 {
		tag[i], tag[i+1] = 0xFF, 0xFB
	}
	s := picture
	tag[6], tag[7], tag[8], tag[9] = byte(s>>21&0x7f), byte(s>>14&0x7f), byte(s>>7&0x7f), byte(s&0x7f)
	data := append(tag, audio...)
	m, err := Probe(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Duration - 4500*time.Millisecond; d < -500*time.Millisecond || d > 500*time.Millisecond {
		t.Errorf("duration = %v, want 4.5s ± 0.5s", m.Duration)
	}
}

// TestProbeVBRI builds a Fraunhofer VBRI tag in front of frames whose count
// it states; the frames themselves are silence of one fixed size.
func TestProbeVBRI(t *testing.T) {
	// MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding, stereo: 417 bytes.
	hdr := []byte{0xFF, 0xFB, 0x90, 0x00}
	frame := make([]byte, 417)
	copy(frame, hdr)
	first := bytes.Clone(frame)
	copy(first[36:], "VBRI")
	const stated = 1000 // 1000 * 1152 / 44100 = 26.12 s
	binary.BigEndian.PutUint32(first[36+14:], stated)
	data := bytes.Clone(first)
	for range stated - 1 {
		data = append(data, frame...)
	}
	m, err := Probe(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Duration(stated * 1152 * int64(time.Second) / 44100)
	if m.Duration != want {
		t.Errorf("duration = %v, want %v (from the VBRI frame count)", m.Duration, want)
	}
}

// TestProbeCutOff: an MP3 whose Xing or VBRI tag counts more bytes than
// the file holds was cut off, and is refused rather than published with
// the whole file's duration; a file a few bytes short of the count (a
// count that takes in a tag) is not.
func TestProbeCutOff(t *testing.T) {
	for _, name := range []string{"cbr-xing.mp3", "vbr-xing.mp3"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, keep := range []int{300, len(data) * 6 / 10} {
			if _, err := Probe(bytes.NewReader(data[:keep]), int64(keep)); err == nil || !strings.Contains(err.Error(), "cut off") {
				t.Errorf("%s cut to %d bytes: err = %v, want cut off", name, keep, err)
			}
		}
		if _, err := Probe(bytes.NewReader(data[:len(data)-100]), int64(len(data)-100)); err != nil {
			t.Errorf("%s, 100 bytes short: %v", name, err)
		}
		// A count well over the file whose frames are all there (a tag
		// the count took in, rewritten smaller) is not cut off.
		whole, _ := Probe(bytes.NewReader(data), int64(len(data)))
		over := bytes.Clone(data)
		x := bytes.Index(over, []byte("Xing"))
		if x < 0 {
			x = bytes.Index(over, []byte("Info"))
		}
		binary.BigEndian.PutUint32(over[x+12:], uint32(2*len(data)))
		if m, err := Probe(bytes.NewReader(over), int64(len(over))); err != nil || m.Duration != whole.Duration {
			t.Errorf("%s counting twice its bytes, frames all there: %v, %v (want %v)", name, err, m.Duration, whole.Duration)
		}
	}
	frame := make([]byte, 417) // as in TestProbeVBRI
	copy(frame, []byte{0xFF, 0xFB, 0x90, 0x00})
	first := bytes.Clone(frame)
	copy(first[36:], "VBRI")
	binary.BigEndian.PutUint32(first[36+10:], 417*100)
	binary.BigEndian.PutUint32(first[36+14:], 100)
	data := append(first, frame...)
	if _, err := Probe(bytes.NewReader(data), int64(len(data))); err == nil || !strings.Contains(err.Error(), "cut off") {
		t.Errorf("VBRI counting 100 frames, 2 there: err = %v, want cut off", err)
	}
}

// TestProbeImplausible: a header whose duration gives fewer bits a
// second than any MP3 or AAC has (a frame count or a time scale that is
// damaged, or a file cut off behind a tag that does not count its bytes)
// is refused, not published as an episode of years.
func TestProbeImplausible(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	xing := func(data []byte) int {
		x := bytes.Index(data, []byte("Xing"))
		if x < 0 {
			x = bytes.Index(data, []byte("Info"))
		}
		return x
	}
	frames := read("cbr-xing.mp3") // a count of 2^32-1 frames, its bytes right
	binary.BigEndian.PutUint32(frames[xing(frames)+8:], 0xFFFFFFFF)
	cut := read("vbr-xing.mp3") // a fifth of it, the tag's bytes flag cleared
	flags := cut[xing(cut)+4:]
	binary.BigEndian.PutUint32(flags, binary.BigEndian.Uint32(flags)&^2)
	cut = cut[:len(cut)/5]
	scale := read("faststart.m4a") // mvhd: 2^32-2 ticks of a second each
	m := bytes.Index(scale, []byte("mvhd"))
	if scale[m+4] != 0 {
		t.Fatal("faststart.m4a: mvhd is not version 0")
	}
	binary.BigEndian.PutUint32(scale[m+16:], 1)
	binary.BigEndian.PutUint32(scale[m+20:], 0xFFFFFFFE)
	for name, data := range map[string][]byte{"frame count": frames, "cut off": cut, "time scale": scale} {
		if m, err := Probe(bytes.NewReader(data), int64(len(data))); err == nil || !strings.Contains(err.Error(), "cut off") {
			t.Errorf("%s: %v, %v; want refused", name, m.Duration, err)
		}
	}
	for _, name := range []string{"cbr-xing.mp3", "vbr-xing.mp3", "faststart.m4a", "mpeg25.mp3"} {
		data := read(name)
		if _, err := Probe(bytes.NewReader(data), int64(len(data))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestProbeBadInput(t *testing.T) {
	tests := map[string][]byte{
		"empty":              nil,
		"text":               []byte("hello, world"),
		"id3 without frames": append([]byte("ID3\x03\x00\x00\x00\x00\x00\x05"), 1, 2, 3, 4, 5, 6, 7),
		"id3 over the file":  append([]byte("ID3\x03\x00\x00\x7f\x7f\x7f\x7f"), 0xFF, 0xFB, 0x90, 0x00),
		"ftyp without moov":  []byte("\x00\x00\x00\x10ftypM4A \x00\x00\x00\x00"),
		"box of bad size":    []byte("\x00\x00\x00\x10ftypM4A \x00\x00\x00\x00\xff\xff\xff\xffmoov"),
		"moov cut off":       []byte("\x00\x00\x00\x10ftypM4A \x00\x00\x00\x00\x00\x00\x04\xb0moov\x00\x00\x00\x6cmvhd"),
		"moov of huge 64-bit size": []byte("\x00\x00\x00\x10ftypM4A \x00\x00\x00\x00" +
			"\x00\x00\x00\x01moov\x7f\xff\xff\xff\xff\xff\xff\xff"),
	}
	// What a file that is neither is said to be.
	said := map[string]string{
		"text":    `not an MP3 or M4A file: it is text ("hello, world"…), not audio`,
		"a page":  `not an MP3 or M4A file: it is text ("<!DOCTYPE ht"…), not audio`,
		"chinese": `not an MP3 or M4A file: it is text ("音频文件"…), not audio`,
		"wav":     "not an MP3 or M4A file: it is WAV audio, which not every podcast app plays: convert it",
		"flac":    "not an MP3 or M4A file: it is FLAC audio",
		"ogg":     "not an MP3 or M4A file: it is Ogg (Vorbis or Opus) audio",
		"binary":  "not an MP3 or M4A file",
	}
	tests["a page"] = []byte("<!DOCTYPE html><html>")
	tests["chinese"] = []byte("音频文件不存在")
	tests["wav"] = []byte("RIFF\x24\x08\x00\x00WAVEfmt ")
	tests["flac"] = []byte("fLaC\x00\x00\x00\x22\x10\x00\x10\x00")
	tests["ogg"] = []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00")
	tests["binary"] = []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Probe(bytes.NewReader(data), int64(len(data)))
			if want, ok := said[name]; ok && (!errors.Is(err, ErrUnknownFormat) || !strings.HasPrefix(err.Error(), want)) {
				t.Errorf("err = %v, want ErrUnknownFormat saying %q", err, want)
			}
			if name == "moov cut off" && !strings.Contains(err.Error(), `box "moov" at 16 says it is 1200 bytes long, and 16 are left of what holds it: the file is cut off`) {
				t.Errorf("err = %v, want the moov box said to be cut off", err)
			}
			if name == "binary" && err.Error() != said[name] {
				t.Errorf("err = %v, want only %q", err, said[name])
			}
			if err == nil {
				t.Fatal("no error")
			}
			if name == "empty" && err.Error() != "the file is empty" {
				t.Errorf("err = %v, want the file said to be empty", err)
			}
			if name == "text" && !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("err = %v, want ErrUnknownFormat", err)
			}
			if name == "id3 over the file" && !strings.Contains(err.Error(), "its ID3 tag says it is 268435465 bytes long, and the file has 14") {
				t.Errorf("err = %v, want the tag's size said", err)
			}
		})
	}
}

func FuzzProbe(f *testing.F) {
	for _, name := range []string{"cbr-xing.mp3", "moov-end.m4a"} {
		b, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(b[:min(len(b), 2048)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Any input: no panic, and what a probe that succeeds gives is
		// consistent.
		m, err := Probe(bytes.NewReader(data), int64(len(data)))
		if err == nil && (m.Size != int64(len(data)) || m.Ext != map[string]string{TypeMP3: ".mp3", TypeM4A: ".m4a"}[m.Type]) {
			t.Fatalf("no error but %+v for %d bytes", m, len(data))
		}
	})
}
