package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestSuggest: an unknown key is answered with the known key it was likely
// meant to be: the same name at another level first (a block under the
// wrong key), else a slip away at its level, an episode's id kept; a key
// like no other gets no guess.
func TestSuggest(t *testing.T) {
	for _, tc := range []struct{ key, pattern, want string }{
		{"stirct", "stirct", " (did you mean strict?)"},
		{"base_ulr", "base_ulr", " (did you mean base_url?)"},
		{"copyrite", "copyrite", " (did you mean copyright?)"},
		{"upload.bucekt", "upload.bucekt", " (did you mean upload.bucket?)"},
		{"episodes.2455369.remvoe", "episodes.*.remvoe", " (did you mean episodes.2455369.remove?)"},
		{"episodes.2455369.dat", "episodes.*.dat", " (did you mean episodes.2455369.date?)"},
		{"upload.episodes", "upload.episodes", " (did you mean episodes? it is not under upload)"},
		{"owner.bucket", "owner.bucket", " (did you mean upload.bucket? it is not under owner)"},
		{"bucket", "bucket", " (did you mean upload.bucket? it belongs under upload)"},
		{"timeout", "timeout", " (did you mean upload.timeout? it belongs under upload)"},
		{"name", "name", " (did you mean owner.name? it belongs under owner)"},
		{"xyz", "xyz", ""},
		{"podcast_name", "podcast_name", ""},
		{"sources", "sources", ""},
		{"artwork", "artwork", ""},
		{"upload.secret", "upload.secret", ""},
		{"episodes.2455369.delete", "episodes.*.delete", ""},
		{"episodes.2455369.author", "episodes.*.author", " (did you mean author? it is not under episodes.2455369)"},
		{"", "", ""},
		{".title", ".title", " (did you mean title?)"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			if got := suggest(tc.key, tc.pattern); got != tc.want {
				t.Errorf("suggest(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

// TestTextsAsWritten: a text key whose value YAML reads as a boolean, a
// number or a date is the text as written (mapstructure made true "1" and
// 0123 "83"); a flag's or the environment's value is not touched.
func TestTextsAsWritten(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"true", "true"},
		{"false", "false"},
		{"0123", "0123"},
		{"0x1F", "0x1F"},
		{"1.10", "1.10"},
		{"1e3", "1e3"},
		{"2024-03-01", "2024-03-01"},
		{"'true'", "true"},
		{"樱花FM", "樱花FM"},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			c := load(t, "title: "+tc.yaml+"\nauthor: "+tc.yaml+"\nupload:\n  prefix: "+tc.yaml+"\n  concurrency: 3\n")
			if c.Title != tc.want || c.Author != tc.want || c.Upload.Prefix != tc.want {
				t.Errorf("title, author, upload.prefix = %q, %q, %q; want %q", c.Title, c.Author, c.Upload.Prefix, tc.want)
			}
			if c.Upload.Concurrency != 3 {
				t.Errorf("upload.concurrency = %d, want 3", c.Upload.Concurrency)
			}
		})
	}
	t.Run("environment", func(t *testing.T) {
		t.Setenv("PODGEN_TITLE", "from the environment")
		c := load(t, "title: true\n")
		if c.Title != "from the environment" {
			t.Errorf("title = %q, want the environment's", c.Title)
		}
	})
}

// TestBaseURLCase: base_url's scheme and host are in lower case in the
// feed, its path as written: the same feed, whatever case the host is typed
// in, is not a moved one.
func TestBaseURLCase(t *testing.T) {
	for _, tc := range []struct{ base, want string }{
		{"HTTPS://Podcast.EXAMPLE.org/SakuraFM/", "https://podcast.example.org/SakuraFM"},
		{"https://podcast.example.org", "https://podcast.example.org"},
		{"http://LOCALHOST:8080/x", "http://localhost:8080/x"},
	} {
		t.Run(tc.base, func(t *testing.T) {
			fc, _, err := load(t, "title: T\ndescription: D\ncategory: News\nbase_url: "+tc.base+"\n").Feed()
			if err != nil {
				t.Fatal(err)
			}
			if fc.BaseURL != tc.want {
				t.Errorf("BaseURL = %q, want %q", fc.BaseURL, tc.want)
			}
		})
	}
}

// TestOwnerEmail: an owner email that is no address is an error at its
// line, not a feed Apple cannot verify.
func TestOwnerEmail(t *testing.T) {
	for _, tc := range []struct{ email, err string }{
		{"podcast@example.org", ""},
		{"not-an-email", `config.yaml:5: owner.email: "not-an-email" is not an email address (name@example.org)`},
		{"me@localhost", `owner.email: "me@localhost" is not an email address`},
		{"'Me <me@example.org>'", `owner.email: "Me <me@example.org>" is not an email address`},
	} {
		t.Run(tc.email, func(t *testing.T) {
			_, _, err := load(t, "title: T\ndescription: D\ncategory: News\nowner:\n  email: "+tc.email+"\nbase_url: https://x.org/p\n").Feed()
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("err = %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("err = %v, want %q", err, tc.err)
			}
		})
	}
}

// load loads config.yaml of the text yaml from a folder that holds the
// articles and audio folders it names by default.
func load(t *testing.T, yaml string) *Config {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"articles", "audio"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	flags := pflag.NewFlagSet("podgen", pflag.ContinueOnError)
	flags.String("config", file, "")
	c, err := Load(flags, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
