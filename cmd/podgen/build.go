package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sakurafm/podgen/cmd/podgen/internal/config"
	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/sitelock"
	"github.com/sakurafm/podgen/parse"
)

type buildOptions struct {
	io       streams
	cmd      *cobra.Command
	cacheDir string
	offline  bool
	verbose  bool
	shrink   bool
}

// buildFlags maps build's flags to config keys.
var buildFlags = map[string]string{
	"articles": "articles", "audio": "audio", "out": "out", "base-url": "base_url", "strict": "strict",
}

func newCmdBuild(io streams) *cobra.Command {
	opts := &buildOptions{io: io}
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the feed and its site folder from the article archive",
		Long: `Build parses the articles, matches each with its audio, probes size, type
and duration, and writes feed.xml, the audio, the transcripts and the artwork
into the site folder. Nothing is written when there are errors.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.cmd = cmd
			return buildRun(opts)
		},
	}
	f := cmd.Flags()
	f.String("articles", "", "the article archive folder (config: articles)")
	f.String("audio", "", "the audio folder (config: audio)")
	f.String("out", "", "the site folder to write (config: out)")
	f.String("base-url", "", "the URL the site folder is served from (config: base_url)")
	f.Bool("strict", false, "fail on warnings, such as an episode without audio (config: strict)")
	f.BoolVar(&opts.shrink, "allow-shrink", false, "write a feed with no episode, or with fewer than half of the site's feed.xml")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list every warning, not one line for each kind that repeats, and every file skipped")
	f.BoolVar(&opts.offline, "offline", false, "keep the articles' cover URLs instead of mirroring them (config: covers: link)")
	f.StringVar(&opts.cacheDir, "cache-dir", defaultCacheDir(), "where podgen keeps what builds learned: probes, MD5s, parsed articles, rendered episodes, covers (empty: no cache)")
	return cmd
}

// buildSummary is what one build did, for the last line: "3 episodes, 3
// files skipped (2 not 樱花FM, 1 index page), 1 warning -> public/feed.xml".
type buildSummary struct {
	episodes, removed, warnings int
	skipped                     []*parse.SkipError
	feed                        string
}

func (s buildSummary) String() string {
	parts := []string{plural(s.episodes, "episode")}
	if len(s.skipped) > 0 {
		parts = append(parts, fmt.Sprintf("%s skipped (%s)", plural(len(s.skipped), "file"), skipKinds(s.skipped)))
	}
	if s.removed > 0 {
		parts = append(parts, fmt.Sprintf("%s removed by config (remove: true)", thousands(s.removed)))
	}
	parts = append(parts, plural(s.warnings, "warning"))
	return strings.Join(parts, ", ") + " -> " + s.feed
}

// skipKinds counts the files skipped by why, the most first: "14 not
// 樱花FM, 1 index page" (--verbose names each file and its reason).
func skipKinds(skipped []*parse.SkipError) string {
	count := map[string]int{}
	for _, sk := range skipped {
		kind, _, _ := strings.Cut(sk.Reason, " (") // not 樱花FM (樱花深度报道)
		count[kind]++
	}
	kinds := slices.SortedFunc(maps.Keys(count), func(a, b string) int {
		return cmp.Or(count[b]-count[a], strings.Compare(a, b))
	})
	for i, k := range kinds {
		kinds[i] = thousands(count[k]) + " " + k
	}
	return strings.Join(kinds, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%s %ss", thousands(n), word)
}

func buildRun(opts *buildOptions) error {
	c, err := loadConfig(opts.cmd, buildFlags)
	if err != nil {
		return err
	}
	return buildWith(opts, c)
}

// buildWith builds with a loaded configuration (serve changes its base URL).
func buildWith(opts *buildOptions, c *config.Config) error {
	fc, loc, err := c.Feed()
	if err != nil {
		return err
	}
	fc.Channel.Generator = "podgen " + podgenVersion()
	if opts.offline {
		fc.MirrorCovers = false
	}
	fc.AllowShrink = opts.shrink
	fc.Now = time.Now() // only to warn of an episode dated after the build
	var done func()
	fc.Progress, done = buildProgress(opts.io.Err)
	defer done()
	if opts.cacheDir != "" {
		code := make(chan string, 1)
		go func() { code <- codeID() }() // reads the executable while Open reads the cache
		fc.Cache = cache.Open(opts.cacheDir)
		fc.Code = <-code
		fc.CoversDir = filepath.Join(opts.cacheDir, "covers")
		for _, old := range []string{"build.json", "build.cache", "build.cache.scripts", "serve.cache", "serve.cache.scripts"} {
			os.Remove(filepath.Join(opts.cacheDir, old)) // the caches of podgen before podgen.cache
		}
	}
	release, err := holdSite(opts.cmd.Context(), opts.io.Err, fc.OutDir, sitelock.Write)
	if err != nil {
		return interrupted{"nothing was written"}
	}
	_, err = build(opts, c, fc, loc)
	release()
	if serr := fc.Cache.Save(); serr != nil {
		fmt.Fprintf(opts.io.Err, "podgen: warning: cannot save the cache: %v\n", serr)
	}
	return err
}

// build runs parse and feed: it prints warnings and errors one per line
// (path:line: warning: message), writes the site only when there is no error, and
// prints the summary. serve builds through it too.
func build(opts *buildOptions, c *config.Config, fc feed.Config, loc *time.Location) (*feed.Result, error) {
	cmd, io := opts.cmd, opts.io
	parser := parse.Parser{Series: c.Series, Location: loc, NoCovers: c.Covers == "none"}
	arch, err := archive.Read(cmd.Context(), c.Articles, parser, fc.Cache, fc.Code)
	if cmd.Context().Err() != nil { // git was stopped too
		return nil, interrupted{"nothing was written"}
	}
	if err != nil {
		return nil, err
	}
	defer arch.Close()
	gh := newActions(io)
	fc.Diff = gh.on
	endGroup := gh.group("podgen build")
	// The site is written only when nothing is wrong: the articles' errors
	// (and, under --strict, warnings) are known already; Prepare undoes
	// what it wrote early when it finds more.
	fc.WriteEarly = len(arch.Errors) == 0 && !(fc.Strict && len(arch.Warnings()) > 0)
	site, err := feed.Prepare(cmd.Context(), fc, arch)
	if errors.Is(err, context.Canceled) {
		endGroup()
		return nil, interrupted{"the site folder is as it was"}
	}
	if site == nil && err != nil {
		endGroup()
		return nil, err
	}
	// What the parser says of an article left out for want of audio is
	// for when it has audio: counted, and listed under --verbose.
	parsed, unheard := arch.Warnings(), 0
	if !opts.verbose && !fc.Strict {
		parsed, unheard = withoutLeftOut(parsed, site.Warnings())
	}
	warnings := append(append(slices.Clone(c.Warnings), parsed...), site.Warnings()...)
	errs := append([]error(nil), arch.Errors...)
	if fc.Strict {
		// Prepare counts its own warnings as errors under Strict; the
		// parser's are counted here.
		errs = append(errs, arch.Warnings()...)
	}
	if err != nil {
		errs = append(errs, flatten(err)...)
	}
	if opts.verbose {
		for _, sk := range arch.Skipped { // the summary counts them
			fmt.Fprintln(io.Err, sk)
		}
	}
	if !fc.Strict { // under --strict they are among the errors
		printProblems(io.Err, warnings, "warning", opts.verbose)
	}
	if unheard > 0 {
		fmt.Fprintf(io.Err, "note: %s of the parser about articles left out for want of audio not shown (--verbose lists them)\n", plural(unheard, "warning"))
	}
	if len(errs) > 0 {
		site.Discard()
		printProblems(io.Err, errs, "error", opts.verbose)
		if len(arch.Articles) == 0 && len(arch.Skipped) == 0 && len(arch.Errors) == 0 {
			// Not even a file to skip: the folder is likely not the articles'.
			fmt.Fprintf(io.Err, "%s: no article file in it (.md, .markdown or .txt, in the folder or its subfolders, or in its git history): is it the folder that holds them? (articles: from %s)\n", c.Articles, c.Origin("articles"))
		}
		otherSeries := slices.ContainsFunc(arch.Skipped, func(sk *parse.SkipError) bool { return strings.HasPrefix(sk.Reason, "not ") })
		if len(arch.Articles) == 0 && otherSeries && !opts.verbose {
			// Every file skipped: the series is likely not the articles'.
			ask := fmt.Sprintf("is series: (%s) the one their headings name?", c.Origin("series"))
			if c.Origin("series") == c.File() { // set nowhere: 樱花FM, the default
				ask = "for a podcast of one's own, set series: in config.yaml to the name before ┃ in their headings"
			}
			fmt.Fprintf(io.Err, "no article of %s among the %s skipped (%s): %s (--verbose says why each is skipped)\n",
				cmp.Or(parser.Series, parse.DefaultSeries), plural(len(arch.Skipped), "file"), skipKinds(arch.Skipped), ask)
		}
		endGroup()
		gh.annotate("error", errs)
		fmt.Fprintf(io.Err, "build failed: %s; nothing written\n", plural(len(errs), "error"))
		return nil, silentError{exitError}
	}
	if cmd.Context().Err() != nil {
		site.Discard()
		endGroup()
		return nil, interrupted{"the site folder is as it was"}
	}
	res, err := site.Write()
	endGroup()
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, res.Warnings[len(site.Warnings()):]...)
	if !fc.Strict {
		// The configuration's unknown keys, printed when it was read,
		// are warnings too (errors under --strict).
		warnings = append(slices.Clone(c.Unknown), warnings...)
	}
	gh.annotate("warning", warnings)
	sum := buildSummary{episodes: len(res.Episodes), skipped: arch.Skipped, removed: res.Left, warnings: len(warnings), feed: res.Feed}
	fmt.Fprintln(io.Out, sum)
	if err := gh.writeSummary(buildSummaryMarkdown(sum, res, warnings)); err != nil {
		fmt.Fprintf(io.Err, "podgen: warning: job summary: %v\n", err)
	}
	return res, nil
}

// codeID identifies the code of this podgen for the build cache: a hash of
// its executable, so that what one podgen parsed and rendered is never
// taken for what another would. Empty when the executable cannot be read:
// nothing parsed or rendered is then reused.
func codeID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// flatten lists the leaves of joined errors.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// buildProgress shows, on a terminal, how far a build that fetches covers
// or remote audio is: those can take a while; the rest is quick.
func buildProgress(w io.Writer) (progress func(done, total, fetched int), finish func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	var last time.Time
	shown := false
	return func(done, total, fetched int) {
			if fetched == 0 || time.Since(last) < 100*time.Millisecond && done < total {
				return
			}
			last, shown = time.Now(), true
			fmt.Fprintf(w, "\rpreparing episodes: %s/%s, %s fetched over the network\x1b[K", thousands(done), thousands(total), plural(fetched, "cover or audio file"))
		}, func() {
			if shown {
				fmt.Fprint(w, "\r\x1b[K")
			}
		}
}

// withoutLeftOut is the parser's warnings without those of the articles
// the build left out for want of audio (as site says), and how many those
// were.
func withoutLeftOut(parsed, site []error) ([]error, int) {
	out := map[string]bool{}
	for _, w := range site {
		var perr *parse.Error
		if feed.IsNoAudio(w) && errors.As(w, &perr) {
			out[perr.File] = true
		}
	}
	var kept []error
	for _, w := range parsed {
		var perr *parse.Error
		if errors.As(w, &perr) && out[perr.File] {
			continue
		}
		kept = append(kept, w)
	}
	return kept, len(parsed) - len(kept)
}

// holdSite takes the site folder's lock, alone for a build (sitelock.Write)
// or beside other publishes for a publish (sitelock.Read), and says so when
// it waits for another podgen. Its error is the context's: interrupted.
func holdSite(ctx context.Context, w io.Writer, dir string, m sitelock.Mode) (release func(), err error) {
	return sitelock.Take(ctx, dir, m, func() {
		doing := "a build or a publish"
		if m == sitelock.Read {
			doing = "a build"
		}
		fmt.Fprintf(w, "podgen: waiting for the other podgen using the site folder %s (%s) to finish\n", dir, doing)
	})
}
