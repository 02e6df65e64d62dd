package config

import "testing"

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
