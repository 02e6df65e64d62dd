package parse

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode returns src as UTF-8 text with LF line ends. Archives made on
// Windows hold GB18030/GBK files next to UTF-8 ones, with nothing in the file
// to say which: a file that is not valid UTF-8 is decoded as GB18030 (a
// superset of GBK and GB2312), and refused when that fails too.
func decode(src []byte) (string, *lineError) {
	src = bytes.TrimPrefix(src, utf8BOM)
	if !utf8.Valid(src) {
		bad := invalidUTF8Line(src)
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return "", &lineError{bad, errors.New("not UTF-8 and not GB18030 text (invalid byte sequence); convert the file to UTF-8")}
		}
		src = out
	}
	s := string(src)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, nil
}

// invalidUTF8Line is the 1-based line of the first byte that is not UTF-8.
func invalidUTF8Line(src []byte) int {
	line := 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += n
	}
	return line
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
