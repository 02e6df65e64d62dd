// Package fetch is what a build asks of the network: the covers articles
// point at and audio served elsewhere, from hosts that are often gone
// (gnews.org's image host is). It must cost little when they are.
//
// [Client] follows few redirects, and none from a public address to this
// machine's or its network's. A [Fetcher] asks a few URLs at a time, asks
// no host again in a build once it did not answer, and remembers a
// failure in the build cache for a day: for the host when it did not
// answer (no such host, refused, no answer in time), for the URL when it
// answered no. [Cause] and [Group] say a failure in a few words, the same
// in the build that meets it and in the builds that remember it.
//
// It stands apart from package feed because podgen check asks the
// network too, and says its failures in the same words; what to fetch,
// and what a failure costs an episode, is the build's business.
package fetch
