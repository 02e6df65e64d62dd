package rss

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sakurafm/podgen/feed/fetch"
)

// artworkMaxDownload is as much of the channel artwork as is read to check
// it (its header is at the start).
const artworkMaxDownload = 20 << 20

type onlineTarget struct {
	url    string
	length int64 // from the enclosure; -1 for images
	kind   string
	where  string
}

// CheckOnline asks every enclosure and image URL of the feed what a podcast
// app will: HEAD must answer 200 with the Content-Length the feed states
// and an audio or image type, and a Range request must answer 206 (Apple
// requires byte ranges; players seek and resume with them).
func (f *Feed) CheckOnline(ctx context.Context, client *http.Client) []Problem {
	seen := map[string]bool{}
	var targets []onlineTarget
	add := func(t onlineTarget) {
		if t.url != "" && !seen[t.url] {
			seen[t.url] = true
			targets = append(targets, t)
		}
	}
	if f.Channel != nil {
		add(onlineTarget{f.Channel.ITunesImage, -1, "image", ""})
	}
	for _, it := range f.Items {
		where := ""
		if it.GUID != nil {
			where = it.GUID.Value
		}
		if e := it.Enclosure; e != nil {
			n, _ := strconv.ParseInt(e.Length, 10, 64)
			add(onlineTarget{e.URL, n, "audio", where})
		}
		add(onlineTarget{it.Image, -1, "image", where})
	}
	var mu sync.Mutex
	var ps []Problem
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			found := probeURL(ctx, client, t)
			mu.Lock()
			ps = append(ps, found...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Item+ps[i].URL+ps[i].Message < ps[j].Item+ps[j].URL+ps[j].Message })
	return ps
}

func probeURL(ctx context.Context, client *http.Client, t onlineTarget) []Problem {
	var ps []Problem
	bad := func(format string, args ...any) {
		ps = append(ps, Problem{Severity: Error, Item: t.where, Rule: "online/" + t.kind, Message: fmt.Sprintf(format, args...), URL: t.url})
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, t.url, nil)
	if err != nil {
		bad("%v", err)
		return ps
	}
	resp, err := client.Do(req)
	if err != nil {
		bad("HEAD failed: %s", fetch.Cause(err))
		return ps
	}
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusForbidden, http.StatusUnauthorized:
		// Apps ask without credentials, as check does.
		bad("HEAD answered %s: podcast apps cannot have it either (a private bucket? upload.acl: public-read, or the bucket's policy, lets everyone read it)", resp.Status)
		return ps
	default:
		bad("HEAD answered %s", resp.Status)
		return ps
	}
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, t.kind+"/") && !(t.kind == "audio" && strings.HasPrefix(ct, "video/")) {
		bad("Content-Type is %q, not %s", ct, t.kind)
	}
	if t.length >= 0 && resp.ContentLength != t.length {
		bad("Content-Length is %d; the feed says %d", resp.ContentLength, t.length)
	}
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, t.url, nil)
	req.Header.Set("Range", "bytes=0-1")
	resp, err = client.Do(req)
	if err != nil {
		bad("Range request failed: %s", fetch.Cause(err))
		return ps
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent {
		bad("a Range request answered %s, not 206 Partial Content", resp.Status)
	}
	if t.kind == "image" && t.where == "" {
		// The channel artwork: Apple's rules need its pixels' header.
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, t.url, nil)
		if resp, err = client.Do(req); err == nil {
			_, err = CheckArtwork(artworkName(t.url, resp.Header.Get("Content-Type")), io.LimitReader(resp.Body, artworkMaxDownload))
			resp.Body.Close()
		}
		if err != nil {
			bad("%v", err)
		}
	}
	return ps
}

// artworkName gives CheckArtwork a name with the URL's extension (Apple
// wants it to match the type), or the type's when the URL has none.
func artworkName(rawURL, contentType string) string {
	p := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		p = u.Path
	}
	if ext := strings.ToLower(path.Ext(p)); ext != "" {
		return "artwork" + ext
	}
	if strings.Contains(contentType, "png") {
		return "artwork.png"
	}
	return "artwork.jpg"
}
