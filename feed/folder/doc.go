// Package folder is what a build may take from a folder it is given (the
// articles, the audio): that it is a folder, and a symlink in it only when
// it stays inside. The archive and the audio match use it alike.
package folder
