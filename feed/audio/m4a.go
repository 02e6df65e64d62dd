package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// probeM4A returns the duration of an MPEG-4 audio file from moov/mvhd (or,
// when mvhd says 0, the longest moov/trak/mdia/mdhd), wherever moov sits:
// files not made "faststart" keep it after the media data, so top-level
// boxes are skipped by their sizes without reading their contents.
func probeM4A(r io.ReaderAt, size int64) (time.Duration, error) {
	moov, moovSize, err := findBox(r, 0, size, "moov")
	if err != nil {
		return 0, err
	}
	if d, err := mvhdDuration(r, moov, moovSize); err == nil && d > 0 {
		return d, nil
	}
	var longest time.Duration
	err = eachBox(r, moov, moovSize, func(typ string, off, n int64) bool {
		if typ != "trak" {
			return true
		}
		mdia, mdiaSize, err := findBox(r, off, n, "mdia")
		if err != nil {
			return true
		}
		mdhd, mdhdSize, err := findBox(r, mdia, mdiaSize, "mdhd")
		if err != nil {
			return true
		}
		if d, err := headerDuration(r, mdhd, mdhdSize); err == nil && d > longest {
			longest = d
		}
		return true
	})
	if err != nil {
		return 0, err
	}
	if longest == 0 {
		return 0, errors.New("mp4: no duration in moov/mvhd or mdhd")
	}
	return longest, nil
}

func mvhdDuration(r io.ReaderAt, moov, size int64) (time.Duration, error) {
	off, n, err := findBox(r, moov, size, "mvhd")
	if err != nil {
		return 0, err
	}
	return headerDuration(r, off, n)
}

// headerDuration reads the timescale and duration of an mvhd or mdhd box
// body (version 0: 32-bit times, version 1: 64-bit).
func headerDuration(r io.ReaderAt, off, n int64) (time.Duration, error) {
	b := make([]byte, 32)
	if n < 24 {
		return 0, errors.New("mp4: header box too short")
	}
	if _, err := r.ReadAt(b[:min(n, 32)], off); err != nil && err != io.EOF {
		return 0, err
	}
	var scale, dur uint64
	switch b[0] {
	case 0:
		scale = uint64(binary.BigEndian.Uint32(b[12:]))
		dur = uint64(binary.BigEndian.Uint32(b[16:]))
	case 1:
		if n < 32 {
			return 0, errors.New("mp4: header box too short")
		}
		scale = uint64(binary.BigEndian.Uint32(b[20:]))
		dur = binary.BigEndian.Uint64(b[24:])
	default:
		return 0, fmt.Errorf("mp4: unknown header box version %d", b[0])
	}
	if scale == 0 || dur == 0 || dur == 0xFFFFFFFF || dur == 1<<64-1 {
		return 0, errors.New("mp4: no duration")
	}
	secs := dur / scale
	if secs > 1<<32 {
		return 0, errors.New("mp4: duration out of range")
	}
	return time.Duration(secs)*time.Second + time.Duration((dur%scale)*uint64(time.Second)/scale), nil
}

// findBox returns the body offset and body length of the first box of type
// typ among the boxes in [off, off+n).
func findBox(r io.ReaderAt, off, n int64, typ string) (int64, int64, error) {
	var bodyOff, bodyLen int64 = -1, 0
	err := eachBox(r, off, n, func(t string, o, l int64) bool {
		if t == typ {
			bodyOff, bodyLen = o, l
			return false
		}
		return true
	})
	if err != nil {
		return 0, 0, err
	}
	if bodyOff < 0 {
		return 0, 0, fmt.Errorf("mp4: no %s box", typ)
	}
	return bodyOff, bodyLen, nil
}

// eachBox calls fn with the type, body offset and body length of each box
// in [off, off+n) until fn returns false.
func eachBox(r io.ReaderAt, off, n int64, fn func(typ string, body, length int64) bool) error {
	end := off + n
	hdr := make([]byte, 16)
	for off+8 <= end {
		if _, err := r.ReadAt(hdr[:8], off); err != nil {
			return fmt.Errorf("mp4: box at %d: %w", off, err)
		}
		size := int64(binary.BigEndian.Uint32(hdr))
		typ := string(hdr[4:8])
		head := int64(8)
		switch size {
		case 0: // to the end of the enclosing space
			size = end - off
		case 1: // 64-bit size follows the type
			if _, err := r.ReadAt(hdr[8:16], off+8); err != nil {
				return fmt.Errorf("mp4: box %q at %d: %w", typ, off, err)
			}
			size = int64(binary.BigEndian.Uint64(hdr[8:]))
			head = 16
		}
		if size > end-off {
			return fmt.Errorf("mp4: box %q at %d says it is %d bytes long, and %d are left of what holds it: the file is cut off, or damaged", typ, off, size, end-off)
		}
		if size < head {
			return fmt.Errorf("mp4: box %q at %d has a bad size %d", typ, off, size)
		}
		if !fn(typ, off+head, size-head) {
			return nil
		}
		off += size
	}
	return nil
}
