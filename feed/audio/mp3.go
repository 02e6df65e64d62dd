package audio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"
)

// mp3Header is one decoded MPEG audio frame header.
type mp3Header struct {
	version    int // 1, 2, or 25 for MPEG-2.5
	layer      int // 1, 2, 3
	bitrate    int // bits per second
	sampleRate int // Hz
	padding    int
	mono       bool
}

var (
	// kbit/s by [version index][layer index][bitrate index]; version index 0
	// is MPEG-1, 1 is MPEG-2 and 2.5; layer index 0 is layer I.
	mp3Bitrates = [2][3][16]int{
		{
			{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, -1},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, -1},
			{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
		},
		{
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, -1},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1},
		},
	}
	mp3SampleRates = map[int][3]int{1: {44100, 48000, 32000}, 2: {22050, 24000, 16000}, 25: {11025, 12000, 8000}}
)

// parseMP3Header decodes a 4-byte frame header; ok is false for anything
// that is not a valid layer I-III header (free-format bitrates included).
func parseMP3Header(b []byte) (h mp3Header, ok bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return h, false
	}
	switch (b[1] >> 3) & 3 {
	case 0:
		h.version = 25
	case 2:
		h.version = 2
	case 3:
		h.version = 1
	default:
		return h, false
	}
	h.layer = 4 - int((b[1]>>1)&3)
	if h.layer == 4 {
		return h, false
	}
	vi := 0
	if h.version != 1 {
		vi = 1
	}
	br := mp3Bitrates[vi][h.layer-1][b[2]>>4]
	sri := (b[2] >> 2) & 3
	if br <= 0 || sri == 3 {
		return h, false
	}
	h.bitrate = br * 1000
	h.sampleRate = mp3SampleRates[h.version][sri]
	h.padding = int((b[2] >> 1) & 1)
	h.mono = b[3]>>6 == 3
	return h, true
}

// samples is the number of PCM samples one frame holds.
func (h mp3Header) samples() int {
	switch {
	case h.layer == 1:
		return 384
	case h.layer == 3 && h.version != 1:
		return 576
	}
	return 1152
}

// size is the frame's length in bytes, header included.
func (h mp3Header) size() int {
	if h.layer == 1 {
		return (12*h.bitrate/h.sampleRate + h.padding) * 4
	}
	return h.samples()/8*h.bitrate/h.sampleRate + h.padding
}

// xingOffset is where a Xing/Info tag starts in the first frame: after the
// 4-byte header and the side information, whose size depends on the MPEG
// version and channel mode.
func (h mp3Header) xingOffset() int {
	switch {
	case h.version == 1 && !h.mono:
		return 4 + 32
	case h.version == 1 || !h.mono:
		return 4 + 17
	}
	return 4 + 9
}

// id3v2Size returns the length of the ID3v2 tag at the start of b (header,
// syncsafe size and optional footer), or 0.
func id3v2Size(b []byte) int64 {
	if len(b) < 10 || string(b[:3]) != "ID3" {
		return 0
	}
	size := int64(b[6]&0x7f)<<21 | int64(b[7]&0x7f)<<14 | int64(b[8]&0x7f)<<7 | int64(b[9]&0x7f)
	size += 10
	if b[5]&0x10 != 0 {
		size += 10 // footer
	}
	return size
}

var errNoFrames = errors.New("no MPEG audio frames found")

// bufPool holds 64 KiB read buffers: probing 10,000 files must not
// allocate 10,000 of them.
var (
	bufPool    = sync.Pool{New: func() any { b := make([]byte, 64*1024); return &b }}
	readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64*1024) }}
)

// probeMP3 returns the duration of the MP3 in r (size bytes long).
func probeMP3(r io.ReaderAt, size int64) (time.Duration, error) {
	// Skip ID3v2 tags (there may be several; a tag may hold megabytes of
	// embedded pictures): only their headers are read.
	var start int64
	hdr := make([]byte, 10)
	for {
		if _, err := r.ReadAt(hdr, start); err != nil {
			break
		}
		n := id3v2Size(hdr)
		if n == 0 {
			break
		}
		start += n
	}
	if start >= size {
		return 0, fmt.Errorf("its ID3 tag says it is %d bytes long, and the file has %d: no audio after it", start, size)
	}
	end := size
	tail := make([]byte, 3)
	if size-start >= 128 {
		if _, err := r.ReadAt(tail, size-128); err == nil && string(tail) == "TAG" {
			end -= 128 // ID3v1
		}
	}

	// Find the first frame: a valid header followed by another valid header
	// where the first says the next starts, so that stray sync bits in junk
	// do not count.
	bufp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bufp)
	buf := *bufp
	n, _ := r.ReadAt(buf, start)
	buf = buf[:n]
	first := -1
	var h mp3Header
	for i := 0; i+4 <= len(buf); i++ {
		hh, ok := parseMP3Header(buf[i:])
		if !ok {
			continue
		}
		next := i + hh.size()
		if next+4 <= len(buf) {
			if _, ok2 := parseMP3Header(buf[next:]); !ok2 {
				continue
			}
		} else if start+int64(next) != end {
			continue
		}
		first, h = i, hh
		break
	}
	if first < 0 {
		return 0, errNoFrames
	}
	frameStart := start + int64(first)
	frame := buf[first:min(len(buf), first+h.size())]

	// A Xing/Info (LAME) or VBRI (Fraunhofer) tag in the first frame gives
	// the frame count: the exact length without reading the rest.
	// Both also say how many bytes the audio has: a file well short of
	// that was cut off (a copy or download that stopped), and would be
	// published with the whole file's duration.
	if off := h.xingOffset(); len(frame) >= off+12 {
		tag := frame[off:]
		if bytes.HasPrefix(tag, []byte("Xing")) || bytes.HasPrefix(tag, []byte("Info")) {
			if flags := binary.BigEndian.Uint32(tag[4:]); flags&1 != 0 {
				d := framesDuration(int64(binary.BigEndian.Uint32(tag[8:])), h)
				if flags&2 != 0 && len(tag) >= 16 {
					return wholeOrCut(r, frameStart, end, size, binary.BigEndian.Uint32(tag[12:]), d, "%d bytes of audio")
				}
				// No byte count: the fewest bytes its frames can take,
				// each at the lowest bit rate of its MPEG version.
				fewest := int64(binary.BigEndian.Uint32(tag[8:])) * int64(h.samples()/8*lowestBitrate(h.version)/h.sampleRate)
				return wholeOrCut(r, frameStart, end, size, uint32(min(fewest, math.MaxUint32)), d, "frames that take at least %d bytes")
			}
		}
	}
	if len(frame) >= 36+18 && bytes.HasPrefix(frame[36:], []byte("VBRI")) {
		d := framesDuration(int64(binary.BigEndian.Uint32(frame[36+14:])), h)
		return wholeOrCut(r, frameStart, end, size, binary.BigEndian.Uint32(frame[36+10:]), d, "%d bytes of audio")
	}
	return walkMP3(r, frameStart, end)
}

// lowestBitrate is the lowest bit rate of a Layer III frame of an MPEG
// version (free format aside), in bits a second.
func lowestBitrate(version int) int {
	if version == 1 {
		return 32000
	}
	return 8000
}

// wholeOrCut returns d, the duration a Xing or VBRI tag gives, unless the
// file (size bytes) is well short of the audio bytes the tag counts and
// its frames, counted, end well short of d too: then it was cut off. (The
// count leaves out the tags in front, so a whole file is not shorter;
// were it, as when a tag the count took in was rewritten smaller, its
// frames are all there.) what says what counted is, as a format of it:
// "%d bytes of audio".
func wholeOrCut(r io.ReaderAt, frameStart, end, size int64, counted uint32, d time.Duration, what string) (time.Duration, error) {
	if size >= int64(counted)*95/100 {
		return d, nil
	}
	if walked, err := walkMP3(r, frameStart, end); err == nil && walked >= d*95/100 {
		return d, nil
	}
	return 0, fmt.Errorf("cut off: its MP3 header counts "+what+", the file has %d", counted, size)
}

// walkMP3 counts the frames from start to end, reading 4 bytes a frame and
// skipping over the rest, and adds up their samples.
func walkMP3(r io.ReaderAt, start, end int64) (time.Duration, error) {
	br := readerPool.Get().(*bufio.Reader)
	defer readerPool.Put(br)
	br.Reset(io.NewSectionReader(r, start, end-start))
	var total time.Duration
	var samples int64
	rate := 0
	frames := 0
	hdr := make([]byte, 4)
	for {
		if _, err := io.ReadFull(br, hdr); err != nil {
			break // end of data, or a truncated last header
		}
		h, ok := parseMP3Header(hdr)
		if !ok {
			// Junk after the audio (an APE tag, a truncated file): stop.
			break
		}
		if h.sampleRate != rate {
			total += samplesDuration(samples, rate)
			samples, rate = 0, h.sampleRate
		}
		samples += int64(h.samples())
		frames++
		if _, err := br.Discard(h.size() - 4); err != nil {
			break
		}
	}
	if frames == 0 {
		return 0, errNoFrames
	}
	return total + samplesDuration(samples, rate), nil
}

func framesDuration(frames int64, h mp3Header) time.Duration {
	return samplesDuration(frames*int64(h.samples()), h.sampleRate)
}

func samplesDuration(samples int64, rate int) time.Duration {
	if rate == 0 {
		return 0
	}
	r := int64(rate)
	return time.Duration(samples/r)*time.Second + time.Duration(samples%r*int64(time.Second)/r)
}
