package config

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/parse"
)

// Config is config.yaml, after environment and flags.
type Config struct {
	file    string            // the config file read; "" when there is none
	lines   map[string]int    // the line of each key in the file
	flags   map[string]string // the flag that set each key
	ids     map[string]string // episode ids as written (006), by the id YAML read (6)
	written map[string]string // values YAML read as other than text, as written, by key

	// Unknown are the keys the file holds that podgen does not know: a
	// warning, or an error of a strict build.
	Unknown []error `mapstructure:"-"`
	// Warnings are what Feed finds worth saying but not wrong (an error
	// under strict).
	Warnings []error `mapstructure:"-"`
	// Served says base_url is podgen serve's own address, where plain
	// http is what there is.
	Served bool `mapstructure:"-"`

	Title       string `mapstructure:"title"`
	Description string `mapstructure:"description"`
	Link        string `mapstructure:"link"`
	BaseURL     string `mapstructure:"base_url"`
	Language    string `mapstructure:"language"`
	Author      string `mapstructure:"author"`
	Owner       struct {
		Name  string `mapstructure:"name"`
		Email string `mapstructure:"email"`
	} `mapstructure:"owner"`
	Copyright   string `mapstructure:"copyright"`
	Image       string `mapstructure:"image"`
	Category    string `mapstructure:"category"`
	Subcategory string `mapstructure:"subcategory"`
	Explicit    bool   `mapstructure:"explicit"`
	Type        string `mapstructure:"type"`
	Locked      bool   `mapstructure:"locked"`
	PodcastGUID string `mapstructure:"podcast_guid"`

	Series    string `mapstructure:"series"`
	Timezone  string `mapstructure:"timezone"`
	Articles  string `mapstructure:"articles"`
	Audio     string `mapstructure:"audio"`
	AudioURL  string `mapstructure:"audio_url"`
	Out       string `mapstructure:"out"`
	Strict    bool   `mapstructure:"strict"`
	Covers    string `mapstructure:"covers"`
	CopyAudio bool   `mapstructure:"copy_audio"`

	Episodes map[string]struct {
		Date   any    `mapstructure:"date"` // YAML reads an unquoted date as a timestamp
		Audio  string `mapstructure:"audio"`
		Remove bool   `mapstructure:"remove"`
	} `mapstructure:"episodes"`

	Upload Upload `mapstructure:"upload"`
}

type Upload struct {
	Endpoint     string        `mapstructure:"endpoint"`
	Region       string        `mapstructure:"region"`
	Bucket       string        `mapstructure:"bucket"`
	Prefix       string        `mapstructure:"prefix"`
	PathStyle    bool          `mapstructure:"path_style"`
	ACL          string        `mapstructure:"acl"`
	Concurrency  int           `mapstructure:"concurrency"`
	MaxDeletes   int           `mapstructure:"max_deletes"`
	Timeout      time.Duration `mapstructure:"timeout"`
	MinRate      int64         `mapstructure:"min_rate"`
	CacheControl struct {
		Feed  string `mapstructure:"feed"`
		Pages string `mapstructure:"pages"`
		Media string `mapstructure:"media"`
	} `mapstructure:"cache_control"`
}

// pathKeys are the keys holding paths: relative ones in config.yaml are
// relative to its folder; from flags or the environment, to the working
// directory.
var pathKeys = []string{"image", "articles", "audio", "out"}

// durationKeys are the keys holding a time.Duration.
var durationKeys = []string{"upload.timeout"}

// defaultValues is every key's default.
var defaultValues = map[string]any{
	"title": "", "description": "", "link": "", "base_url": "", "language": "zh-cn",
	"author": "", "owner.name": "", "owner.email": "", "copyright": "", "image": "",
	"category": "", "subcategory": "", "explicit": false, "type": "episodic", "locked": false,
	"podcast_guid": "", "series": parse.DefaultSeries, "timezone": "UTC",
	"articles": "articles", "audio": "audio", "audio_url": "", "out": "public", "strict": false, "covers": "mirror", "copy_audio": false,
	"upload.endpoint": "", "upload.region": "us-east-1", "upload.bucket": "", "upload.prefix": "",
	"upload.path_style": false, "upload.acl": "", "upload.concurrency": 4, "upload.max_deletes": 20,
	"upload.timeout": "30s", "upload.min_rate": 64000,
	"upload.cache_control.feed": "max-age=300", "upload.cache_control.pages": "max-age=300",
	"upload.cache_control.media": "public, max-age=31536000, immutable",
}

func defaults(v *viper.Viper) {
	for key, val := range defaultValues {
		v.SetDefault(key, val)
	}
}

// Load reads the config file named by the flag --config, then the PODGEN_
// environment, then the flags bound to keys (flag name -> key).
func Load(flags *pflag.FlagSet, flagKeys map[string]string) (*Config, error) {
	v := viper.New()
	defaults(v)
	v.SetEnvPrefix("PODGEN")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	changed := map[string]bool{} // keys set by a flag or the environment
	c := &Config{flags: map[string]string{}}
	for flag, key := range flagKeys {
		f := flags.Lookup(flag)
		if f == nil {
			continue
		}
		if err := v.BindPFlag(key, f); err != nil {
			return nil, err
		}
		if f.Changed {
			changed[key] = true
			c.flags[key] = "--" + flag
		}
	}
	for _, key := range pathKeys {
		if _, ok := os.LookupEnv("PODGEN_" + strings.ToUpper(key)); ok {
			changed[key] = true
		}
	}

	cfgFlag := flags.Lookup("config")
	file := cfgFlag.Value.String()
	// --config= (empty) reads no file: everything from flags and environment.
	if _, err := os.Stat(file); file != "" && (err == nil || cfgFlag.Changed) {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) && errors.Is(pe, fs.ErrNotExist) {
				return nil, fmt.Errorf("--config %s: no such file", file)
			}
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("config: %w", pe)
			}
			return nil, yamlErrors(file, err)
		}
		c.file = file
		cf := readConfigFile(file)
		c.lines, c.Unknown, c.ids = cf.lines, cf.unknown, cf.ids
		c.written = cf.written
		for key, text := range cf.written {
			if _, ok := v.Get(key).(string); textKey(key) && !ok { // not a flag's or the environment's
				v.Set(key, text)
			}
		}
	}
	// YAML reads `timeout: 30` as a number, which would decode as 30
	// nanoseconds: a duration in the file needs its unit.
	for _, key := range durationKeys {
		switch val := v.Get(key).(type) {
		case string, time.Duration, nil:
		default:
			return nil, fmt.Errorf("%s: %v is not a duration (like 30s or 2m): a number needs its unit", c.Where(key), val)
		}
	}
	// YAML reads 2.5 and 99999999999999999999 as floats, which would
	// decode as 2 and as a negative number.
	for key, def := range defaultValues {
		if _, isInt := def.(int); !isInt {
			continue
		}
		if f, ok := v.Get(key).(float64); ok && (f != math.Trunc(f) || math.Abs(f) > math.MaxInt32) {
			return nil, fmt.Errorf("%s: %s is not a whole number podgen can use", c.Where(key), cmp.Or(c.written[key], strconv.FormatFloat(f, 'g', -1, 64)))
		}
	}
	if err := v.Unmarshal(c); err != nil {
		return nil, c.decodeErrors(v, err)
	}
	// Every command checks the upload settings, build too: the nightly
	// job learns of a bad one before it builds, not after.
	if err := c.checkUpload(); err != nil {
		return nil, err
	}
	if c.file != "" {
		dir := filepath.Dir(c.file)
		for _, key := range pathKeys {
			if changed[key] {
				continue
			}
			p := c.path(key)
			if *p != "" && !filepath.IsAbs(*p) && !strings.Contains(*p, "://") { // a URL is said as it is written
				*p = filepath.Join(dir, *p)
			}
		}
	}
	return c, nil
}

// Origin says where the value of key came from: the flag, the
// environment variable or the file and line that set it.
func (c *Config) Origin(key string) string {
	if f, ok := c.flags[key]; ok {
		return f
	}
	env := "PODGEN_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
	if v, ok := os.LookupEnv(env); ok && v != "" {
		return env
	}
	if line, ok := c.lines[key]; ok {
		return fmt.Sprintf("%s:%d", c.file, line)
	}
	return c.name()
}

// Where is what an error about key's value starts with: its origin, and
// the key too when that is a line of the file, which names no key.
func (c *Config) Where(key string) string {
	if c.inFile(key) {
		return c.Origin(key) + ": " + key
	}
	return c.Origin(key)
}

// inFile reports whether key's value came from the config file (or its
// default), whose lines name no key.
func (c *Config) inFile(key string) bool {
	o := c.Origin(key)
	return !strings.HasPrefix(o, "--") && !strings.HasPrefix(o, "PODGEN_")
}

// File is the config file read, "" when there was none.
func (c *Config) File() string { return c.file }

func (c *Config) name() string {
	if c.file == "" {
		return "config"
	}
	return c.file
}

func (c *Config) path(key string) *string {
	switch key {
	case "image":
		return &c.Image
	case "articles":
		return &c.Articles
	case "audio":
		return &c.Audio
	default:
		return &c.Out
	}
}

// Feed checks what build needs and turns it into feed.Config, whose
// Channel.Generator is the caller's to name.
func (c *Config) Feed() (feed.Config, *time.Location, error) {
	var errs []error
	c.Warnings = nil
	bad := func(key, format string, args ...any) {
		where := c.Where(key)
		if key == "category" || key == "subcategory" { // their errors name them
			where = c.Origin(key)
		}
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{where}, args...)...))
	}
	// warn keeps what is worth saying but not wrong: an error under strict.
	warn := func(w error) {
		if c.Strict {
			errs = append(errs, w)
		} else {
			c.Warnings = append(c.Warnings, w)
		}
	}
	if c.file == "" { // what it would say of the values missing follows from this
		return feed.Config{}, nil, errors.New("config: no configuration file (config.yaml in the working directory, or --config FILE)")
	}
	if c.Strict {
		errs = append(errs, c.Unknown...)
	}
	if strings.TrimSpace(c.Title) == "" {
		bad("title", "required")
	}
	if strings.TrimSpace(c.Description) == "" {
		bad("description", "required")
	}
	base := strings.TrimRight(c.BaseURL, "/")
	if err := CheckBaseURL(base); err != nil {
		bad("base_url", "%q %v (where the site folder is served, like https://podcast.example.org/sakurafm)", fetch.RedactURL(c.BaseURL), err)
	} else {
		base = lowerHost(base)
		if u, _ := url.Parse(base); u.Scheme == "http" && !c.Served && !isLocal(u.Hostname()) {
			warn(fmt.Errorf("%s: %q is http: Apple Podcasts wants https (serve the site folder over https)", c.Where("base_url"), c.BaseURL))
		}
	}
	if e := c.Owner.Email; e != "" && !rss.IsEmail(e) {
		bad("owner.email", "%q is not an email address (name@example.org): Apple mails the owner to verify the feed", e)
	}
	if !rss.IsLanguageCode(c.Language) {
		bad("language", "%q is not a language code: ISO 639, as zh-cn, en or ja", c.Language)
	}
	// A podcast of one's own that names no language is in the archive's,
	// Chinese, which its pages would show.
	if _, set := c.lines["language"]; !set && c.Origin("language") == c.name() && !parse.IsEdition(c.Series) {
		warn(fmt.Errorf("%s: language: not set, so the feed and the pages are in Chinese (zh-cn): set it (en, ja, …)", c.name()))
	}
	// The folders, blamed on where they were named (the build would say
	// only which folder).
	for _, key := range []string{"articles", "audio"} {
		dir := *c.path(key)
		if key == "audio" && c.AudioURL != "" {
			continue // audio served elsewhere: the folder is optional
		}
		if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			bad(key, "%q: no such folder", dir)
		} else if err == nil && !st.IsDir() {
			bad(key, "%q: not a folder", dir)
		}
	}
	if strings.Contains(c.Image, "://") {
		bad("image", "%q is a URL: image is a file (a path from config.yaml's folder), which the site serves under a name of its own: download it", c.Image)
	} else if c.Image != "" {
		if st, err := os.Stat(c.Image); errors.Is(err, fs.ErrNotExist) {
			bad("image", "%q: no such file", c.Image)
		} else if err == nil && !st.Mode().IsRegular() {
			bad("image", "%q: not a regular file", c.Image) // a named pipe would block the build
		}
	}
	if err := c.checkOut(); err != nil {
		bad("out", "%v", err)
	}
	if strings.TrimSpace(c.Category) == "" {
		bad("category", "category: required: one of Apple's categories, such as News, Arts or Society & Culture")
	} else if err := rss.CheckCategory(c.Category, ""); err != nil {
		bad("category", "%v", err)
	} else if err := rss.CheckCategory(c.Category, c.Subcategory); err != nil {
		bad("subcategory", "%v", err)
	}
	if c.Type != "episodic" && c.Type != "serial" {
		bad("type", "%q; want episodic or serial", c.Type)
	}
	if c.Covers != "mirror" && c.Covers != "link" && c.Covers != "none" {
		bad("covers", "%q; want mirror, link or none", c.Covers)
	}
	if c.AudioURL != "" {
		u, err := url.Parse(strings.ReplaceAll(c.AudioURL, "{id}", "1"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(c.AudioURL, "{id}") {
			bad("audio_url", "%q is not an http(s) URL with {id} for the episode's ID (https://media.example.org/sakurafm/{id}.mp3)", fetch.RedactURL(c.AudioURL))
		} else if u.User != nil {
			bad("audio_url", "%q holds a user name or password, which the feed would show to everyone", fetch.RedactURL(c.AudioURL))
		}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		bad("timezone", "%v (an IANA name, as Asia/Shanghai, Asia/Tokyo, Europe/London or UTC)", err)
		loc = time.UTC
	}
	overrides := map[string]feed.Override{}
	for id, e := range c.Episodes {
		id = cmp.Or(c.ids[id], id) // 006, not the 6 YAML reads
		o := feed.Override{Audio: e.Audio, Remove: e.Remove, Where: c.Where("episodes." + id)}
		switch d := e.Date.(type) {
		case nil:
		case time.Time:
			o.Date = d
		default:
			t, err := parse.ParseDate(fmt.Sprint(d), loc)
			if err != nil {
				bad("episodes."+id+".date", "%v", err)
			}
			o.Date = t
		}
		overrides[id] = o
	}
	fc := feed.Config{
		Channel: rss.Channel{
			Title: c.Title, Description: strings.TrimSpace(c.Description), Link: cmp.Or(c.Link, base+"/index.html"),
			Language: c.Language, Copyright: c.Copyright, Author: c.Author,
			OwnerName: c.Owner.Name, OwnerEmail: c.Owner.Email,
			Category: c.Category, Subcategory: c.Subcategory, Explicit: c.Explicit,
			Type: c.Type, Locked: c.Locked, GUID: c.PodcastGUID,
		},
		BaseURL:      base,
		Artwork:      c.Image,
		ArtworkAt:    c.Where("image"),
		AudioDir:     c.Audio,
		AudioURL:     c.AudioURL,
		OutDir:       c.Out,
		Episodes:     overrides,
		Strict:       c.Strict,
		MirrorCovers: c.Covers == "mirror",
		CopyAudio:    c.CopyAudio,
		Location:     loc,
	}
	return fc, loc, errors.Join(errs...)
}

// RemovedGUIDs are the guids of the episodes config removes (remove:
// true), each with its ID: they may leave the published feed.
func (c *Config) RemovedGUIDs() map[string]string {
	removed := map[string]string{}
	for id, e := range c.Episodes {
		if e.Remove {
			for _, g := range feed.EpisodeGUIDs(id) {
				removed[g] = id
			}
		}
	}
	return removed
}
