// Package page renders the podcast's web pages: the index (the podcast, how
// to subscribe, a player per episode) and each episode's transcript page,
// which the feed links with podcast:transcript.
//
// Pages are html/template documents that work without JavaScript, need no
// framework, follow the system's light or dark scheme and set CJK text in
// the system's Chinese fonts. The index is rendered in pieces, a frame and
// one piece per episode, so that a build renders and caches episodes one
// by one.
package page
