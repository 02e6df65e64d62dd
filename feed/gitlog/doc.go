// Package gitlog reads what a git repository's history says about the
// files of a folder: when each was first added. Article archives are git
// repositories, and an article's publication date is the author date of
// the commit that added it: a CI checkout resets every file's modification
// time, the history keeps it.
//
// It runs git itself (git log), once for the whole folder.
package gitlog
