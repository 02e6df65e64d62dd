package fetch

import (
	"strings"
	"testing"
)

// TestRedactURL: no secret a URL may carry is shown, whether or not the
// URL parses.
func TestRedactURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://x.org/sakurafm", "https://x.org/sakurafm"},
		{"http://127.0.0.1:7070", "http://127.0.0.1:7070"},
		{"https://KEY:SECRET@x.org/a", "https://xxxxx@x.org/a"},
		{"https://KEY@x.org", "https://xxxxx@x.org"},
		// AWS secret keys hold slashes; such a URL does not parse.
		{"https://AKIA:wJalr/XUtnFEMI@x.org/a", "https://xxxxx@x.org/a"},
		{"https://AKIA:a/b@c@x.org/a", "https://xxxxx@x.org/a"},
		{"//KEY:SECRET@x.org/a", "//xxxxx@x.org/a"},
		{"KEY:SECRET@x.org", "xxxxx@x.org"},
		{"https://x.org/a?token=SECRET", "https://x.org/a?xxxxx"},
		{"https://x.org/a#SECRET", "https://x.org/a#xxxxx"},
		{"https://KEY:SE/CRET@x.org/a?b=SECRET#SECRET", "https://xxxxx@x.org/a?xxxxx"},
		{"https://x.org/@user/a", "https://xxxxx@user/a"}, // too little, never too much
		// A "?" or "#" ahead of the last "@": a password's, or the "@" is
		// the query's; none of it is shown.
		{"https://user:pa?SECRET@x.org/a", "https://xxxxx"},
		{"https://user:pa#SECRET@x.org", "https://xxxxx"},
		{"https://x.org/a?mail=me@x.org&token=SECRET", "https://xxxxx"},
		{"k:SECRET@host/p/http://z", "xxxxx@host/p/http://z"},
		{"", ""},
	} {
		got := RedactURL(c.in)
		if got != c.want {
			t.Errorf("RedactURL(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.Contains(got, "SECRET") || strings.Contains(got, "XUtn") || strings.Contains(got, "SE/CRET") {
			t.Errorf("RedactURL(%q) = %q shows the secret", c.in, got)
		}
	}
}
