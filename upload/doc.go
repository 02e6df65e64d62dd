// Package upload publishes a built site folder to S3-compatible storage
// (AWS S3, Cloudflare R2, Backblaze B2, MinIO, versitygw, ...), sending only
// what changed and never exposing a feed whose files are missing.
//
// It is the last stage of podgen's pipeline (parse -> feed -> upload) and
// imports neither of the others: its input is a folder. The work is split
// the way hugo's deploy package splits it:
//
//   - [ScanSite] lists the local files with their MD5s (cached by path,
//     size and mtime in a [HashCache]);
//   - [MakePlan] is a pure function from the local files and the bucket
//     listing to a [Plan]: each upload with its reason, in order (media,
//     then pages, then feed.xml), and the deletions --prune asks for;
//   - [Execute] is the thin loop that carries a plan out against a
//     [Bucket], stage by stage, feed last. A store may answer 200 to a PUT
//     it did not keep, so before the feed goes up one LIST proves that the
//     bucket holds what the plan expects ([CheckListing]), and the feed is
//     proven the same way before anything is deleted.
//
// A publish holds a lock object under the prefix while it runs
// ([AcquireLock]), created only where none exists (If-None-Match: *), so
// that two publishes never interleave.
//
// Because the plan is made before any request is sent, --dry-run prints
// exactly what a real run does. [S3Bucket] is the Bucket for real stores;
// its comments say which provider quirk each setting answers.
package upload
