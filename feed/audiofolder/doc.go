// Package audiofolder is the audio folder of a build: its files listed
// once (by name in any case, symlinks resolved only inside it, the WAVs
// and FLACs that would be an episode's once converted), and the file or
// URL each article's audio is (Match): the one it names, the one
// config.yaml names for it, the one of its post id's or file's name, or
// the audio_url template's.
//
// It is cut from feed because it is a job of its own with a small
// interface (an article and the folder in, a Ref out) that the site build
// only consumes; it knows nothing of the build's other stages.
package audiofolder
