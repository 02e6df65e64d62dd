package fetch

import (
	"regexp"
	"strings"
)

// RedactURL hides what could be secret in a URL that may not parse: its
// user info, its query and its fragment. A secret pasted raw may hold a
// "/", "?" or "#" (AWS secret keys hold "/"), so everything before the last
// "@" goes, even where the "@" is in the path or the query: it errs on the
// side of showing too little.
func RedactURL(s string) string {
	scheme, rest := "", s
	if m := schemeRe.FindString(s); m != "" {
		scheme, rest = m, s[len(m):]
	}
	at, q := strings.LastIndex(rest, "@"), strings.IndexAny(rest, "?#")
	switch {
	case at >= 0 && q >= 0 && q < at:
		// A password with a "?" or "#", or an "@" in the query: which
		// cannot be told, so none of it is shown.
		return scheme + "xxxxx"
	case at >= 0:
		rest = "xxxxx" + rest[at:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i+1] + "xxxxx"
	}
	return scheme + rest
}

// schemeRe is a URL's scheme and "//", or the "//" of a scheme-relative
// URL.
var schemeRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*:)?//`)
