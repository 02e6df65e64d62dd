package rss

import (
	"strings"
	"testing"
)

// TestCheckCategory: Apple's categories as Apple spells them; a name that
// differs in case, spacing or "and" for "&" is answered with Apple's.
func TestCheckCategory(t *testing.T) {
	for _, tc := range []struct{ category, sub, want string }{
		{"News", "Politics", ""},
		{"Society & Culture", "", ""},
		{"Society and Culture", "", `category "Society and Culture" is not on Apple's list: did you mean "Society & Culture"?`},
		{"news", "", `category "news" is not on Apple's list: did you mean "News"?`},
		{"Newz", "", `category "Newz" is not on Apple's list`},
		{"News", "politics", `"politics" is not a subcategory of "News": did you mean "Politics"?`},
		{"News", "Cricket", `"Cricket" is not a subcategory of "News" (Apple's: `},
		{"Leisure", "Video  games", `"Video  games" is not a subcategory of "Leisure": did you mean "Video Games"?`},
	} {
		t.Run(tc.category+"/"+tc.sub, func(t *testing.T) {
			err := CheckCategory(tc.category, tc.sub)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("CheckCategory: %v, want none", err)
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
				t.Errorf("CheckCategory: %v, want %s", err, tc.want)
			}
		})
	}
}
