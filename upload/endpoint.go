package upload

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/sakurafm/podgen/feed/fetch"
)

// EndpointError is an endpoint that NewS3Bucket refuses: not the http(s)
// URL of a host, or one with user info (credentials in a URL end up in
// messages and logs).
type EndpointError struct {
	Endpoint string // as fetch.RedactURL shows it; empty when not shown at all
	Reason   string
}

func (e *EndpointError) Error() string {
	if e.Endpoint == "" { // not shown
		return "upload.endpoint: " + e.Reason
	}
	return "upload.endpoint " + e.Endpoint + ": " + e.Reason
}

// CheckACL refuses an ACL that is not one of S3's canned ACLs, which the
// store would refuse on every PUT; empty (send none) is fine.
func CheckACL(acl string) error {
	values := types.ObjectCannedACL("").Values()
	if acl == "" || slices.Contains(values, types.ObjectCannedACL(acl)) {
		return nil
	}
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	return fmt.Errorf("%q is not a canned ACL (%s; or empty, for none)", acl, strings.Join(names, ", "))
}

// hostLike is a host name (and port) written without its scheme.
var hostLike = regexp.MustCompile(`^[A-Za-z0-9-]+((\.[A-Za-z0-9-]+)+(:[0-9]+)?|(\.[A-Za-z0-9-]+)*:[0-9]+)/?$`)

func checkEndpoint(endpoint, bucket string) error {
	if endpoint == "" {
		return nil
	}
	refuse := func(reason string) error { return &EndpointError{Endpoint: fetch.RedactURL(endpoint), Reason: reason} }
	u, err := url.Parse(endpoint)
	switch {
	case err == nil && u.User != nil:
		return refuse("credentials in the URL are refused: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead")
	case !strings.Contains(endpoint, "://") && hostLike.MatchString(endpoint):
		scheme := "https://"
		if h, _, _ := strings.Cut(endpoint, ":"); h == "localhost" || net.ParseIP(h) != nil {
			scheme = "http://" // MinIO or versitygw on this machine or the LAN
		}
		return refuse("not an http(s) URL: did you mean " + scheme + endpoint + "?")
	case !strings.Contains(endpoint, "://"):
		// Not shown: a value that is no URL at all may be a key pasted
		// into the wrong variable (keys have no dots, host names do).
		return &EndpointError{Reason: "not an http(s) URL (https://host[:port]); its value is not shown, in case it is a key set in the wrong place"}
	case err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		// Not url's error: it quotes the URL whole.
		return refuse("not an http(s) URL (https://host[:port])")
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return refuse("a query or fragment has no place in an endpoint")
	case bucket != "" && path.Base(strings.TrimRight(u.Path, "/")) == bucket:
		// The SDK puts the bucket and key after the endpoint's path (a
		// store served under one, as Supabase's /storage/v1/s3): with the
		// bucket in it too, every request misses (NoSuchKey).
		return refuse("its path ends with the bucket, which upload.bucket names already: leave it out of the endpoint")
	}
	return nil
}
