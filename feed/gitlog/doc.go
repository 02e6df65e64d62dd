// Package gitlog reads a git repository's history of one folder: every
// version of every file that a commit added or changed, with the commit's
// author date, and the versions' bytes.
//
// Article archives are git repositories, and some keep an article in
// their tree only for hours: the history holds every article, and the
// commit that added one dates it (a CI checkout resets every file's
// modification time). The history is read in one pass, with git's own
// commands: one git log --raw for the whole folder ([Repo.Log], which can
// start after a commit read before) and one git cat-file --batch for the
// bytes ([Blobs]), never a git command per file.
package gitlog
