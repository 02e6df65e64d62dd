package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/parse"
)

// config is config.yaml, after environment and flags.
type config struct {
	file string // the config file read; "" when there is none

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
	Out       string `mapstructure:"out"`
	Strict    bool   `mapstructure:"strict"`
	Covers    string `mapstructure:"covers"`
	CopyAudio bool   `mapstructure:"copy_audio"`

	Episodes map[string]struct {
		Date  any    `mapstructure:"date"` // YAML reads an unquoted date as a timestamp
		Audio string `mapstructure:"audio"`
	} `mapstructure:"episodes"`

	Upload uploadConfig `mapstructure:"upload"`
}

type uploadConfig struct {
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

func defaults(v *viper.Viper) {
	for key, val := range map[string]any{
		"title": "", "description": "", "link": "", "base_url": "", "language": "zh-cn",
		"author": "", "owner.name": "", "owner.email": "", "copyright": "", "image": "",
		"category": "", "subcategory": "", "explicit": false, "type": "episodic", "locked": false,
		"podcast_guid": "", "series": parse.DefaultSeries, "timezone": "UTC",
		"articles": "articles", "audio": "audio", "out": "public", "strict": false, "covers": "mirror", "copy_audio": false,
		"upload.endpoint": "", "upload.region": "us-east-1", "upload.bucket": "", "upload.prefix": "",
		"upload.path_style": false, "upload.acl": "", "upload.concurrency": 4, "upload.max_deletes": 20,
		"upload.timeout": "30s", "upload.min_rate": 64000,
		"upload.cache_control.feed": "max-age=300", "upload.cache_control.pages": "max-age=300",
		"upload.cache_control.media": "public, max-age=31536000, immutable",
	} {
		v.SetDefault(key, val)
	}
}

// loadConfig reads the config file named by --config, then the PODGEN_
// environment, then the flags bound to keys (flag name -> key).
func loadConfig(cmd *cobra.Command, flagKeys map[string]string) (*config, error) {
	v := viper.New()
	defaults(v)
	v.SetEnvPrefix("PODGEN")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	changed := map[string]bool{} // keys set by a flag or the environment
	for flag, key := range flagKeys {
		f := cmd.Flags().Lookup(flag)
		if f == nil {
			continue
		}
		if err := v.BindPFlag(key, f); err != nil {
			return nil, err
		}
		if f.Changed {
			changed[key] = true
		}
	}
	for _, key := range pathKeys {
		if _, ok := os.LookupEnv("PODGEN_" + strings.ToUpper(key)); ok {
			changed[key] = true
		}
	}

	c := &config{}
	cfgFlag := cmd.Flags().Lookup("config")
	file := cfgFlag.Value.String()
	// --config= (empty) reads no file: everything from flags and environment.
	if _, err := os.Stat(file); file != "" && (err == nil || cfgFlag.Changed) {
		v.SetConfigFile(file)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("config: %w", pe)
			}
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		c.file = file
	}
	if err := v.Unmarshal(c); err != nil {
		return nil, fmt.Errorf("%s: %w", c.name(), err)
	}
	if c.file != "" {
		dir := filepath.Dir(c.file)
		for _, key := range pathKeys {
			if changed[key] {
				continue
			}
			p := c.path(key)
			if *p != "" && !filepath.IsAbs(*p) {
				*p = filepath.Join(dir, *p)
			}
		}
	}
	return c, nil
}

func (c *config) name() string {
	if c.file == "" {
		return "config"
	}
	return c.file
}

func (c *config) path(key string) *string {
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

// buildConfig checks what build needs and turns it into feed.Config.
func (c *config) buildConfig() (feed.Config, *time.Location, error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{c.name()}, args...)...))
	}
	if c.file == "" {
		bad("no configuration file (config.yaml in the working directory, or --config FILE)")
	}
	if strings.TrimSpace(c.Title) == "" {
		bad("title: required")
	}
	if strings.TrimSpace(c.Description) == "" {
		bad("description: required")
	}
	base := strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(base); base == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("base_url: %q is not an http(s) URL (where the site folder will be served)", c.BaseURL)
	}
	if err := feed.CheckCategory(c.Category, c.Subcategory); err != nil {
		bad("%v", err)
	}
	if c.Type != "episodic" && c.Type != "serial" {
		bad("type: %q; want episodic or serial", c.Type)
	}
	if c.Covers != "mirror" && c.Covers != "link" {
		bad("covers: %q; want mirror or link", c.Covers)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		bad("timezone: %v", err)
		loc = time.UTC
	}
	overrides := map[string]feed.Override{}
	for id, e := range c.Episodes {
		o := feed.Override{Audio: e.Audio}
		switch d := e.Date.(type) {
		case nil:
		case time.Time:
			o.Date = d
		default:
			t, err := parse.ParseDate(fmt.Sprint(d), loc)
			if err != nil {
				bad("episodes.%s.date: %v", id, err)
			}
			o.Date = t
		}
		overrides[id] = o
	}
	fc := feed.Config{
		Channel: feed.Channel{
			Title: c.Title, Description: strings.TrimSpace(c.Description), Link: c.Link,
			Language: c.Language, Copyright: c.Copyright, Author: c.Author,
			OwnerName: c.Owner.Name, OwnerEmail: c.Owner.Email,
			Category: c.Category, Subcategory: c.Subcategory, Explicit: c.Explicit,
			Type: c.Type, Locked: c.Locked, GUID: c.PodcastGUID,
			Generator: "podgen " + podgenVersion(),
		},
		BaseURL:     base,
		Artwork:     c.Image,
		ArticlesDir: c.Articles,
		AudioDir:    c.Audio,
		OutDir:      c.Out,
		Episodes:    overrides,
		Strict:      c.Strict,
		Covers:      feed.Covers{Mirror: c.Covers == "mirror"},
		CopyAudio:   c.CopyAudio,
	}
	return fc, loc, errors.Join(errs...)
}
