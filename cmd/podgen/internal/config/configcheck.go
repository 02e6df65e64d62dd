package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/upload"
	"golang.org/x/net/idna"
)

// checkUpload checks the values of the upload section that need no
// store to check, and cleans its prefix.
func (c *Config) checkUpload() error {
	u := &c.Upload
	var err error
	if u.Prefix, err = upload.CleanPrefix(u.Prefix); err != nil {
		return fmt.Errorf("%s: %w", c.Origin("upload.prefix"), err)
	}
	for _, n := range []struct {
		key  string
		bad  bool
		val  any
		want string
	}{
		{"upload.timeout", u.Timeout <= 0, u.Timeout, "must be positive"},
		{"upload.min_rate", u.MinRate <= 0, u.MinRate, "must be positive"},
		{"upload.concurrency", u.Concurrency <= 0, u.Concurrency, "must be positive"},
		{"upload.max_deletes", u.MaxDeletes < 0, u.MaxDeletes, "must be 0 or more"},
	} {
		if n.bad {
			return fmt.Errorf("%s %v: %s", c.Where(n.key), n.val, n.want)
		}
	}
	if err := upload.CheckACL(u.ACL); err != nil {
		return fmt.Errorf("%s: %w", c.Where("upload.acl"), err)
	}
	return nil
}

// checkOut checks that the site folder is a folder of its own: not a file,
// and neither the articles or audio folder, nor inside one, nor holding
// one. A build removes from the site folder the files it no longer needs
// (audio/, transcripts/, index pages); out: . or out: example would take
// the source audio with them.
func (c *Config) checkOut() error {
	if st, err := os.Stat(c.Out); err == nil && !st.IsDir() {
		return fmt.Errorf("%q: not a folder", c.Out)
	}
	out, err := realPath(c.Out)
	if err != nil {
		return err
	}
	for _, key := range []string{"articles", "audio"} {
		dir := *c.path(key)
		if key == "audio" && (c.AudioURL != "" || dir == "") {
			continue
		}
		d, err := realPath(dir)
		if err != nil {
			continue // said above
		}
		what := ""
		switch {
		case d == out:
			what = "is"
		case inside(d, out):
			what = "holds"
		case inside(out, d):
			what = "is inside"
		default:
			continue
		}
		return fmt.Errorf("%q %s the %s folder %q (%s): a build removes files from the site folder, so it needs one of its own, like public", c.Out, what, key, dir, c.Origin(key))
	}
	return nil
}

// realPath is path made absolute, its symlinks resolved as far as it
// exists (a site folder may not exist yet).
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// inside reports whether the clean absolute path p is under dir.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// isLocal reports whether host is this machine or its network (podgen
// serve's address, a test's server), where plain http is what there is and
// Apple never looks.
func isLocal(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate())
}

// CheckBaseURL says what keeps u from being the base of every URL in the
// feed: an absolute http(s) URL of ASCII characters, with no user info,
// query or fragment, for paths to be added to.
func CheckBaseURL(u string) error {
	if u == "" {
		return errors.New("is empty")
	}
	if strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return errors.New("holds a space or a control character: percent-encode it (a space is %20)")
	}
	if i := strings.IndexFunc(u, func(r rune) bool { return r >= 0x80 }); i >= 0 {
		return nonASCII(u, i)
	}
	p, err := url.Parse(u)
	switch {
	case err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "":
		return errors.New("is not an absolute http(s) URL")
	case p.User != nil:
		return errors.New("holds user info")
	case p.RawQuery != "" || p.ForceQuery:
		return errors.New("has a query")
	case p.Fragment != "" || strings.Contains(u, "#"):
		return errors.New("has a fragment")
	case strings.HasSuffix(strings.ToLower(p.Path), ".xml"), strings.HasSuffix(strings.ToLower(p.Path), ".rss"):
		// The feed would be at .../feed.xml/feed.xml.
		return fmt.Errorf("ends in a feed's name: base_url is the folder the feed is in, %s, whose %s podgen writes", u[:strings.LastIndex(u, "/")], feed.FeedFile)
	}
	if port := p.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("has port %s, which is not a port (1 to 65535)", port)
		}
	} else if strings.HasSuffix(p.Host, ":") {
		return errors.New("has an empty port: drop its colon")
	}
	return nil
}

// lowerHost is a URL that CheckBaseURL passed with its scheme and host in
// lower case, as URLs compare them: HTTPS://Podcast.Example.org/SakuraFM is
// https://podcast.example.org/SakuraFM, the feed's URL as before, not a
// move. Its path is as written: a path is not case-insensitive.
func lowerHost(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	i := strings.IndexByte(rest+"/", '/')
	return strings.ToLower(scheme) + "://" + strings.ToLower(rest[:i]) + rest[i:]
}

// nonASCII is the error for a URL whose character at i is not ASCII: a
// host is written in punycode, which it gives where it can, the rest
// percent-encoded.
func nonASCII(u string, i int) error {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return errors.New("is not ASCII: percent-encode it (Apple wants ASCII URLs)")
	}
	authority := rest[:strings.IndexAny(rest+"/", "/?#")]
	host := authority[strings.LastIndex(authority, "@")+1:] // not user info: it is no host, and may be a secret
	if start := len(u) - len(rest) + len(authority) - len(host); i < start || i >= start+len(host) {
		return errors.New("is not ASCII: percent-encode it (Apple wants ASCII URLs)")
	}
	name, port := host, ""
	if h, p, err := net.SplitHostPort(host); err == nil {
		name, port = h, ":"+p
	}
	if a, err := idna.Lookup.ToASCII(name); err == nil {
		return fmt.Errorf("is not ASCII: write its host as %s (punycode; Apple wants ASCII URLs)", a+port)
	}
	return errors.New("is not ASCII: write its host in punycode (Apple wants ASCII URLs)")
}
