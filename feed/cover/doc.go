// Package cover makes episode artwork that Apple accepts out of the images
// articles point at.
//
// Article covers are hotlinked from hosts that expire
// (lh5.googleusercontent.com, assets.gnews.org), have no file extension and
// are rarely square, while Apple wants square JPEG or PNG of 1400-3000
// pixels in RGB. [Fetch] downloads an image (http(s) only, with a timeout
// and a size limit); [Make] turns it into a 1400x1400 RGB JPEG under
// 512 KB. Which covers to mirror, and remembering them between builds, is
// the build's business (package feed).
package cover
