package upload

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
)

// Bucket is where a site is published: an S3-compatible bucket, or a fake
// in tests. Implementations must be safe for concurrent use.
type Bucket interface {
	// List returns every object whose key starts with prefix.
	List(ctx context.Context, prefix string) ([]Object, error)
	// Get reads a small object whole (a feed, the lock); a missing key
	// gives ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Put stores body (opts.Size bytes) under key and returns the ETag the
	// store answered, without quotes. body is seekable so that a retried
	// request can send it again.
	Put(ctx context.Context, key string, body io.ReadSeeker, opts PutOptions) (etag string, err error)
	// Delete removes the object at key; a missing object is not an error.
	Delete(ctx context.Context, key string) error
}

// PutOptions describe an object being put.
type PutOptions struct {
	Size         int64
	MD5          string // hex; sent as Content-MD5 so the store checks the bytes
	ContentType  string
	CacheControl string
	// IfAbsent creates the object only if the key is free (If-None-Match:
	// *), atomically: Put returns ErrExists when it is taken, and
	// ErrNoConditionalWrites from a store that cannot tell.
	IfAbsent bool
	// Progress, when set, is called as the store reads the body, with the
	// bytes of it sent so far; the count goes back when a request is
	// retried.
	Progress func(sent int64)
}

var (
	// ErrNotFound is returned by Get for a key that does not exist.
	ErrNotFound = errors.New("not found")
	// ErrExists is returned by a Put with IfAbsent when the key is taken.
	ErrExists = errors.New("the key exists")
	// ErrNoConditionalWrites is returned by a Put with IfAbsent when the
	// store does not support conditional writes.
	ErrNoConditionalWrites = errors.New("the store does not support conditional writes (If-None-Match)")
)

// md5Hex is the MD5 of b in hex, as PutOptions.MD5 and ETags write it.
func md5Hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}
