// Command podgen turns the article archive of an audio series (樱花FM) into
// a podcast: `podgen build` parses the articles, matches and probes their
// audio and writes an RSS feed with its files into a site folder; `podgen
// publish` uploads that folder to S3-compatible storage.
//
// This is the only package that wires the pipeline together
// (parse -> feed -> upload): it reads config.yaml and the environment
// (package internal/config), defines the cobra commands, prints, and maps
// errors to exit codes (0 success, 1 errors, 2 usage, 130 interrupted).
// Each command is an options struct, a
// newCmdX and an xRun, writing to injected streams so that tests capture
// what users see; testdata/script holds testscript tests that run the real
// binary.
package main
