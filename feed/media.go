package feed

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/sakurafm/podgen/feed/audio"
	"github.com/sakurafm/podgen/feed/cache"
)

// media is what an episode's audio gives its enclosure.
type media struct {
	audio.Media
	src string // the local file; "" for remote audio
	url string // remote audio's URL; "" for a local file
	md5 string // hex MD5 of a local file, which its name in the site holds
}

// localMedia probes an audio file and hashes it, in one read of the file
// when neither is known. The MD5 is kept in the cache by the file's path
// and stat data, as make trusts a file's stat data to say it is unchanged;
// the probe result by podgen's code and the MD5, so that a new podgen
// probes again (reading only headers) without reading every file whole.
func (b *builder) localMedia(src string) (media, error) {
	m := media{src: src}
	probed := false
	var probeErr error
	// A file read for its MD5 is probed while it is open. A probe that
	// fails keeps the MD5 remembered: the next build reads the file's
	// headers again, not the whole file.
	sum, size, err := b.fileMD5Then(src, func(f *os.File, sum string, size int64, whole []byte) error {
		var r io.ReaderAt = f
		if whole != nil {
			r = bytes.NewReader(whole)
		}
		m.Media, probeErr = b.probe(r, sum, size)
		probed = true
		return nil
	})
	if err == nil {
		err = probeErr
	}
	if err != nil {
		return m, fmt.Errorf("audio %s: %w", src, err)
	}
	m.md5 = sum
	if probed || b.cfg.Code != "" && b.cfg.Cache.GetJSON(probeKey(b.cfg.Code, sum, size), &m.Media) {
		return m, nil
	}
	f, err := os.Open(src)
	if err != nil {
		return m, err
	}
	defer f.Close()
	if m.Media, err = b.probe(f, sum, size); err != nil {
		return m, fmt.Errorf("audio %s: %w", src, err)
	}
	return m, nil
}

// probe is what Probe says of the audio in r, whose MD5 is sum: from the
// cache when it knows this file from this podgen's code.
func (b *builder) probe(r io.ReaderAt, sum string, size int64) (audio.Media, error) {
	var m audio.Media
	key := probeKey(b.cfg.Code, sum, size)
	if b.cfg.Code != "" && b.cfg.Cache.GetJSON(key, &m) {
		return m, nil
	}
	m, err := audio.Probe(r, size)
	if err == nil && b.cfg.Code != "" {
		b.cfg.Cache.PutJSON(key, m)
	}
	return m, err
}

// probeKey is the cache's key of a probe: podgen's code, the file's MD5
// and size.
func probeKey(code, sum string, size int64) cache.Key {
	return cache.KeyOf("probe", code, sum, strconv.FormatInt(size, 10))
}

// remoteMedia asks the server for the audio's size and probes its
// headers, unless the cache knows this version of the file.
func (b *builder) remoteMedia(ctx context.Context, url string) (media, error) {
	m := media{url: url}
	err := b.fetch.Do(ctx, url, func(ctx context.Context) error {
		r, err := audio.Head(ctx, b.client, url)
		if err != nil {
			return err
		}
		key := cache.KeyOf("remote", b.cfg.Code, url, r.Version, strconv.FormatInt(r.Size, 10))
		known := r.Version != "" && b.cfg.Code != ""
		if known && b.cfg.Cache.GetJSON(key, &m.Media) {
			return nil
		}
		if m.Media, err = audio.ProbeRemote(ctx, b.client, r); err != nil {
			return err
		}
		if known {
			b.cfg.Cache.PutJSON(key, m.Media)
		}
		return nil
	})
	return m, err
}
