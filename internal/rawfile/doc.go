// Package rawfile reads and creates regular files with plain system calls.
//
// A cold build opens 30,000 files. The os package registers each with Go's
// network poller, which regular files do not support: on Linux that is four
// fcntl calls and a failing epoll_ctl per file, and an *os.File with a
// finalizer, about 3 µs of the 8 µs an open, read and close take here
// (BENCHMARKS.md). This package does the same work with the open, read,
// write and close the kernel needs, for the files podgen reads whole or
// writes once (articles, audio, transcripts). Elsewhere than Linux and
// macOS it is the os package.
//
// Errors are *fs.PathError, as the os package's: errors.Is(err,
// fs.ErrNotExist) and fs.ErrExist work as with os.
package rawfile
