// Package archive reads a folder of articles into the episodes' articles:
// the first step of a build (feed's pipeline starts from its [Archive]).
//
// The folder is a work tree, and often a git repository whose history holds
// far more than its tree: the real archive deletes each article hours
// after adding it. [Read] takes every article file of the tree and every
// version of every file in the history (package gitlog reads it), parses
// each version once (package parse), and keeps for each path its newest
// version that is an episode, dated by the commit that first added it.
//
// It is a package of its own because it is one job with its own state:
// what it read of the history (up to which commit, each path's episode,
// the tree as parsed) is kept in the cache under the archive's identity,
// so that the next build reads only the commits since; nothing of it is
// about feeds or sites. archive.go holds the tree and the Archive,
// history.go the history and the state.
package archive
