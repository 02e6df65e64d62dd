package main

import (
	"context"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/sakurafm/podgen/upload/s3test"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"podgen": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar: each starts in a folder holding
// a copy of the repository's config.yaml and example content.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"versitygw": cmdVersitygw, "stalled": cmdStalled, "s3put": cmdS3Put},
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			// The example's covers live on the internet, which tests do not
			// reach: keep their URLs (covers.txtar mirrors from a local server).
			env.Setenv("PODGEN_COVERS", "link")
			if err := copyTree(filepath.Join("..", "..", "example"), filepath.Join(env.WorkDir, "example")); err != nil {
				return err
			}
			for _, name := range []string{"config.yaml", "config.ja.yaml"} {
				b, err := os.ReadFile(filepath.Join("..", "..", name))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(env.WorkDir, name), b, 0o644); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// exampleCopy copies the example content and config.yaml into a new
// folder, and returns the folder and the config file's path there.
func exampleCopy(t *testing.T) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "example"), filepath.Join(dir, "example")); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config = filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(config, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, config
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// cmdVersitygw starts versitygw (a real S3 server) on loopback with an
// empty folder, creates the bucket named by its argument, and points
// podgen at it: PODGEN_UPLOAD_* for where, the AWS SDK's standard variables
// for who.
func cmdVersitygw(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: versitygw BUCKET")
	}
	bin := s3test.Binary()
	if bin == "" {
		ts.Fatalf("versitygw is not installed (run make test)")
	}
	dir := ts.MkAbs("s3data")
	ts.Check(os.MkdirAll(dir, 0o755))
	const access, secret = "podgen-test-access", "podgen-test-secret-do-not-print"
	srv, err := s3test.Start(bin, access, secret, dir, "")
	ts.Check(err)
	ts.Defer(srv.Stop)
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": access, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1",
		"AWS_CONFIG_FILE": ts.MkAbs("no-aws-config"), "AWS_SHARED_CREDENTIALS_FILE": ts.MkAbs("no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "PODGEN_UPLOAD_ENDPOINT": srv.Endpoint,
		"PODGEN_UPLOAD_BUCKET": args[0], "PODGEN_UPLOAD_PATH_STYLE": "true", "S3DATA": dir,
	} {
		ts.Setenv(k, v)
	}
	// Create the bucket with a signed PUT, as its administrator would.
	_, err = testClient(ts).CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(args[0])})
	ts.Check(err)
}

// testClient is an S3 client for the versitygw the script started.
func testClient(ts *testscript.TestScript) *s3.Client {
	endpoint := ts.Getenv("PODGEN_UPLOAD_ENDPOINT")
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithRegion("us-east-1"),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(ts.Getenv("AWS_ACCESS_KEY_ID"), ts.Getenv("AWS_SECRET_ACCESS_KEY"), "")))
	ts.Check(err)
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(endpoint); o.UsePathStyle = true })
}

// cmdS3Put puts a file of the script's folder into the bucket, as another
// program would (files written into $S3DATA directly lack the metadata
// versitygw keeps, such as the ETag).
func cmdS3Put(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: s3put KEY FILE")
	}
	f, err := os.Open(ts.MkAbs(args[1]))
	ts.Check(err)
	defer f.Close()
	_, err = testClient(ts).PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(ts.Getenv("PODGEN_UPLOAD_BUCKET")), Key: aws.String(args[0]), Body: f,
	})
	ts.Check(err)
}

// cmdStalled listens on loopback and never answers (nor accepts: the
// kernel completes the connections), and sets $STALLED to its URL.
func cmdStalled(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: stalled")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ts.Defer(func() { ln.Close() })
	ts.Setenv("STALLED", "http://"+ln.Addr().String())
}
