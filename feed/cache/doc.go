// Package cache keeps what a build learned, so that the next build does not
// learn it again: a store of values found by keys that are hashes of
// everything the value was made from (and of podgen's own code, where the
// code makes the value). A key names its inputs, never the working
// directory: the same inputs find the same value from any working
// directory or clone. The one key that names a place is StatKey: a file's
// absolute path and stat data, under which File keeps what reading the
// file gave (its hash), so that the file is not read again.
//
// The store is one file, read whole when a build starts and written, when
// something changed, by rename when it ends:
//
//	"podgen-cache 2\n"
//	entries: key (32 bytes), last used (uint32, minutes since 1970),
//	         value length (uvarint), value
//	CRC-32C of everything before it (4 bytes, little endian)
//
// A file that is missing, damaged, truncated or of another version is an
// empty cache: the cache only saves work, it never decides anything. When
// the file is written, an entry no build used for keepDays days is dropped,
// and so are the least recently used of the entries this build did not
// use beyond keepUnused bytes (another podgen's, another podcast's). Two
// builds that share a cache folder at the same time each write their own
// file: the last one wins, and the other's work is done again next time.
package cache
