// Package pool runs a build's many small jobs (a file to read, an article
// to parse, an episode to render) on a few goroutines. The archive and
// the site build both fan out this way; it is a package of its own so
// that neither imports the other for it.
package pool
