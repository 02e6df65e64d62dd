package upload

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/sakurafm/podgen/upload/s3test"
)

// gateway is a real S3 server, versitygw, on loopback, storing objects in
// a temporary folder.
type gateway struct {
	Endpoint string
	Dir      string // buckets are folders here
	log      string // its access log: one line per request
}

const (
	testAccessKey = "podgen-test-access"
	testSecretKey = "podgen-test-secret-do-not-print"
)

// versitygwPath finds the versitygw binary (s3test.Binary), or skips the
// test where none is installed, but in CI.
func versitygwPath(t *testing.T) string {
	t.Helper()
	if p := s3test.Binary(); p != "" {
		return p
	}
	msg := "versitygw is not installed: run `make test` (it installs bin/versitygw)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg) // CI never skips the tests against a real server
	}
	t.Skip(msg)
	return ""
}

// startGateway starts versitygw with a new empty folder and sets the
// credentials of the AWS SDK's standard chain for it.
func startGateway(t *testing.T) *gateway {
	t.Helper()
	g := &gateway{Dir: t.TempDir(), log: filepath.Join(t.TempDir(), "access.log")}
	srv, err := s3test.Start(versitygwPath(t), testAccessKey, testSecretKey, g.Dir, g.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	g.Endpoint = srv.Endpoint
	useTestCredentials(t)
	return g
}

// useTestCredentials points the SDK's standard chain at the test keys and
// away from any profile or instance metadata of the machine.
func useTestCredentials(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", testAccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", testSecretKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// createBucket makes a bucket with a signed PUT, as an administrator
// would; podgen itself never creates buckets.
func (g *gateway) createBucket(t *testing.T, name string) *S3Bucket {
	t.Helper()
	b := g.bucket(t, g.Endpoint, name)
	_, err := b.client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (g *gateway) bucket(t *testing.T, endpoint, name string) *S3Bucket {
	t.Helper()
	b, err := NewS3Bucket(context.Background(), S3Config{Endpoint: endpoint, Region: "us-east-1", Bucket: name, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// requests returns the operations (s3_PutObject key, ...) logged since
// the mark, in order.
func (g *gateway) requests(t *testing.T, mark int) []string {
	t.Helper()
	// The log is written as each request completes; give the last line a
	// moment to land.
	time.Sleep(100 * time.Millisecond)
	f, err := os.Open(g.log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ops []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 9 || !strings.HasPrefix(fields[7], "s3_") {
			continue // the header line
		}
		n++
		if n > mark {
			op := fields[7]
			if fields[8] != "-" {
				op += " " + fields[8]
			}
			ops = append(ops, op)
		}
	}
	return ops
}

// mark is the number of requests logged so far.
func (g *gateway) mark(t *testing.T) int { return len(g.requests(t, 0)) }

func count(ops []string, prefix string) int {
	n := 0
	for _, op := range ops {
		if strings.HasPrefix(op, prefix) {
			n++
		}
	}
	return n
}

func (g *gateway) String() string { return fmt.Sprintf("versitygw at %s", g.Endpoint) }
