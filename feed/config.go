package feed

import (
	"net/http"
	"time"

	"github.com/sakurafm/podgen/feed/cache"
	"github.com/sakurafm/podgen/feed/rss"
)

// Config is what a build needs besides the articles.
type Config struct {
	Channel rss.Channel // FeedURL and ImageURL are filled in by the build
	BaseURL string      // where the site folder is served, without a trailing slash
	Artwork string      // the channel artwork file
	// ArtworkAt is where Artwork is set (config.yaml:12: image), for what
	// is said of it.
	ArtworkAt string
	AudioDir  string
	// AudioURL is where the audio of an episode without a file in the
	// audio folder is: a URL with {id} for the episode's ID
	// (https://media.example.org/sakurafm/{id}.mp3), probed over HTTP.
	AudioURL string
	OutDir   string
	Episodes map[string]Override // by article ID (the GNews post id)
	Strict   bool                // warnings are errors, and nothing is written
	// CopyAudio copies audio into the site instead of hard-linking it.
	CopyAudio bool
	// MirrorCovers downloads each article's cover and serves it from the
	// site (package cover); otherwise the articles' URLs are kept.
	MirrorCovers bool
	// WriteEarly lets Prepare create the site's new audio files and
	// transcripts as each episode is ready, so that a cold build's
	// thousands of file creations overlap its rendering; Write does the
	// rest. Files that exist are left to Write. When Prepare fails, it
	// removes what it created: the site folder is as it was. Set it only
	// when Write follows a successful Prepare.
	WriteEarly bool
	Diff       bool // list the episodes new, changed or removed since the last build
	// AllowShrink writes a feed with no episode, or with fewer than half
	// of those of the feed.xml in the site folder: a build refuses to,
	// since an archive that lost its history or a broken audio folder
	// would otherwise empty the podcast.
	AllowShrink bool

	// Cache keeps what builds learned; nil for none. Code identifies the
	// code that parses and renders (a hash of the executable): what it
	// made is reused only by the same code. Empty: nothing it made is
	// reused.
	Cache *cache.Cache
	Code  string
	// CoversDir keeps the mirrored covers between builds; empty: a
	// temporary folder, removed when the Site is written or discarded.
	CoversDir string
	// Client fetches covers and remote audio; nil means fetch.Client().
	Client *http.Client
	// Progress, when set, is told how many episodes of how many are
	// prepared, as each is (from several goroutines, one at a time), and
	// how many fetches over the network they took.
	Progress func(done, total, fetched int)
	// Location is the podcast's time zone (config.yaml's timezone): the
	// day an episode's page, the index and the search show for its date.
	// nil is UTC. The feed's dates are instants, written in UTC.
	Location *time.Location
	// FetchTimeout bounds each cover and remote audio fetch; zero leaves
	// it to their own limits (10 s a cover, 30 s a request for audio).
	FetchTimeout time.Duration
	// Now is when the build runs, for the warning of an episode dated
	// after it; zero warns of none. The feed is made of the inputs alone:
	// it is never written from Now.
	Now time.Time
}

// Override is config.yaml's word on one episode.
type Override struct {
	Date  time.Time
	Audio string // a file in the audio folder, or an http(s) URL
	// Remove leaves the episode out of the podcast: deleting its file does
	// not, since the history keeps every episode.
	Remove bool
	// Where is where config.yaml sets it (config.yaml:52: episodes.2455369),
	// for what a build says of it.
	Where string
}

// Result is what a build did.
type Result struct {
	Episodes []rss.Episode // as rendered, newest first
	Feed     string        // path of the feed written
	Warnings []error       // problems that left an episode out or used a fallback
	Written  int           // files written to the site folder (unchanged ones are not rewritten)
	Removed  int           // stale files removed from the site folder
	Left     int           // episodes left out by config.yaml (remove: true)
	Changes  []rss.Change  // against the previous feed.xml, with Config.Diff
}

// Site folder layout. Audio, covers, images, transcripts and artwork have
// content-addressed or ID-based ASCII names: Apple requires ASCII URLs, and
// a file whose bytes change must get a new URL (players resume downloads
// without If-Range).
const (
	FeedFile       = "feed.xml"
	AudioDir       = "audio"
	CoversDir      = "covers"
	ImagesDir      = "images"
	TranscriptsDir = "transcripts"
)
