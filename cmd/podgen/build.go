package main

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/internal/rawfile"
	"github.com/sakurafm/podgen/parse"
)

type buildOptions struct {
	io        streams
	cmd       *cobra.Command
	cacheDir  string
	cacheFile string // in cacheDir; default build.cache
	offline   bool
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
	f.BoolVar(&opts.offline, "offline", false, "keep the articles' cover URLs instead of mirroring them (config: covers: link)")
	f.StringVar(&opts.cacheDir, "cache-dir", defaultCacheDir(), "where podgen keeps probe results, MD5s and rendered episodes (empty: no cache)")
	return cmd
}

// buildSummary is what one build did, for the last line.
type buildSummary struct {
	episodes, skipped, warnings int
	feed, series                string
}

func (s buildSummary) String() string {
	return fmt.Sprintf("%s, %s skipped (not %s), %s -> %s",
		plural(s.episodes, "episode"), plural(s.skipped, "file"), s.series, plural(s.warnings, "warning"), s.feed)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func buildRun(opts *buildOptions) error {
	c, err := loadConfig(opts.cmd, buildFlags)
	if err != nil {
		return err
	}
	return buildWith(opts, c)
}

// buildWith builds with a loaded configuration (serve changes its base URL).
func buildWith(opts *buildOptions, c *config) error {
	fc, loc, err := c.buildConfig()
	if err != nil {
		return err
	}
	if opts.offline {
		fc.Covers.Mirror = false
	}
	var code func() string // identifies podgen's code, for the cache
	if opts.cacheDir != "" {
		name := opts.cacheFile
		if name == "" {
			name = "build.cache"
		}
		// Several things at once before the articles are read: the
		// executable is hashed, git lists the files it knows and the
		// articles' history, and the cache file is read. A first build
		// reads the articles meanwhile too (Cache.ArticleMemory).
		ch := make(chan string, 1)
		go func() { ch <- codeID() }()
		code = sync.OnceValue(func() string { return <-ch })
		fc.Cache = feed.NewCache(filepath.Join(opts.cacheDir, name))
		fc.Cache.Prefetch(opts.cmd.Context(), fc.ArticlesDir, fc.AudioDir)
		fc.Cache.PrefetchHistory(opts.cmd.Context(), fc.ArticlesDir)
		fc.Cache.Load()
		os.Remove(filepath.Join(opts.cacheDir, "build.json")) // the cache of podgen before build.cache
		fc.Covers.Dir = filepath.Join(opts.cacheDir, "covers")
	}
	_, err = build(opts.cmd, opts.io, c, fc, loc, code)
	if serr := fc.Cache.Save(); serr != nil {
		fmt.Fprintf(opts.io.Err, "podgen: warning: cannot save the cache: %v\n", serr)
	}
	fc.Cache.Close()
	return err
}

// build runs parse and feed: it prints warnings and errors one per line
// (path:line: message), writes the site only when there is no error, and
// prints the summary. serve builds through it too. code identifies
// podgen's code for the cache (nil without one).
func build(cmd *cobra.Command, io streams, c *config, fc feed.Config, loc *time.Location, code func() string) (*feed.Result, error) {
	if _, err := os.Stat(fc.ArticlesDir); err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	fc.Parser = parse.Parser{Series: c.Series, Location: loc}
	var mem parse.Memory
	m := fc.Cache.ArticleMemory(cmd.Context(), code, fc.ArticlesDir, fc.Parser)
	if m != nil {
		mem = m
	}
	arch, err := parse.Walk(rawfile.DirFS(fc.ArticlesDir), fc.ArticlesDir, fc.Parser, mem)
	m.Wait()
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	if code != nil {
		fc.Code = code()
	}
	gh := newActions(io)
	fc.Diff = gh.on
	endGroup := gh.group("podgen build")
	// The site is written only when nothing is wrong: the articles' errors
	// (and, under --strict, warnings) are known already; Prepare undoes
	// what it wrote early when it finds more.
	fc.WriteEarly = len(arch.Errors) == 0 && !(fc.Strict && len(arch.Warnings()) > 0)
	site, err := feed.Prepare(cmd.Context(), fc, arch.Articles)
	if site == nil && err != nil {
		return nil, err
	}
	warnings := append(arch.Warnings(), site.Warnings()...)
	errs := append([]error(nil), arch.Errors...)
	if fc.Strict {
		// Prepare counts its own warnings as errors under Strict; the
		// parser's are counted here.
		errs = append(errs, arch.Warnings()...)
	}
	if err != nil {
		errs = append(errs, flatten(err)...)
	}
	for _, w := range warnings {
		if !fc.Strict { // under --strict they are among the errors
			fmt.Fprintln(io.Err, w)
		}
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(io.Err, e)
		}
		endGroup()
		gh.annotate("error", errs)
		fmt.Fprintf(io.Err, "build failed: %s; nothing written\n", plural(len(errs), "error"))
		return nil, silentError{exitError}
	}
	res, err := site.Write()
	endGroup()
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, res.Warnings[len(site.Warnings()):]...)
	gh.annotate("warning", warnings)
	sum := buildSummary{episodes: len(res.Episodes), skipped: len(arch.Skipped), warnings: len(warnings), feed: res.Feed, series: c.Series}
	fmt.Fprintln(io.Out, sum)
	if err := gh.writeSummary(buildSummaryMarkdown(sum, res, warnings)); err != nil {
		fmt.Fprintf(io.Err, "podgen: warning: job summary: %v\n", err)
	}
	return res, nil
}

// codeID identifies the code of this podgen for the build cache: a hash of
// its executable. Empty when the executable cannot be read: nothing
// rendered is then reused.
func codeID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return codeIDOf(exe)
}

// codeIDOf hashes a Go executable without its version control stamp and
// its Go build ID, which the linker derives from everything, the stamp
// too: both change with every commit of the repository podgen is built in
// (articles too, when they live there); the code does not. Those bytes
// hash as zeros, where they are, so that nothing moves.
func codeIDOf(path string) string {
	b, release, err := rawfile.Map(path)
	if err != nil {
		return ""
	}
	defer release()
	var blank [][2]int // byte ranges that hash as zeros
	// The build ID: in ELF files a note of its own (and the GNU build ID
	// made from it, when linked externally); elsewhere a string at the
	// start of the text.
	if f, err := elf.NewFile(bytes.NewReader(b)); err == nil {
		for _, name := range []string{".note.go.buildid", ".note.gnu.build-id"} {
			if s := f.Section(name); s != nil && s.Offset+s.Size <= uint64(len(b)) {
				blank = append(blank, [2]int{int(s.Offset), int(s.Offset + s.Size)})
			}
		}
	} else if i := bytes.Index(b, []byte("\xff Go build ID: \"")); i >= 0 {
		from := i + len("\xff Go build ID: \"")
		if j := bytes.IndexByte(b[from:], '"'); j >= 0 {
			blank = append(blank, [2]int{from, from + j})
		}
	}
	// The stamp, wherever it is.
	if bi, err := buildinfo.Read(bytes.NewReader(b)); err == nil {
		stamps := []string{bi.Main.Version}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.time" {
				stamps = append(stamps, s.Value)
			}
		}
		for _, v := range stamps {
			if len(v) < 8 || v == "(devel)" {
				continue
			}
			for at := 0; ; {
				i := bytes.Index(b[at:], []byte(v))
				if i < 0 {
					break
				}
				blank = append(blank, [2]int{at + i, at + i + len(v)})
				at += i + len(v)
			}
		}
	}
	return hashBlanked(b, blank)
}

// hashBlanked is the SHA-256 of b with the byte ranges in blank zeroed,
// without changing b (it may be a read-only mapping of the file).
func hashBlanked(b []byte, blank [][2]int) string {
	slices.SortFunc(blank, func(x, y [2]int) int { return x[0] - y[0] })
	h := sha256.New()
	zeros := make([]byte, 4096)
	at := 0
	for _, r := range blank {
		from, to := max(r[0], at), r[1]
		if from >= to {
			continue
		}
		h.Write(b[at:from])
		for n := to - from; n > 0; n -= min(n, len(zeros)) {
			h.Write(zeros[:min(n, len(zeros))])
		}
		at = to
	}
	h.Write(b[at:])
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
