package upload

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

// TestS3BucketTimeouts: a request the store never answers fails with its
// deadline, however it hangs, rather than hanging the publish. The test
// configures short deadlines and checks the errors, not the time taken.
func TestS3BucketTimeouts(t *testing.T) {
	g := startGateway(t)
	g.createBucket(t, "slow")
	proxy := newFaultProxy(t, g.Endpoint)
	b, err := NewS3Bucket(context.Background(), S3Config{Endpoint: proxy.srv.URL, Bucket: "slow", PathStyle: true,
		MaxAttempts: 2, Timeout: 300 * time.Millisecond, MinRate: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	// A stall ends an attempt after 300 ms and what 8 MiB of send buffer
	// take at its MinRate (0.5 s), long before its deadline for 64 MiB
	// (4.6 s).
	slowRate, err := NewS3Bucket(context.Background(), S3Config{Endpoint: proxy.srv.URL, Bucket: "slow", PathStyle: true,
		MaxAttempts: 2, Timeout: 300 * time.Millisecond, MinRate: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	// Its gaps between reads (the socket buffers') are well under its timeout.
	patient, err := NewS3Bucket(context.Background(), S3Config{Endpoint: proxy.srv.URL, Bucket: "slow", PathStyle: true,
		MaxAttempts: 2, Timeout: time.Second, MinRate: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	// More than the socket buffers hold: its send blocks when the store
	// stops reading.
	big := bytes.Repeat([]byte("x"), 64<<20)
	tests := []struct {
		name, fault, want string
		do                func() error
	}{
		{"a PUT read and never answered", "hang", "did not answer within 300ms (2 attempts)", func() error {
			_, err := b.Put(context.Background(), "a.txt", strings.NewReader("a"), PutOptions{Size: 1, MD5: md5Hex([]byte("a"))})
			return err
		}},
		// The store stops reading its body: the attempt ends once
		// nothing is sent for a while, not at its deadline.
		{"a PUT the store stops reading", "stall", "stopped reading what was sent: nothing went for 800ms (2 attempts", func() error {
			_, err := slowRate.Put(context.Background(), "big.mp3", bytes.NewReader(big), PutOptions{Size: int64(len(big)), MD5: md5Hex(big)})
			return err
		}},
		// The store reads on, too slowly: the request's own deadline
		// ends it.
		{"a PUT the store reads too slowly", "trickle", "did not finish within 2.063s (2 attempts)", func() error {
			_, err := patient.Put(context.Background(), "big.mp3", bytes.NewReader(big), PutOptions{Size: int64(len(big)), MD5: md5Hex(big)})
			return err
		}},
		{"a LIST never answered", "hang", "did not answer within 300ms (2 attempts)", func() error {
			_, err := b.List(context.Background(), "")
			return err
		}},
		{"a GET never answered", "hang", "did not answer within 300ms (2 attempts)", func() error {
			_, err := b.Get(context.Background(), "feed.xml")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy.set(func(*http.Request, int64) string { return tt.fault })
			err := tt.do()
			proxy.set(nil)
			if err == nil || !strings.Contains(err.Error(), proxy.srv.URL+" "+tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRetryDelay: the wait before a retry starts small and doubles, for a
// SlowDown answer as for any other: a store answering 30% of requests with
// SlowDown must cost a publish a second, not a minute.
func TestRetryDelay(t *testing.T) {
	useTestCredentials(t)
	b, err := NewS3Bucket(context.Background(), S3Config{Bucket: "b"})
	if err != nil {
		t.Fatal(err)
	}
	r := b.client.Options().Retryer
	for _, code := range []string{"SlowDown", "InternalError"} {
		apiErr := &smithy.GenericAPIError{Code: code}
		for attempt := 1; attempt <= 8; attempt++ {
			limit := min(retryBase<<(attempt-1), 5*time.Second)
			for range 50 {
				d, err := r.RetryDelay(attempt, apiErr)
				if err != nil || d < 0 || d > limit {
					t.Fatalf("%s, attempt %d: waits %v (%v), want at most %v", code, attempt, d, err, limit)
				}
			}
		}
	}
}
