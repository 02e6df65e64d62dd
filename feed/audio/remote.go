package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
)

// Remote audio: an episode's audio may be an http(s) URL, for archives whose
// audio already lives elsewhere. It is not copied into the site; the
// enclosure points at it. Size and type come from HEAD; the duration from
// Range requests for the headers the probes read (Xing/VBRI, moov), and a
// full download only when there is no other way (VBR without a Xing tag, a
// server that ignores Range).

const (
	remoteRequestTimeout  = 30 * time.Second
	remoteDownloadTimeout = 10 * time.Minute
	remoteBlock           = 64 << 10
	// After this many Range requests the reader stops asking for pieces and
	// downloads the rest at once: a frame walk reads the whole file anyway.
	remoteMaxRanges = 6
)

// Remote is what a HEAD request says of an audio URL.
type Remote struct {
	URL  string
	Size int64 // Content-Length
	// Version names this version of the file: its ETag or Last-Modified,
	// prefixed with which it is; empty when the server gives neither, and
	// then a probe cannot be reused.
	Version string
}

// Head asks the server what it holds at rawURL.
func Head(ctx context.Context, client *http.Client, rawURL string) (Remote, error) {
	ctx, cancel := context.WithTimeout(ctx, remoteRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, rawURL, nil)
	if err != nil {
		return Remote{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return Remote{}, unwrapURLError(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Remote{}, fmt.Errorf("HEAD answered %s", resp.Status)
	}
	if resp.ContentLength <= 0 {
		return Remote{}, errors.New("HEAD gave no Content-Length: the enclosure needs the size")
	}
	r := Remote{URL: rawURL, Size: resp.ContentLength}
	if v := resp.Header.Get("ETag"); v != "" {
		r.Version = "etag:" + v
	} else if v := resp.Header.Get("Last-Modified"); v != "" {
		r.Version = "modified:" + v
	}
	return r, nil
}

// ProbeRemote reads the type and duration of the audio a HEAD request
// found, with Range requests for the headers.
func ProbeRemote(ctx context.Context, client *http.Client, rem Remote) (Media, error) {
	r := &rangeReader{ctx: ctx, client: client, url: rem.URL, size: rem.Size, blocks: map[int64][]byte{}}
	defer r.close()
	m, err := Probe(r, rem.Size)
	if r.err != nil {
		return m, r.err // Probe saw only a short read
	}
	return m, err
}

// rangeReader is an io.ReaderAt over an http(s) URL: 64 KiB blocks fetched
// with Range requests, then, after remoteMaxRanges of them or when the
// server answers a Range request with the whole body, one download of the
// file into a temporary file.
type rangeReader struct {
	ctx    context.Context
	client *http.Client
	url    string
	size   int64

	mu     sync.Mutex
	blocks map[int64][]byte
	ranges int
	full   *os.File // the whole file, once downloaded
	err    error    // the first network error
}

func (r *rangeReader) ReadAt(p []byte, off int64) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if off >= r.size {
		return 0, io.EOF
	}
	if r.full == nil && r.ranges >= remoteMaxRanges {
		r.download()
	}
	if r.full != nil {
		return r.full.ReadAt(p, off)
	}
	n := 0
	for n < len(p) && off+int64(n) < r.size {
		pos := off + int64(n)
		start := pos / remoteBlock * remoteBlock
		b, ok := r.blocks[start]
		if !ok {
			var err error
			if b, err = r.fetch(start); err != nil {
				return n, err
			}
			if r.full != nil { // the server sent everything
				m, err := r.full.ReadAt(p[n:], pos)
				return n + m, err
			}
		}
		n += copy(p[n:], b[pos-start:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// fetch gets one block with a Range request.
func (r *rangeReader) fetch(start int64) ([]byte, error) {
	end := min(start+remoteBlock, r.size) - 1
	ctx, cancel := context.WithTimeout(r.ctx, remoteRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, r.fail(err)
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", start, end))
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, r.fail(unwrapURLError(err))
	}
	defer resp.Body.Close()
	r.ranges++
	switch resp.StatusCode {
	case http.StatusPartialContent:
		b, err := io.ReadAll(io.LimitReader(resp.Body, end-start+1))
		if err != nil {
			return nil, r.fail(err)
		}
		if int64(len(b)) != end-start+1 {
			return nil, r.fail(fmt.Errorf("a Range request for %d bytes gave %d", end-start+1, len(b)))
		}
		r.blocks[start] = b
		return b, nil
	case http.StatusOK:
		// No Range support: this is the whole file.
		if err := r.keep(resp.Body); err != nil {
			return nil, err
		}
		return nil, nil
	default:
		return nil, r.fail(fmt.Errorf("GET answered %s", resp.Status))
	}
}

// download gets the whole file once.
func (r *rangeReader) download() {
	ctx, cancel := context.WithTimeout(r.ctx, remoteDownloadTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		r.fail(err)
		return
	}
	resp, err := r.client.Do(req)
	if err != nil {
		r.fail(unwrapURLError(err))
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		r.fail(fmt.Errorf("GET answered %s", resp.Status))
		return
	}
	r.keep(resp.Body)
}

// keep stores a whole-file body in a temporary file (not in memory: audio
// files are large).
func (r *rangeReader) keep(body io.Reader) error {
	f, err := os.CreateTemp("", "podgen-remote-")
	if err != nil {
		return r.fail(err)
	}
	os.Remove(f.Name()) // gone when closed
	n, err := io.Copy(f, io.LimitReader(body, r.size+1))
	if err == nil && n != r.size {
		err = fmt.Errorf("the download has %d bytes; HEAD said %d", n, r.size)
	}
	if err != nil {
		f.Close()
		return r.fail(err)
	}
	r.full = f
	return nil
}

func (r *rangeReader) fail(err error) error {
	if r.err == nil {
		r.err = err
	}
	return err
}

func (r *rangeReader) close() {
	if r.full != nil {
		r.full.Close()
	}
}

// unwrapURLError drops net/http's "Get <url>:" wrapping: callers name the
// URL themselves.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
