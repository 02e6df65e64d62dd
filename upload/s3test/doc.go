// Package s3test starts versitygw, a real S3 server, on loopback for the
// tests and benchmarks of upload and of podgen's commands: one way to find
// the binary that `make test` installs, start it on a free port with an
// empty folder, and wait until it answers.
//
// It is its own package, not a helper in a _test.go file, because tests of
// two packages (upload, cmd/podgen) use it; podgen itself never imports
// it.
package s3test
