// Package page renders the podcast's web site: the index pages (the
// podcast, how to subscribe, its episodes newest first, PageSize to a
// page, one shared player, a search over every episode), a page for each
// episode (its player, credits, cover and text, the episodes before and
// after it, how to subscribe), which the feed's items link to and also
// name as their transcript, the search index the index pages read
// (search.json), sitemap.xml and robots.txt.
//
// Pages are html/template documents that work without JavaScript (the
// scripts add the shared player, the search and the copy button), need
// no framework and no other file (styles and scripts are in the page),
// follow the system's light or dark scheme, set CJK text in the
// language's system fonts and speak the channel's language (Chinese,
// simplified or traditional, Japanese; English otherwise). Their head
// has what link previews and search engines read: Open Graph and Twitter
// meta with absolute URLs, a canonical link and schema.org JSON-LD
// (PodcastSeries, PodcastEpisode).
//
// The site's own files are linked relatively, so that the site works from
// any host that serves its folder. Pages show only images the site serves
// (mirrored covers, else the channel artwork): the archive's image hosts
// are gone.
//
// The index is rendered in pieces, a frame per page and a row per
// episode, so that a build renders and caches episodes one by one. Nothing
// an episode's row or page shows depends on where it falls among the
// index's pages: a new episode changes only its neighbour's page.
package page
