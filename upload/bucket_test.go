package upload

import (
	"bytes"
	"cmp"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

// memBucket is an in-process Bucket for the tests that inject faults. It
// keeps what a real store keeps: bytes, headers, and the MD5 ETag.
type memBucket struct {
	mu      sync.Mutex
	objects map[string]memObject
	puts    []string // keys, in order of completion
	gets    int      // Get calls
	// failPut, when set, makes Put of a key fail.
	failPut func(key string) error
}

type memObject struct {
	data []byte
	opts PutOptions
}

var _ Bucket = (*memBucket)(nil)

func newMemBucket() *memBucket { return &memBucket{objects: map[string]memObject{}} }

func (m *memBucket) List(_ context.Context, prefix string) ([]Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Object
	for k, o := range m.objects {
		if strings.HasPrefix(k, prefix) {
			sum := md5.Sum(o.data)
			out = append(out, Object{Key: k, Size: int64(len(o.data)), ETag: hex.EncodeToString(sum[:])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (m *memBucket) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets++
	o, ok := m.objects[key]
	if !ok {
		return nil, ErrNotFound
	}
	return bytes.Clone(o.data), nil
}

func (m *memBucket) Put(_ context.Context, key string, body io.ReadSeeker, opts PutOptions) (string, error) {
	if m.failPut != nil {
		if err := m.failPut(key); err != nil {
			return "", err
		}
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return "", err
	}
	if opts.Progress != nil {
		opts.Progress(int64(len(data)))
	}
	sum := md5.Sum(data)
	etag := hex.EncodeToString(sum[:])
	if int64(len(data)) != opts.Size || etag != opts.MD5 {
		return "", fmt.Errorf("put %s: BadDigest", key)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objects[key]; ok && opts.IfAbsent {
		return "", fmt.Errorf("put %s: %w", key, ErrExists)
	}
	m.objects[key] = memObject{data, opts}
	m.puts = append(m.puts, key)
	return etag, nil
}

func (m *memBucket) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.objects, key)
	return nil
}

// testBucketContract is the behaviour every Bucket must have; it runs
// against the fake and against versitygw, so the fake cannot drift from a
// real store.
func testBucketContract(t *testing.T, b Bucket) {
	ctx := context.Background()
	put := func(key, data string) {
		t.Helper()
		sum := md5.Sum([]byte(data))
		etag, err := b.Put(ctx, key, strings.NewReader(data), PutOptions{
			Size: int64(len(data)), MD5: hex.EncodeToString(sum[:]), ContentType: "text/plain; charset=utf-8",
		})
		if err != nil {
			t.Fatal(err)
		}
		if etag != hex.EncodeToString(sum[:]) {
			t.Errorf("put %s: etag %q, want the MD5", key, etag)
		}
	}
	put("site/a.txt", "alpha")
	put("site/sub/b.txt", "bravo!")
	put("other/c.txt", "charlie")
	put("site/a.txt", "alpha 2") // overwrite

	objs, err := b.List(ctx, "site/")
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	sum := md5.Sum([]byte("alpha 2"))
	want := []Object{{"site/a.txt", 7, hex.EncodeToString(sum[:])}}
	sum = md5.Sum([]byte("bravo!"))
	want = append(want, Object{"site/sub/b.txt", 6, hex.EncodeToString(sum[:])})
	if fmt.Sprint(objs) != fmt.Sprint(want) {
		t.Errorf("List = %v, want %v", objs, want)
	}

	// A body that does not match its Content-MD5 is refused.
	_, err = b.Put(ctx, "site/bad.txt", strings.NewReader("xxxxx"), PutOptions{Size: 5, MD5: hex.EncodeToString(sum[:]), ContentType: "text/plain"})
	if err == nil {
		t.Error("a put whose bytes do not match Content-MD5 succeeded")
	}

	if got, err := b.Get(ctx, "site/sub/b.txt"); err != nil || string(got) != "bravo!" {
		t.Errorf("Get = %q, %v", got, err)
	}
	if _, err := b.Get(ctx, "site/never-there.txt"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a missing key: %v, want ErrNotFound", err)
	}

	// IfAbsent creates a free key, and only a free key.
	create := func(key, data string) error {
		_, err := b.Put(ctx, key, strings.NewReader(data), PutOptions{Size: int64(len(data)), MD5: md5Hex([]byte(data)), IfAbsent: true})
		return err
	}
	if err := create("site/lock", "first"); err != nil {
		t.Fatal(err)
	}
	if err := create("site/lock", "second"); !errors.Is(err, ErrExists) {
		t.Errorf("IfAbsent over an object: %v, want ErrExists", err)
	}
	if got, _ := b.Get(ctx, "site/lock"); string(got) != "first" {
		t.Errorf("IfAbsent replaced the object with %q", got)
	}
	b.Delete(ctx, "site/lock")

	if err := b.Delete(ctx, "site/a.txt"); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, "site/never-there.txt"); err != nil {
		t.Errorf("deleting a missing object: %v", err)
	}
	objs, _ = b.List(ctx, "site/")
	if len(objs) != 1 || objs[0].Key != "site/sub/b.txt" {
		t.Errorf("after delete: %v", objs)
	}
}

func TestMemBucketContract(t *testing.T) { testBucketContract(t, newMemBucket()) }

func TestS3BucketContract(t *testing.T) {
	g := startGateway(t)
	testBucketContract(t, g.createBucket(t, "contract"))
}

// TestS3BucketPaging: more than 1000 keys take more than one LIST, and all
// come back.
func TestS3BucketPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("puts 1001 objects")
	}
	g := startGateway(t)
	b := g.createBucket(t, "paging")
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i := range 1001 {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			data := []byte(fmt.Sprint(i))
			sum := md5.Sum(data)
			if _, err := b.Put(context.Background(), fmt.Sprintf("p/%04d", i), bytes.NewReader(data), PutOptions{Size: int64(len(data)), MD5: hex.EncodeToString(sum[:])}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	mark := g.mark(t)
	objs, err := b.List(context.Background(), "p/")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1001 {
		t.Errorf("listed %d objects, want 1001", len(objs))
	}
	if n := count(g.requests(t, mark), "s3_ListObjectsV2"); n != 2 {
		t.Errorf("%d LIST requests for 1001 objects, want 2", n)
	}
}

// TestS3BucketErrors: a wrong endpoint, bad credentials and a missing
// bucket each give one line that says what is wrong, without the secret.
func TestS3BucketErrors(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "exists")
	ln, _ := newClosedPort(t)
	tests := []struct {
		name, endpoint, bucket, key, secret, want string
		region, token                             string
	}{
		{"wrong endpoint", "http://" + ln, "exists", testAccessKey, testSecretKey, "list: cannot reach http://" + ln + ": ", "", ""},
		{"missing bucket", g.Endpoint, "nope", testAccessKey, testSecretKey, `list: bucket "nope" does not exist at ` + g.Endpoint, "", ""},
		{"bad secret", g.Endpoint, "exists", testAccessKey, "wrong-secret", "list: " + g.Endpoint + " rejected the credentials (SignatureDoesNotMatch)", "", ""},
		{"unknown key id", g.Endpoint, "exists", "nobody-knows-me", testSecretKey,
			"list: " + g.Endpoint + " does not know the access key id in AWS_ACCESS_KEY_ID (XAdminUserNotFound): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)", "", ""},
		{name: "wrong region", endpoint: g.Endpoint, bucket: "exists", key: testAccessKey, secret: testSecretKey, region: "mars-1",
			want: "list: " + g.Endpoint + " says the bucket's region is us-east-1, not upload.region mars-1: set upload.region: us-east-1"},
		{name: "a stray session token", endpoint: g.Endpoint, bucket: "exists", key: testAccessKey, secret: testSecretKey, token: "left-over",
			want: "list: " + g.Endpoint + " rejected the credentials (InvalidToken): check AWS_SESSION_TOKEN, which is set: a key that needs no token wants it unset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_ACCESS_KEY_ID", tt.key)
			t.Setenv("AWS_SECRET_ACCESS_KEY", tt.secret)
			t.Setenv("AWS_SESSION_TOKEN", tt.token)
			b, err := NewS3Bucket(context.Background(), S3Config{Endpoint: tt.endpoint, Bucket: tt.bucket, PathStyle: true, MaxAttempts: 1, Region: cmp.Or(tt.region, "us-east-1")})
			if err != nil {
				t.Fatal(err)
			}
			_, err = b.List(context.Background(), "")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want prefix %q", err, tt.want)
			}
			if strings.Contains(err.Error(), tt.secret) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line without the secret: %q", err)
			}
		})
	}
}

// TestS3BucketPathStyleHint: a store asked by its endpoint's host name
// without path_style is asked at bucket.host, which DNS does not know: the
// error says to set upload.path_style. An endpoint whose own host is
// unknown is not told that.
func TestS3BucketPathStyleHint(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "exists")
	if _, err := net.LookupHost("exists.localhost"); err == nil {
		t.Skip("this machine resolves exists.localhost")
	}
	t.Setenv("AWS_ACCESS_KEY_ID", testAccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecretKey)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(g.Endpoint, "http://"))
	for _, tt := range []struct{ endpoint, want string }{
		{"http://localhost:" + port, "list: cannot reach http://localhost:" + port + ": no such host exists.localhost, the bucket's name in front of the endpoint's: a store that answers only its own name (MinIO, versitygw, Ceph) wants upload.path_style: true"},
		{"http://podgen-test.invalid:" + port, "list: cannot reach http://podgen-test.invalid:" + port + ": "},
	} {
		b, err := NewS3Bucket(t.Context(), S3Config{Endpoint: tt.endpoint, Bucket: "exists", MaxAttempts: 1, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.List(t.Context(), "")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: %v; want %q", tt.endpoint, err, tt.want)
		}
		if strings.HasSuffix(tt.want, ": ") && err != nil && strings.Contains(err.Error(), "path_style") {
			t.Errorf("%s: %v; an unknown endpoint is not a path_style matter", tt.endpoint, err)
		}
	}
	// With path_style the same endpoint works.
	b, err := NewS3Bucket(t.Context(), S3Config{Endpoint: "http://localhost:" + port, Bucket: "exists", PathStyle: true, MaxAttempts: 1, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.List(t.Context(), ""); err != nil {
		t.Errorf("path_style: %v", err)
	}
}

// TestNewS3BucketEndpoint: an endpoint that is not an http(s) URL of a
// host is refused before any request, and one with credentials in it
// (user info) is refused without printing them.
func TestNewS3BucketEndpoint(t *testing.T) {
	useTestCredentials(t)
	tests := []struct{ endpoint, want string }{
		{"http://AKIAEXAMPLE:s3cr3t@127.0.0.1:9000", "upload.endpoint http://xxxxx@127.0.0.1:9000: credentials in the URL are refused: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead"},
		{"https://s3cr3t@r2.example", "upload.endpoint https://xxxxx@r2.example: credentials in the URL are refused"},
		{"http://AKIAEXAMPLE:s3cr3t%zz@host", "upload.endpoint http://xxxxx@host: not an http(s) URL"},
		{"ftp://host", `upload.endpoint ftp://host: not an http(s) URL`},
		{"host:9000", `upload.endpoint host:9000: not an http(s) URL: did you mean https://host:9000?`},
		{"s3.example.org", `upload.endpoint s3.example.org: not an http(s) URL: did you mean https://s3.example.org?`},
		// A key set in the wrong variable is not shown.
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYs3cr3t", "upload.endpoint: not an http(s) URL (https://host[:port]); its value is not shown"},
		{"AKIAEXAMPLE:s3cr3t", "upload.endpoint: not an http(s) URL (https://host[:port]); its value is not shown"},
		{"http://", `upload.endpoint http://: not an http(s) URL`},
		{"http://host/?x=s3cr3t", `upload.endpoint http://host/?xxxxx: a query or fragment has no place in an endpoint`},
		{"http://127.0.0.1:7070/b", `upload.endpoint http://127.0.0.1:7070/b: its path ends with the bucket, which upload.bucket names already: leave it out of the endpoint`},
		{"https://x.supabase.co/storage/v1/s3/b/", `upload.endpoint https://x.supabase.co/storage/v1/s3/b/: its path ends with the bucket`},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			_, err := NewS3Bucket(context.Background(), S3Config{Endpoint: tt.endpoint, Bucket: "b"})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want prefix %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "AKIAEXAMPLE") {
				t.Errorf("the error prints the credentials: %v", err)
			}
		})
	}
	for _, ok := range []string{"", "http://127.0.0.1:7070", "https://abc.r2.cloudflarestorage.com", "https://s3.us-west-004.backblazeb2.com/", "https://x.supabase.co/storage/v1/s3"} {
		if _, err := NewS3Bucket(context.Background(), S3Config{Endpoint: ok, Bucket: "b"}); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

// TestHTTPSEndpointOnHTTP: an https endpoint where the store speaks
// plain http is said so, not with the SDK's text.
func TestHTTPSEndpointOnHTTP(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "podcast")
	b, err := NewS3Bucket(context.Background(), S3Config{Endpoint: strings.Replace(g.Endpoint, "http://", "https://", 1), Bucket: "podcast", PathStyle: true, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.List(context.Background(), "")
	want := "answers plain http, not https: give upload.endpoint as http://"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "operation error") {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestNewS3BucketNoCredentials: without credentials, NewS3Bucket says
// which variables to set, and asks nothing of anyone (no instance
// metadata service, whose warnings the SDK prints).
func TestNewS3BucketNoCredentials(t *testing.T) {
	useTestCredentials(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "")
	_, err := NewS3Bucket(context.Background(), S3Config{Endpoint: "http://127.0.0.1:9", Bucket: "b"})
	if !errors.Is(err, ErrNoCredentials) || err.Error() != "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)" {
		t.Fatalf("err = %v", err)
	}
	// One of the pair alone is named.
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
	_, err = NewS3Bucket(context.Background(), S3Config{Endpoint: "http://127.0.0.1:9", Bucket: "b"})
	if !errors.Is(err, ErrNoCredentials) || !strings.HasSuffix(err.Error(), ": AWS_ACCESS_KEY_ID is set, AWS_SECRET_ACCESS_KEY is not") {
		t.Fatalf("a key id without its secret: err = %v", err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")

	t.Setenv("AWS_PROFILE", "nosuch")
	_, err = NewS3Bucket(context.Background(), S3Config{Endpoint: "http://127.0.0.1:9", Bucket: "b"})
	if err == nil || err.Error() != "AWS_PROFILE nosuch: no such profile in the AWS config or credentials file" {
		t.Fatalf("err = %v", err)
	}
}

// TestDescribeTokens: a token the store calls invalid, with
// AWS_SESSION_TOKEN set, is the variable to unset; one it calls expired is
// temporary credentials to renew, not a token to drop.
func TestDescribeTokens(t *testing.T) {
	b := &S3Bucket{cfg: S3Config{Endpoint: "http://127.0.0.1:9", Region: "us-east-1"}}
	t.Setenv("AWS_SESSION_TOKEN", "tok")
	for code, want := range map[string]string{
		"InvalidToken": "rejected the credentials (InvalidToken): check AWS_SESSION_TOKEN, which is set: a key that needs no token wants it unset",
		"ExpiredToken": "rejected the credentials (ExpiredToken): check how they were had: temporary credentials (a role, SSO, AWS_SESSION_TOKEN) have expired and want renewing",
	} {
		if err := b.describe("list", &smithy.GenericAPIError{Code: code}); !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: %v, want …%s", code, err, want)
		}
	}
}
