package parse

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode returns src as clean UTF-8 text with LF line ends, and a warning
// when it had to drop control characters.
//
// Archives made on Windows hold GB18030/GBK files next to UTF-8 ones, with
// nothing in the file to say which: a file that is not valid UTF-8 is
// decoded as GB18030 (a superset of GBK and GB2312), and refused when that
// fails too. The 樱花FM archive is CRLF throughout, except that the source
// line of every article ends in a bare LF: both are line ends here.
//
// Every field of an Article is cut from this text, so cleaning it once
// cleans them all (see cleanRune): a NUL in an editor's note once reached
// the feed and made it invalid XML.
func decode(src []byte) (text string, warning, err *lineError) {
	src = bytes.TrimPrefix(src, utf8BOM)
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		// UTF-16 with its byte order mark: what Windows Notepad saves as
		// "Unicode". Without the mark, a file is not taken for UTF-16.
		out, lerr := decodeUTF16(src)
		if lerr != nil {
			return "", nil, lerr
		}
		src = out
	}
	if !utf8.Valid(src) {
		bad := invalidUTF8Line(src)
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return "", nil, &lineError{bad, errors.New("not UTF-8 and not GB18030 text (invalid byte sequence); convert the file to UTF-8")}
		}
		src = out
	}
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !mayNeedCleaning(s) {
		return s, nil, nil // nearly every file: nothing to clean
	}
	return strings.Map(cleanRune, s), controlWarning(s), nil
}

// decodeUTF16 decodes UTF-16 text that starts with its byte order mark, or
// says on which line it breaks: cut short, or a surrogate without its pair.
func decodeUTF16(src []byte) ([]byte, *lineError) {
	order := binary.ByteOrder(binary.LittleEndian)
	if src[0] == 0xFE {
		order = binary.BigEndian
	}
	units := make([]uint16, 0, len(src)/2)
	line := 1
	for i := 2; i+1 < len(src); i += 2 {
		u := order.Uint16(src[i:])
		if endsLine(rune(u), i+3 < len(src) && order.Uint16(src[i+2:]) == '\n') {
			line++
		}
		units = append(units, u)
	}
	if len(src)%2 != 0 {
		return nil, &lineError{line, errors.New("UTF-16 text cut short (an odd number of bytes); convert the file to UTF-8")}
	}
	line = 1
	for i := 0; i < len(units); i++ {
		switch u := units[i]; {
		case endsLine(rune(u), i+1 < len(units) && units[i+1] == '\n'):
			line++
		case utf16.IsSurrogate(rune(u)):
			if u >= 0xDC00 || i+1 == len(units) || units[i+1] < 0xDC00 || units[i+1] > 0xDFFF {
				return nil, &lineError{line, fmt.Errorf("UTF-16 text with a lone surrogate (U+%04X); convert the file to UTF-8", u)}
			}
			i++ // the pair's second half
		}
	}
	return []byte(string(utf16.Decode(units))), nil
}

// mayNeedCleaning reports whether s may hold a rune cleanRune changes: a
// control character (C0 below 0x20, C1 encoded after 0xC2, as NBSP is),
// or one of the three-byte characters it drops or that XML forbids
// (U+200B, U+2060, U+FEFF, U+FFFE, U+FFFF). It reads bytes, not runes:
// decode runs on every file.
func mayNeedCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0xC2 || c == 0x7F {
			return true
		}
		// U+202A-U+202E, U+2066-U+2069 (isBidiOverride) in UTF-8.
		if s[i] == 0xE2 && i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0xAA && s[i+2] <= 0xAE || s[i+1] == 0x81 && s[i+2] >= 0xA6 && s[i+2] <= 0xA9) {
			return true
		}
	}
	for _, r := range []string{"\u200B", "\u2060", "\uFEFF", "\uFFFE", "\uFFFF"} {
		if strings.Contains(s, r) {
			return true
		}
	}
	return false
}

// cleanRune is what decode and plain keep of a rune (-1: nothing, as for
// strings.Map). Control characters other than line ends and tabs are
// illegal in XML or invisible, and so are U+FFFE and U+FFFF; zero-width
// spaces and byte order marks inside the text (U+200B or an inner U+FEFF
// in 9 of the 1,581 articles, some at the end of a title) only get in the
// way of comparing and cutting text. A no-break space (in 14 articles)
// becomes a plain one: in a title or a description it is only a space.
func cleanRune(r rune) rune {
	switch {
	case r == '\n' || r == '\t':
		return r
	case isControl(r), r == '\u200B', r == '\u2060', r == '\uFEFF':
		return -1
	case r == '\u00A0':
		return ' '
	}
	return r
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF || isBidiOverride(r)
}

// isBidiOverride reports whether r is one of the characters that reorder
// the text around it (U+202A-U+202E, U+2066-U+2069): in a title, one
// makes a podcast app show the words backwards, or others than are there.
// The marks U+200E and U+200F change no order and stay.
func isBidiOverride(r rune) bool { return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 }

// controlWarning says where s held control characters, which cleanRune
// drops: the real archive has none, so one is a sign of a damaged file that
// its owner wants to know about.
func controlWarning(s string) *lineError {
	n, first, line := 0, rune(0), 0
	for i, r := range s {
		if r != '\n' && r != '\t' && isControl(r) {
			if n == 0 {
				first, line = r, 1+strings.Count(s[:i], "\n")
			}
			n++
		}
	}
	switch n {
	case 0:
		return nil
	case 1:
		return errAt(line, "control character %U removed", first)
	}
	return errAt(line, "%d control characters removed, the first (%U) on this line", n, first)
}

// invalidUTF8Line is the 1-based line of the first byte that is not UTF-8.
func invalidUTF8Line(src []byte) int {
	line := 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if endsLine(r, i+1 < len(src) && src[i+1] == '\n') {
			line++
		}
		i += n
	}
	return line
}

// endsLine reports whether r ends a line, as decode reads lines: \n, \r\n
// (at its \n) or a \r alone (old Mac files); lf says whether \n follows r.
func endsLine(r rune, lf bool) bool {
	return r == '\n' || r == '\r' && !lf
}

// lineError is an error at a line of the file being parsed; Parse adds the
// file name.
type lineError struct {
	line int
	err  error
}

func errAt(line int, format string, args ...any) *lineError {
	return &lineError{line, fmt.Errorf(format, args...)}
}
