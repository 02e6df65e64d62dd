package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/feed/rss"
)

type checkOptions struct {
	io       streams
	cmd      *cobra.Command
	online   bool
	previous string
	json     bool
	verbose  bool
}

func newCmdCheck(io streams) *cobra.Command {
	opts := &checkOptions{io: io}
	cmd := &cobra.Command{
		Use:   "check [FEED_FILE_OR_URL]",
		Short: "Check a feed against Apple's, Podcasting 2.0's and RSS's rules",
		Long: `Check reads a feed (by default the site folder's feed.xml) and reports every
rule it breaks: Apple Podcasts' requirements, the Podcast Index namespace's and
RSS's. podgen build runs the same checks before it writes anything.

--online also asks every enclosure and image URL what a podcast app will
(HEAD 200 with the stated length and an audio or image type, Range 206).
--previous compares with the last published feed: a guid that vanished, a
changed pubDate, or an enclosure URL whose length changed are errors.

Exit status 1 when there are errors, 0 when there are only warnings.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("check takes one feed, got %d", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			target := ""
			if len(args) == 1 {
				target = args[0]
			}
			err := checkRun(opts, target)
			var silent silentError
			if err != nil && opts.json && !errors.As(err, &silent) {
				// No feed to report on: --json's reader learns why.
				b, _ := json.Marshal(struct {
					Feed  string `json:"feed,omitempty"`
					Error string `json:"error"`
				}{fetch.RedactURL(target), err.Error()})
				fmt.Fprintln(opts.io.Out, string(b))
			}
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.online, "online", false, "also check that every enclosure and image URL answers as apps need")
	f.StringVar(&opts.previous, "previous", "", "the last published feed (file or URL), to compare with")
	f.BoolVar(&opts.json, "json", false, "print the problems as JSON")
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "list every problem, not one line for each that items repeat")
	return cmd
}

var httpClient = &http.Client{
	Timeout: 30 * time.Second,
	CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return fmt.Errorf("more than 5 redirects")
		}
		return nil
	},
}

// readFeed reads a feed from a file or an http(s) URL.
func readFeed(ctx context.Context, target string) ([]byte, error) {
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return nil, err
		}
		resp, err := httpClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", fetch.RedactURL(target), fetch.Cause(err))
		}
		defer resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
		case http.StatusForbidden, http.StatusUnauthorized:
			if req.URL.User != nil || req.URL.RawQuery != "" { // a user, a presigned URL: credentials of a kind
				return nil, fmt.Errorf("%s: %s", fetch.RedactURL(target), resp.Status)
			}
			// Podcast apps ask without credentials too: a feed they cannot
			// read is not published.
			return nil, fmt.Errorf("%s: %s: check asks as a podcast app does, with no credentials (podgen publish compares with the published feed itself, through the bucket)", fetch.RedactURL(target), resp.Status)
		default:
			return nil, fmt.Errorf("%s: %s", fetch.RedactURL(target), resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, 512<<20))
	}
	return os.ReadFile(target)
}

func checkRun(opts *checkOptions, target string) error {
	ctx := opts.cmd.Context()
	site := target == "" // the site folder's feed, which a build writes
	noConfig := false
	if site {
		c, err := loadConfig(opts.cmd, nil)
		if err != nil {
			return err
		}
		// No file, and no PODGEN_OUT: nothing said where the site folder is.
		target, noConfig = filepath.Join(c.Out, feed.FeedFile), c.File() == "" && !strings.HasPrefix(c.Origin("out"), "PODGEN_")
	}
	doc, err := readFeed(ctx, target)
	if site && noConfig && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file, and no config.yaml here to say where the site folder is: name the feed (podgen check FILE or URL), or the config (--config FILE)", target)
	}
	if site && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file: run podgen build first, or name the feed (podgen check FILE or URL)", target)
	}
	if err != nil {
		return err
	}
	// Decoded once, for every check: a feed that does not decode has
	// nothing to compare and no URLs to ask.
	f, err := rss.Decode(doc)
	var problems []rss.Problem
	if err != nil {
		problems = []rss.Problem{rss.Unreadable(err)}
	} else {
		problems = f.Check()
	}
	if opts.previous != "" {
		prevDoc, err := readFeed(ctx, opts.previous)
		if err != nil {
			return fmt.Errorf("--previous: %w", err)
		}
		switch prev, err := rss.Decode(prevDoc); {
		case err != nil:
			problems = append(problems, rss.PreviousUnreadable(err))
		case f != nil:
			problems = append(problems, f.CheckPrevious(prev, nil)...)
		}
	}
	if opts.online && f != nil {
		problems = append(problems, f.CheckOnline(ctx, httpClient)...)
	}
	nErr := len(rss.Errors(problems))
	if opts.json {
		type jsonProblem struct {
			Severity string `json:"severity"`
			Item     string `json:"item,omitempty"`
			Rule     string `json:"rule"`
			Message  string `json:"message"`
			Line     int    `json:"line,omitempty"`
			URL      string `json:"url,omitempty"`
		}
		out := struct {
			Feed     string        `json:"feed"`
			Errors   int           `json:"errors"`
			Warnings int           `json:"warnings"`
			Problems []jsonProblem `json:"problems"`
		}{Feed: target, Errors: nErr, Warnings: len(problems) - nErr, Problems: []jsonProblem{}}
		for _, p := range problems {
			out.Problems = append(out.Problems, jsonProblem{p.Severity.String(), p.Item, p.Rule, p.Message, p.Line, p.URL})
		}
		b, _ := json.MarshalIndent(out, "", "  ")
		fmt.Fprintln(opts.io.Out, string(b))
	} else {
		printCheck(opts.io.Out, target, problems, opts.verbose)
		fmt.Fprintf(opts.io.Out, "%s: %s, %s\n", target, plural(nErr, "error"), plural(len(problems)-nErr, "warning"))
	}
	if nErr > 0 {
		return silentError{exitError}
	}
	return nil
}

// printCheck prints a feed's problems one per line; one that groupAt items
// or more repeat is one line with their count and the first of them, as
// build prints its own, unless verbose.
func printCheck(w io.Writer, target string, problems []rss.Problem, verbose bool) {
	type kind struct {
		severity      rss.Severity
		rule, message string
	}
	items := map[kind][]string{}
	for _, p := range problems {
		if p.Item != "" {
			k := kind{p.Severity, p.Rule, p.Message}
			items[k] = append(items[k], p.Item)
		}
	}
	done := map[kind]bool{}
	for _, p := range problems {
		k := kind{p.Severity, p.Rule, p.Message}
		switch its := items[k]; {
		case p.Item == "" || verbose || len(its) < groupAt:
			where := target
			if p.Line > 0 {
				where = fmt.Sprintf("%s:%d", target, p.Line)
			}
			fmt.Fprintf(w, "%s: %s\n", where, oneLine(p.String()))
		case !done[k]:
			done[k] = true
			fmt.Fprintf(w, "%s: %s: %s items: %s (%s), first item %s, … (--verbose lists every one)\n",
				target, p.Severity, thousands(len(its)), oneLine(p.Message), p.Rule, oneLine(strings.Join(its[:min(groupFirst, len(its))], ", item ")))
		}
	}
}
