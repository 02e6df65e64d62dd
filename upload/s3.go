package upload

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/sakurafm/podgen/feed/fetch"
)

// S3Config says how to reach a bucket. Credentials are not here: they come
// only from the AWS SDK's standard chain (AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...), and never from the endpoint.
type S3Config struct {
	Endpoint string // empty for AWS; http(s)://host[:port] for R2, B2, MinIO, ...
	// UseIMDS lets the chain ask the EC2 instance metadata service for a
	// role's credentials. Off, a machine without credentials is told so
	// at once; on, the SDK first tries the service for seconds and warns.
	UseIMDS     bool
	Region      string // "auto" for R2; us-east-1 for local servers
	Bucket      string
	PathStyle   bool   // MinIO, versitygw
	ACL         string // sent only when set: R2, B2 and ACL-less AWS buckets reject ACLs
	MaxAttempts int    // per request, retries included; 0 means 5
	// Timeout is how long a request may wait for its answer once sent,
	// and, beyond what the send buffer holds at MinRate, how long its
	// body may go unread by the store. Each attempt must
	// also finish within 2·Timeout (to connect, and to be answered) plus
	// its body's size at MinRate. 0 means 30 s.
	Timeout time.Duration
	// MinRate is the slowest upload, in bytes a second, that is still
	// working rather than hung. 0 means 64,000 (512 kbit/s).
	MinRate int64
	// Files larger than MultipartThreshold (0: S3's single-PUT limit of
	// 5 GiB) are sent in parts of PartSize (0: as needed for 10,000 parts,
	// at least 64 MiB).
	MultipartThreshold int64
	PartSize           int64
}

const (
	maxSinglePut = 5 << 30
	maxParts     = 10000
	minPartSize  = 64 << 20

	defaultTimeout = 30 * time.Second
	defaultMinRate = 64000

	// A retry waits a random time up to retryBase·2^(attempt-1), at most
	// maxBackoff. The SDK starts from 1 s for throttling answers
	// (SlowDown), so a store answering 30% of requests with SlowDown made
	// a publish wait a minute where a second does; podgen starts every
	// retry from the SDK's own base for other transient errors.
	retryBase  = 50 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// S3Bucket is a Bucket in S3-compatible storage.
type S3Bucket struct {
	client *s3.Client
	cfg    S3Config
}

var _ Bucket = (*S3Bucket)(nil)

// NewS3Bucket makes a client for cfg. It sends no request: a bucket that
// does not exist or credentials that do not work show in the first List.
func NewS3Bucket(ctx context.Context, cfg S3Config) (*S3Bucket, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("no bucket configured (upload.bucket, PODGEN_UPLOAD_BUCKET)")
	}
	if err := checkEndpoint(cfg.Endpoint, cfg.Bucket); err != nil {
		return nil, err
	}
	imdsState := imds.ClientDisabled
	if cfg.UseIMDS {
		imdsState = imds.ClientEnabled
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.MinRate <= 0 {
		cfg.MinRate = defaultMinRate
	}
	awsCfg, err := config.LoadDefaultConfig(ctx,
		config.WithHTTPClient(httpClient(cfg)),
		config.WithEC2IMDSClientEnableState(imdsState),
		config.WithRegion(cfg.Region),
		// Since service/s3 v1.73 the SDK adds CRC32 checksums (aws-chunked
		// trailers) to every upload; R2, B2, older MinIO and Ceph reject
		// them or store the framing inside the object. Content-MD5 is sent
		// instead.
		config.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
		config.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = cfg.MaxAttempts
				o.MaxBackoff = maxBackoff
				o.Backoff = backoff{retryBase, maxBackoff}
				// Local throttling would stop retries of a burst of 500s
				// across many concurrent uploads; the attempts cap is the
				// limit.
				o.RateLimiter = noRateLimit{}
			})
		}),
	)
	var noProfile config.SharedConfigProfileNotExistError
	if errors.As(err, &noProfile) {
		return nil, fmt.Errorf("AWS_PROFILE %s: no such profile in the AWS config or credentials file", noProfile.Profile)
	}
	if err != nil {
		return nil, fmt.Errorf("aws configuration: %w", err)
	}
	// The chain ends with the instance role: when that is all it found,
	// nothing is configured, and asking the disabled service would only
	// fail at the first request with its own message.
	if cache, ok := awsCfg.Credentials.(*aws.CredentialsCache); !cfg.UseIMDS && (awsCfg.Credentials == nil || ok && cache.IsCredentialsProvider(&ec2rolecreds.Provider{})) {
		// One of the pair alone is the likely slip: said, by name.
		for _, pair := range [][2]string{{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}, {"AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"}} {
			if os.Getenv(pair[0]) != "" && os.Getenv(pair[1]) == "" {
				return nil, fmt.Errorf("%w: %s is set, %s is not", ErrNoCredentials, pair[0], pair[1])
			}
		}
		return nil, ErrNoCredentials
	}
	if bc, ok := awsCfg.HTTPClient.(*awshttp.BuildableClient); ok {
		awsCfg.HTTPClient = noRedirects(bc)
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			// After Retry: each attempt has its own deadline, and its body
			// is watched and counted from the start. The SDK has read the
			// body once before (for the payload's SHA-256); this counts
			// what the HTTP client sends.
			return stack.Finalize.Insert(attemptDeadline{cfg}, "Retry", middleware.After)
		})
	})
	return &S3Bucket{client: client, cfg: cfg}, nil
}

// ErrNoCredentials is returned by NewS3Bucket when the SDK's chain finds
// no credentials.
var ErrNoCredentials = errors.New("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)")

// httpClient is the SDK's HTTP client with a deadline for each answer, so
// that a store that takes a request and never answers fails it (the
// request's own deadline, which grows with its body, could be long). It
// stays the SDK's BuildableClient, which AWS_CA_BUNDLE needs.
func httpClient(cfg S3Config) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.ResponseHeaderTimeout = cfg.Timeout
	})
}

// noRedirects is the client's transport, as the SDK configured it (with
// AWS_CA_BUNDLE's roots), in a client that follows no redirect. The SDK's
// follows 307 and 308, and Go keeps the Authorization header when the new
// location is the same host on another port: a signed request would go
// where the endpoint points it. S3 answers where it is asked; a redirect
// means the endpoint or region is not the bucket's.
func noRedirects(bc *awshttp.BuildableClient) *http.Client {
	return &http.Client{
		Transport:     bc.GetTransport(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// List pages through ListObjectsV2, 1000 keys a request. A multipart
// upload's ETag ("md5-N") is not the file's MD5: for those objects only, a
// HEAD reads the MD5 podgen kept in their metadata, so that the plan can
// still compare.
func (b *S3Bucket) List(ctx context.Context, prefix string) ([]Object, error) {
	objs, err := b.list(ctx, prefix)
	if err != nil {
		return nil, err
	}
	for i := range objs {
		if !strings.Contains(objs[i].ETag, "-") {
			continue
		}
		head, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(b.cfg.Bucket), Key: aws.String(objs[i].Key)})
		if err != nil {
			return nil, b.describe("head "+objs[i].Key, err)
		}
		if sum := head.Metadata["md5"]; sum != "" {
			objs[i].ETag = sum
		}
	}
	return objs, nil
}

func (b *S3Bucket) list(ctx context.Context, prefix string) ([]Object, error) {
	var objs []Object
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(b.cfg.Bucket), Prefix: aws.String(prefix), MaxKeys: aws.Int32(1000),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, b.describe("list", err)
		}
		for _, o := range page.Contents {
			objs = append(objs, Object{
				Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size), ETag: strings.Trim(aws.ToString(o.ETag), `"`),
			})
		}
	}
	return objs, nil
}

// Put sends one PutObject with the open body, its length and Content-MD5:
// the SDK streams it without buffering, and the ETag stays the MD5 that
// the next plan compares with. A body over the multipart threshold (at
// most S3's 5 GiB single-part limit) goes up in parts from the file, with
// its MD5 in the object's metadata.
func (b *S3Bucket) Put(ctx context.Context, key string, body io.ReadSeeker, opts PutOptions) (string, error) {
	threshold := b.cfg.MultipartThreshold
	if threshold <= 0 || threshold > maxSinglePut {
		threshold = maxSinglePut
	}
	if opts.Size > threshold {
		ra, ok := body.(io.ReaderAt)
		if !ok {
			return "", fmt.Errorf("put %s: %d bytes need a multipart upload from a file", key, opts.Size)
		}
		return b.putMultipart(ctx, key, ra, opts)
	}
	sum, err := hex.DecodeString(opts.MD5)
	if err != nil {
		return "", fmt.Errorf("put %s: bad MD5 %q", key, opts.MD5)
	}
	in := &s3.PutObjectInput{
		Bucket:        aws.String(b.cfg.Bucket),
		Key:           aws.String(key),
		Body:          body,
		ContentLength: aws.Int64(opts.Size),
		ContentMD5:    aws.String(base64.StdEncoding.EncodeToString(sum)),
		ContentType:   aws.String(opts.ContentType),
		Metadata:      map[string]string{"md5": opts.MD5},
	}
	in.CacheControl, in.ACL = b.optionalHeaders(opts)
	ctx = withProgress(ctx, opts.Progress)
	if opts.IfAbsent {
		in.IfNoneMatch = aws.String("*")
	}
	out, err := b.client.PutObject(ctx, in)
	var apiErr smithy.APIError
	if opts.IfAbsent && errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "PreconditionFailed", "ConditionalRequestConflict":
			return "", fmt.Errorf("put %s: %w", key, ErrExists)
		case "NotImplemented":
			return "", fmt.Errorf("put %s: %w", key, ErrNoConditionalWrites)
		}
	}
	if err != nil {
		return "", b.describe("put "+key, err)
	}
	return strings.Trim(aws.ToString(out.ETag), `"`), nil
}

// optionalHeaders are a new object's Cache-Control, when there is one, and
// its ACL, only when configured: R2, B2 and ACL-less AWS buckets reject
// ACLs (an empty ACL sends no header).
func (b *S3Bucket) optionalHeaders(opts PutOptions) (*string, types.ObjectCannedACL) {
	var cc *string
	if opts.CacheControl != "" {
		cc = aws.String(opts.CacheControl)
	}
	return cc, types.ObjectCannedACL(b.cfg.ACL)
}

// Delete sends one DeleteObject: the batch DeleteObjects now sends a CRC32
// header instead of Content-MD5, which some stores reject.
func (b *S3Bucket) Delete(ctx context.Context, key string) error {
	_, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.cfg.Bucket), Key: aws.String(key)})
	if err != nil {
		return b.describe("delete "+key, err)
	}
	return nil
}

// expectedRegion is the region a store names when a request was signed
// for another: "the region 'mars-1' is wrong; expecting 'us-east-1'".
var expectedRegion = regexp.MustCompile(`expecting ['"]?([A-Za-z0-9-]+)`)

// describe turns SDK errors into one line that says what to fix. It never
// includes credentials: the SDK's messages do not carry them.
func (b *S3Bucket) describe(op string, err error) error {
	where := b.cfg.Endpoint
	if where == "" {
		where = "AWS S3 (" + b.cfg.Region + ")"
	}
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) && resp.HTTPStatusCode()/100 == 3 {
		to := ""
		if loc := resp.Response.Header.Get("Location"); loc != "" {
			to = " to " + fetch.RedactURL(loc)
		}
		return fmt.Errorf("%s: %s answered %s%s: podgen follows no redirects: set upload.endpoint and upload.region to the bucket's", op, where, resp.Response.Status, to)
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "NoSuchBucket":
			return fmt.Errorf("%s: bucket %q does not exist at %s", op, b.cfg.Bucket, where)
		case "InvalidAccessKeyId", "XAdminUserNotFound":
			// versitygw answers an unknown key id with XAdminUserNotFound.
			return fmt.Errorf("%s: %s does not know the access key id in AWS_ACCESS_KEY_ID (%s): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)", op, where, apiErr.ErrorCode())
		case "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken":
			check := "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
			switch {
			case apiErr.ErrorCode() == "ExpiredToken":
				check = "how they were had: temporary credentials (a role, SSO, AWS_SESSION_TOKEN) have expired and want renewing"
			case apiErr.ErrorCode() == "InvalidToken" && os.Getenv("AWS_SESSION_TOKEN") != "":
				// A token left from another session, beside a key that needs none.
				check = "AWS_SESSION_TOKEN, which is set: a key that needs no token wants it unset"
			}
			return fmt.Errorf("%s: %s rejected the credentials (%s): check %s", op, where, apiErr.ErrorCode(), check)
		case "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
			if m := expectedRegion.FindStringSubmatch(apiErr.ErrorMessage()); m != nil && m[1] != b.cfg.Region {
				return fmt.Errorf("%s: %s says the bucket's region is %s, not upload.region %s: set upload.region: %s", op, where, m[1], b.cfg.Region, m[1])
			}
		case "AccessDenied", "Forbidden":
			return fmt.Errorf("%s: access denied to bucket %q at %s: the credentials lack permission", op, b.cfg.Bucket, where)
		}
		return fmt.Errorf("%s: %s answered %s: %s", op, where, apiErr.ErrorCode(), apiErr.ErrorMessage())
	}
	var stall *stallError
	if errors.As(err, &stall) {
		return fmt.Errorf("%s: %s stopped reading what was sent: nothing went for %v (%d attempts; upload.timeout)", op, where, stall.idle, b.cfg.MaxAttempts)
	}
	var deadline *timeoutError
	if errors.As(err, &deadline) {
		return fmt.Errorf("%s: %s did not finish within %v (%d attempts): the store stalled, or the link is slower than upload.min_rate", op, where, deadline.rounded(), b.cfg.MaxAttempts)
	}
	if errors.Is(err, context.Canceled) {
		return err // Ctrl-C: counted as stopped, not described as a failure
	}
	if errors.Is(err, http.ErrSchemeMismatch) {
		return fmt.Errorf("%s: %s answers plain http, not https: give upload.endpoint as http://", op, where)
	}
	if host, ok := b.virtualHostUnknown(err); ok {
		return fmt.Errorf("%s: cannot reach %s: no such host %s, the bucket's name in front of the endpoint's: a store that answers only its own name (MinIO, versitygw, Ceph) wants upload.path_style: true", op, where, host)
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return fmt.Errorf("%s: cannot reach %s: %v", op, where, netErr.Err)
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return fmt.Errorf("%s: %s did not answer within %v (%d attempts): the store is stalled (upload.timeout)", op, where, b.cfg.Timeout, b.cfg.MaxAttempts)
	}
	return fmt.Errorf("%s: %s: %w", op, where, err)
}

// virtualHostUnknown reports whether err is DNS not knowing the bucket's
// virtual-hosted name (bucket.endpoint-host), which the SDK asks without
// upload.path_style, while the endpoint's own host name is known.
func (b *S3Bucket) virtualHostUnknown(err error) (string, bool) {
	var dns *net.DNSError
	if b.cfg.PathStyle || b.cfg.Endpoint == "" || !errors.As(err, &dns) || !dns.IsNotFound || !strings.HasPrefix(dns.Name, b.cfg.Bucket+".") {
		return "", false
	}
	u, perr := url.Parse(b.cfg.Endpoint)
	if perr != nil || net.ParseIP(u.Hostname()) != nil {
		return "", false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second) // short: describe has no ctx to stop with
	defer cancel()
	if _, lerr := net.DefaultResolver.LookupHost(ctx, u.Hostname()); lerr != nil {
		return "", false // the endpoint is unknown too: said as it is
	}
	return dns.Name, true
}

// Get reads a small object whole (the published feed.xml, to compare the
// new one with). A missing key gives ErrNotFound.
//
// The answer has cfg.Timeout to come (the HTTP client's deadline); its
// body, read here after the call returns, has the deadline of its length.
func (b *S3Bucket) Get(ctx context.Context, key string) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.cfg.Bucket), Key: aws.String(key)})
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) {
			return nil, ErrNotFound
		}
		return nil, b.describe("get "+key, err)
	}
	defer out.Body.Close()
	d := b.cfg.deadline(aws.ToInt64(out.ContentLength))
	timer := time.AfterFunc(d, cancel)
	defer timer.Stop()
	data, err := io.ReadAll(io.LimitReader(out.Body, 512<<20))
	if err != nil && ctx.Err() != nil {
		return nil, b.describe("get "+key, &timeoutError{d})
	}
	return data, err
}

// putMultipart sends a large file in parts, each a section of the open
// file (streamed, and seekable for retries) with its own Content-MD5, and
// keeps the whole file's MD5 in the object's metadata.
func (b *S3Bucket) putMultipart(ctx context.Context, key string, r io.ReaderAt, opts PutOptions) (string, error) {
	part := b.cfg.PartSize
	if part <= 0 {
		part = max(minPartSize, (opts.Size+maxParts-1)/maxParts)
	}
	create := &s3.CreateMultipartUploadInput{
		Bucket: aws.String(b.cfg.Bucket), Key: aws.String(key),
		ContentType: aws.String(opts.ContentType), Metadata: map[string]string{"md5": opts.MD5},
	}
	create.CacheControl, create.ACL = b.optionalHeaders(opts)
	up, err := b.client.CreateMultipartUpload(ctx, create)
	if err != nil {
		return "", b.describe("put "+key, err)
	}
	abort := func(err error) (string, error) {
		// A fresh context: the upload's may be the one that was canceled.
		actx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		b.client.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{Bucket: aws.String(b.cfg.Bucket), Key: aws.String(key), UploadId: up.UploadId})
		return "", err
	}
	var parts []types.CompletedPart
	for n, off := int32(1), int64(0); off < opts.Size; n, off = n+1, off+part {
		size := min(part, opts.Size-off)
		h := md5.New()
		if _, err := io.Copy(h, io.NewSectionReader(r, off, size)); err != nil {
			return abort(fmt.Errorf("put %s: %w", key, err))
		}
		var progress func(int64)
		if opts.Progress != nil {
			progress = func(n int64) { opts.Progress(off + n) }
		}
		out, err := b.client.UploadPart(withProgress(ctx, progress), &s3.UploadPartInput{
			Bucket: aws.String(b.cfg.Bucket), Key: aws.String(key), UploadId: up.UploadId,
			PartNumber: aws.Int32(n), Body: io.NewSectionReader(r, off, size), ContentLength: aws.Int64(size),
			ContentMD5: aws.String(base64.StdEncoding.EncodeToString(h.Sum(nil))),
		})
		if err != nil {
			return abort(b.describe(fmt.Sprintf("put %s part %d", key, n), err))
		}
		parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(n)})
	}
	done, err := b.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: aws.String(b.cfg.Bucket), Key: aws.String(key), UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	if err != nil {
		return abort(b.describe("put "+key, err))
	}
	return strings.Trim(aws.ToString(done.ETag), `"`), nil
}
