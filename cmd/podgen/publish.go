package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sakurafm/podgen/cmd/podgen/internal/config"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/feed/sitelock"
	"github.com/sakurafm/podgen/upload"
)

type publishOptions struct {
	io     streams
	cmd    *cobra.Command
	dryRun bool
	prune  bool
	json   bool
	force  bool
	// summarized: the summary is printed (under --json, with the error)
	summarized bool
	breakLock  bool
	cacheDir   string
}

var publishFlags = map[string]string{
	"out": "out", "max-deletes": "upload.max_deletes", "concurrency": "upload.concurrency",
}

func newCmdPublish(io streams) *cobra.Command {
	opts := &publishOptions{io: io}
	cmd := &cobra.Command{
		Use:   "publish",
		Short: "Upload the site folder to S3-compatible storage, feed last",
		Long: `Publish uploads what changed in the site folder (podgen build writes it) to
the bucket in upload: of config.yaml: audio and images first, then pages,
then feed.xml, only once everything it points to has arrived.

Credentials come only from the AWS SDK's standard chain: AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ... They are never read from config.yaml
and never printed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.cmd = cmd
			return publishRun(opts)
		},
	}
	f := cmd.Flags()
	f.String("out", "", "the site folder to upload (config: out)")
	f.BoolVar(&opts.dryRun, "dry-run", false, "print the plan and send no write")
	f.BoolVar(&opts.prune, "prune", false, "delete objects under the prefix that the site no longer has")
	f.Int("max-deletes", 20, "with --prune, refuse to delete more objects than this (config: upload.max_deletes)")
	f.Int("concurrency", 4, "uploads at once (config: upload.concurrency)")
	f.BoolVar(&opts.json, "json", false, "print the summary as JSON")
	f.BoolVar(&opts.breakLock, "break-lock", false, "remove the lock of a publish that died (podgen says when a lock is stale)")
	f.BoolVar(&opts.force, "force", false, "publish a feed that drops episodes or changes their dates (see podgen check --previous)")
	f.StringVar(&opts.cacheDir, "cache-dir", defaultCacheDir(), "where podgen keeps MD5s of site files")
	return cmd
}

func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "podgen")
}

func publishRun(opts *publishOptions) (err error) {
	asked := false     // the store was asked for its lock: it may hold one
	executing := false // the uploads began: the bucket may have changed
	defer func() {
		if err != nil && opts.cmd.Context().Err() != nil { // Ctrl-C: say what it left
			err = publishInterrupted(err, asked, executing)
		}
		if err != nil && opts.json && !opts.summarized {
			// A script reading --json's output learns why there is no summary.
			b, _ := json.Marshal(struct {
				Error string `json:"error"`
			}{err.Error()})
			fmt.Fprintln(opts.io.Out, string(b))
		}
	}()
	start := time.Now()
	c, err := loadConfig(opts.cmd, publishFlags)
	if err != nil {
		return err
	}
	ctx := opts.cmd.Context()
	u := &c.Upload
	if c.File() == "" && c.BaseURL == "" { // what is missing follows from this
		return errors.New("config: no configuration file (config.yaml in the working directory, or --config FILE)")
	}
	base, err := siteURL(c.BaseURL)
	if err != nil {
		return err
	}
	bucket, err := upload.NewS3Bucket(ctx, upload.S3Config{
		Endpoint: u.Endpoint, Region: u.Region, Bucket: u.Bucket, PathStyle: u.PathStyle, ACL: u.ACL,
		Timeout: u.Timeout, MinRate: u.MinRate,
		// Only on the user's word: elsewhere the service is not there,
		// and asking it costs seconds and prints the SDK's warnings.
		UseIMDS: os.Getenv("AWS_EC2_METADATA_DISABLED") == "false",
	})
	if ee := (*upload.EndpointError)(nil); errors.As(err, &ee) {
		if ee.Endpoint == "" { // not shown
			return fmt.Errorf("%s: %s", c.Where("upload.endpoint"), ee.Reason)
		}
		return fmt.Errorf("%s %s: %s", c.Where("upload.endpoint"), ee.Endpoint, ee.Reason) // from PODGEN_UPLOAD_ENDPOINT, say
	}
	if err != nil {
		return err
	}
	cacheFile := ""
	if opts.cacheDir != "" {
		cacheFile = filepath.Join(opts.cacheDir, "md5.json")
	}
	// What is read of the site folder, and sent, is one build's: a build
	// that starts meanwhile waits.
	release, err := holdSite(ctx, opts.io.Err, c.Out, sitelock.Read)
	if err != nil {
		return err
	}
	defer release()
	cache := upload.OpenHashCache(cacheFile)
	local, err := upload.ScanSite(c.Out, cache)
	if err != nil {
		return err
	}
	if err := upload.CheckNames(local); err != nil {
		return err
	}
	if err := cache.Save(); err != nil {
		fmt.Fprintf(opts.io.Err, "podgen: warning: cannot save the MD5 cache: %v\n", err)
	}
	next, err := os.ReadFile(filepath.Join(c.Out, upload.FeedFile))
	if errors.Is(err, fs.ErrNotExist) {
		// Refused before the lock is taken: nothing is asked of the store.
		return fmt.Errorf("%s: the site folder has no %s: run podgen build first", c.Out, upload.FeedFile)
	}
	if err != nil {
		return err
	}
	nextFeed, err := rss.Decode(next)
	if err == nil {
		err = builtFor(nextFeed, base, c.Where("base_url"))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(c.Out, upload.FeedFile), err)
	}
	refs := siteReferences(nextFeed, base)

	// The lock is taken before the listing, so that the plan is made from
	// a bucket no other publish is changing.
	lockKey := upload.LockKey(u.Prefix)
	asked = !opts.dryRun
	if opts.dryRun {
		if err := checkLock(ctx, opts, bucket, lockKey); err != nil {
			return err
		}
	} else {
		lock, err := takeLock(ctx, opts, bucket, lockKey)
		if err != nil {
			return err
		}
		var stop func()
		ctx, stop = lock.Keep(ctx)
		defer func() {
			stop()
			// A fresh context: the publish's may be the one Ctrl-C canceled.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), u.Timeout)
			defer cancel()
			if rerr := lock.Release(rctx); rerr != nil {
				fmt.Fprintf(opts.io.Err, "podgen: warning: %v\n", rerr)
			}
		}()
	}

	remote, err := bucket.List(ctx, upload.ListPrefix(u.Prefix))
	if err != nil {
		return err
	}
	feedKey := upload.Key(u.Prefix, upload.FeedFile)
	prev, err := publishedFeed(ctx, bucket, feedKey, remote, local, next)
	if err != nil {
		return err
	}
	// The published feed, decoded once (the site's own, when the bucket
	// holds it): what it references is kept, and the new feed is checked
	// against it. One that does not decode references nothing podgen can
	// keep; checkAgainstPublished reports it.
	var prevFeed *rss.Feed
	var prevErr error
	switch {
	case prev == nil: // the first publish
	case bytes.Equal(prev, next):
		prevFeed = nextFeed
	default:
		prevFeed, prevErr = rss.Decode(prev)
	}
	var published []string
	if prevFeed != nil {
		published = siteReferences(prevFeed, base)
	}
	// What the last publish sent its objects with: a changed ACL or
	// Cache-Control sends the files it applies to again.
	settings := upload.Settings{ACL: u.ACL, CacheControl: upload.CacheControl{Feed: u.CacheControl.Feed, Pages: u.CacheControl.Pages, Media: u.CacheControl.Media}}
	sent, err := upload.ReadSettings(ctx, bucket, u.Prefix, remote, settings)
	if err != nil {
		return err
	}
	plan, err := upload.MakePlan(local, remote, upload.PlanOptions{
		Prefix: u.Prefix, Prune: opts.prune, MaxDeletes: u.MaxDeletes,
		References: refs, Published: published,
		CacheControl: settings.CacheControl, ACL: settings.ACL, Sent: sent,
	})
	if err != nil {
		return err
	}
	if err := checkAgainstPublished(opts, plan, feedKey, prevFeed, prevErr, nextFeed, c.RemovedGUIDs()); err != nil {
		return err
	}
	if opts.dryRun {
		return printPlan(opts, plan)
	}

	// Settings that change are kept as unfinished before the first file
	// goes: a publish that fails leaves objects sent with either, and the
	// next sends every one again.
	if sent == nil || *sent != settings {
		pending := settings
		pending.Incomplete = true
		if err := upload.WriteSettings(ctx, bucket, u.Prefix, nil, pending); err != nil {
			return err
		}
		sent = &pending
	}
	gh := newActions(opts.io)
	endGroup := gh.group("podgen publish")
	progress, finish := newProgress(opts, plan)
	executing = true
	sum, err := upload.Execute(ctx, bucket, c.Out, plan, upload.Options{Concurrency: u.Concurrency, Progress: progress})
	sum.Elapsed = time.Since(start) // the whole publish: the scan, the lock and the listing too
	finish()
	if cause := context.Cause(ctx); errors.Is(cause, upload.ErrLockLost) {
		err = fmt.Errorf("%w; publish stopped", cause)
	}
	if err == nil {
		printKept(opts.io.Err, plan, "kept")
		err = upload.WriteSettings(ctx, bucket, u.Prefix, sent, settings)
	}
	endGroup()
	line := printSummary(opts, sum, false, err)
	if serr := gh.writeSummary(publishSummaryMarkdown(line, plan)); serr != nil {
		fmt.Fprintf(opts.io.Err, "podgen: warning: job summary: %v\n", serr)
	}
	if err != nil {
		gh.annotate("error", []error{err})
	}
	return err
}

// publishInterrupted is what a publish stopped by Ctrl-C left: only the
// lock (released again) when the uploads had not begun; the published
// feed as it was when they stopped before it.
func publishInterrupted(err error, asked, executing bool) error {
	switch {
	case !asked:
		return interrupted{"no file was sent, and no lock taken"}
	case !executing:
		// Stopped while the lock's PUT was under way, the store may
		// have kept the lock; any later, publish released it.
		return interrupted{fmt.Sprintf("no file was sent (a lock taken as it stopped expires within %v; publish --break-lock clears it)", upload.DefaultLockTTL)}
	case errors.Is(err, upload.ErrFeedUnchanged):
		return interrupted{"the published feed is unchanged; publish again to finish"}
	}
	return interrupted{upload.FeedFile + " may be published, and not checked or cleaned up after: publish again to finish"}
}

// takeLock takes the prefix's lock for this publish, and says what it had
// to do for it.
func takeLock(ctx context.Context, opts *publishOptions, bucket upload.Bucket, key string) (*upload.HeldLock, error) {
	lock, err := upload.AcquireLock(ctx, bucket, key, upload.LockOptions{Owner: lockOwner(), Break: opts.breakLock})
	if err != nil {
		return nil, orphaned(err)
	}
	if b := lock.Broke; b != nil {
		fmt.Fprintf(opts.io.Err, "podgen: --break-lock: removed the lock %s (%s)\n", key, b.Describe(time.Now()))
	}
	if lock.Checked {
		fmt.Fprintf(opts.io.Err, "podgen: warning: the store does not support conditional writes (If-None-Match): the lock %s is a marker written and read back, which two publishes starting within a second can both pass\n", key)
	}
	return lock, nil
}

// checkLock is the dry run's lock: it reads the lock and fails as a real
// run would, or says that it would break it.
func checkLock(ctx context.Context, opts *publishOptions, bucket upload.Bucket, key string) error {
	l, err := upload.ReadLock(ctx, bucket, key)
	var locked *upload.LockedError
	switch {
	case errors.Is(err, upload.ErrNotFound):
		return nil
	case err != nil && !errors.As(err, &locked):
		return fmt.Errorf("reading the publish lock: %w", err)
	case !opts.breakLock:
		if locked == nil {
			locked = &upload.LockedError{Key: key, Lock: l, Now: time.Now()}
		}
		return orphaned(locked)
	}
	fmt.Fprintf(planOut(opts), "would break the lock %s (%s)\n", key, l.Describe(time.Now()))
	return nil
}

// lockOwner says who holds a lock, for whoever finds it: the CI run, or
// the host and process.
func lockOwner() string {
	if os.Getenv("GITHUB_ACTIONS") == "true" && os.Getenv("GITHUB_RUN_ID") != "" {
		return fmt.Sprintf("%s/%s/actions/runs/%s", os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), os.Getenv("GITHUB_RUN_ID"))
	}
	host, _ := os.Hostname()
	return fmt.Sprintf(ownerFormat, host, os.Getpid())
}

// ownerFormat is the owner of a lock taken outside GitHub Actions, which
// orphaned reads back.
const ownerFormat = "podgen on %s (pid %d)"

// orphaned adds to a lock error what this machine knows: that the
// podgen holding the lock ran here and is gone (killed, or its machine
// restarted), so that --break-lock is safe.
func orphaned(err error) error {
	var locked *upload.LockedError
	if !errors.As(err, &locked) || locked.Stale() || runtime.GOOS == "windows" { // a stale lock's error says so
		return err
	}
	var host string
	var pid int
	if n, _ := fmt.Sscanf(locked.Lock.Owner, ownerFormat, &host, &pid); n != 2 || pid <= 0 {
		return err
	}
	if me, _ := os.Hostname(); host != me || pid == os.Getpid() {
		return err
	}
	p, ferr := os.FindProcess(pid)
	if ferr == nil && !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone) {
		return err // it runs (or may: another user's)
	}
	return fmt.Errorf("%w; that podgen (pid %d on this machine) is no longer running: --break-lock removes its lock", err, pid)
}

// printKept names the objects --prune leaves because a feed references
// them (they go in a later publish, once no live feed does).
func printKept(w io.Writer, plan upload.Plan, verb string) {
	for _, d := range plan.Kept {
		fmt.Fprintf(w, "%s %s (%s)\n", verb, d.Key, d.Reason)
	}
}

// planOut is where a dry run prints its plan: it is the run's output
// (--dry-run > plan.txt), unless --json makes the summary that.
func planOut(opts *publishOptions) io.Writer {
	if opts.json {
		return opts.io.Err
	}
	return opts.io.Out
}

// printPlan prints what a real run would do: each file with its reason,
// then the counts.
func printPlan(opts *publishOptions, plan upload.Plan) error {
	w := planOut(opts)
	// In Execute's order: the media and pages, the one LIST that proves
	// them (whether or not the feed is sent), then the feed.
	for _, u := range plan.Uploads {
		if u.Kind != upload.Feed {
			fmt.Fprintf(w, "would upload %s (%s, %s)\n", u.Key, u.Reason, humanBytes(u.Size))
		}
	}
	if len(plan.Verify) > 0 {
		fmt.Fprintf(w, "would check with one LIST that the bucket holds %s as planned\n", plural(len(plan.Verify), "object"))
	}
	for _, u := range plan.Uploads {
		if u.Kind == upload.Feed {
			fmt.Fprintf(w, "would upload %s (%s, %s)\n", u.Key, u.Reason, humanBytes(u.Size))
			fmt.Fprintf(w, "would check with one LIST that the bucket holds %s\n", u.Key)
		}
	}
	for _, d := range plan.Deletes {
		fmt.Fprintf(w, "would delete %s (%s)\n", d.Key, d.Reason)
	}
	printKept(w, plan, "would keep")
	printSummary(opts, upload.Summary{
		Uploaded: len(plan.Uploads), UploadedBytes: plan.Bytes, Unchanged: plan.Unchanged, Deleted: len(plan.Deletes),
	}, true, nil)
	return nil
}

// printSummary prints what a run sent (or would send), with the error it
// ended in under --json: the only output a script reads.
func printSummary(opts *publishOptions, s upload.Summary, dry bool, failed error) string {
	opts.summarized = true
	if opts.json {
		out := struct {
			upload.Summary
			DryRun  bool    `json:"dry_run"`
			Seconds float64 `json:"seconds"`
			Error   string  `json:"error,omitempty"`
		}{s, dry, s.Elapsed.Seconds(), ""}
		if failed != nil {
			out.Error = failed.Error()
		}
		b, _ := json.Marshal(out)
		fmt.Fprintln(opts.io.Out, string(b))
		return string(b)
	}
	verb := "uploaded"
	if dry {
		verb = "dry run: would upload"
	}
	line := fmt.Sprintf("%s %s (%s), %d unchanged, %d deleted", verb, plural(s.Uploaded, "file"), humanBytes(s.UploadedBytes), s.Unchanged, s.Deleted)
	if !dry {
		line += fmt.Sprintf(" in %.1fs", s.Elapsed.Seconds())
	}
	if s.Failed > 0 {
		line += fmt.Sprintf(", %d failed", s.Failed)
	}
	if s.Stopped > 0 {
		line += fmt.Sprintf(", %d stopped", s.Stopped)
	}
	fmt.Fprintln(opts.io.Out, line)
	return line
}

// publishedFeed returns the feed.xml in the bucket, or nil before the
// first publish. When the listing says it is the site's own (same MD5), it
// is not read again.
func publishedFeed(ctx context.Context, bucket upload.Bucket, key string, remote []upload.Object, local []upload.LocalFile, next []byte) ([]byte, error) {
	for _, o := range remote {
		if o.Key != key {
			continue
		}
		for _, f := range local {
			if f.Path == upload.FeedFile && strings.EqualFold(f.MD5, o.ETag) && int64(len(next)) == o.Size {
				return next, nil
			}
		}
		prev, err := bucket.Get(ctx, key)
		if errors.Is(err, upload.ErrNotFound) {
			return nil, nil
		}
		return prev, err
	}
	return nil, nil
}

// siteURL is base_url as publish needs it: where the site folder is
// served, to tell which of the feed's URLs are files of the site. It is
// held to the rule build holds it to, and shown redacted: a base_url with
// a password in it must not print it.
func siteURL(raw string) (*url.URL, error) {
	base := strings.TrimRight(raw, "/")
	if err := config.CheckBaseURL(base); err != nil {
		return nil, fmt.Errorf("base_url: %q %v: publish needs it to know which of the feed's URLs are files of the site", fetch.RedactURL(raw), err)
	}
	return url.Parse(base)
}
