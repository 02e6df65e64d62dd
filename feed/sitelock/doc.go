// Package sitelock keeps two podgen processes from writing one site folder
// at once: a build holds it alone, a publish shares
// it with other publishes, so that no publish reads a folder half written.
// Two builds at once would each remove, on failing, what the other had
// written and its feed references.
//
// The lock is an advisory file lock (flock, LockFileEx) on a file in the
// system's temporary folder named after the site folder's real path, not
// in the site folder: it would be uploaded with it, and a build that fails
// leaves a folder that did not exist as it was, absent. The operating
// system releases it when the process ends, however it ends.
//
// It is a package of its own, beside feed, because the command takes it
// around a whole build or publish, and its two system interfaces are
// platform files.
package sitelock
