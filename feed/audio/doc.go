// Package audio reads what a podcast enclosure needs to know about an audio
// file (size, type and duration) from its headers, without decoding it:
// from a file, any [io.ReaderAt], or an http(s) URL.
//
// It is the part of the build that stands alone: the feed package matches
// articles with audio and caches what this package finds.
//
// The MP3 reader is written by hand: no maintained Go library reads an MP3's
// duration without decoding it, and the rules fit in about 200 lines
// (ISO/IEC 11172-3 and 13818-3 frame headers; the Xing/Info and VBRI tags
// written by LAME and Fraunhofer encoders). ffprobe is not used: it guesses
// the length of a VBR file without a Xing tag from its first frame's
// bitrate. M4A durations come from moov/mvhd (or the longest mdhd), wherever
// moov sits in the file.
//
// Remote audio ([Head], [ProbeRemote]) is read with Range requests for the
// headers, and downloaded whole only when there is no other way (a VBR MP3
// without a Xing tag, a server without Range support).
package audio
