package rss

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// appleCategories is Apple Podcasts' category list
// (podcasters.apple.com/support/1691-apple-podcasts-categories); a name not
// on it invalidates the feed.
var appleCategories = map[string][]string{
	"Arts":                    {"Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"},
	"Business":                {"Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"},
	"Comedy":                  {"Comedy Interviews", "Improv", "Stand-Up"},
	"Education":               {"Courses", "How To", "Language Learning", "Self-Improvement"},
	"Fiction":                 {"Comedy Fiction", "Drama", "Science Fiction"},
	"Government":              nil,
	"History":                 nil,
	"Health & Fitness":        {"Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"},
	"Kids & Family":           {"Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"},
	"Leisure":                 {"Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden", "Video Games"},
	"Music":                   {"Music Commentary", "Music History", "Music Interviews"},
	"News":                    {"Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News"},
	"Religion & Spirituality": {"Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"},
	"Science":                 {"Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences", "Nature", "Physics", "Social Sciences"},
	"Society & Culture":       {"Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"},
	"Sports":                  {"Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"},
	"Technology":              nil,
	"True Crime":              nil,
	"TV & Film":               {"After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"},
}

// CheckCategory returns an error unless category (and subcategory, when not
// empty) is on Apple's list, exactly as spelled there.
func CheckCategory(category, subcategory string) error {
	subs, ok := appleCategories[category]
	if !ok {
		if c := alike(category, slices.Collect(maps.Keys(appleCategories))); c != "" {
			return fmt.Errorf("category %q is not on Apple's list: did you mean %q?", category, c)
		}
		return fmt.Errorf("category %q is not on Apple's list", category)
	}
	if subcategory != "" && !slices.Contains(subs, subcategory) {
		if len(subs) == 0 {
			return fmt.Errorf("category %q has no subcategories; %q is not one", category, subcategory)
		}
		if s := alike(subcategory, subs); s != "" {
			return fmt.Errorf("%q is not a subcategory of %q: did you mean %q?", subcategory, category, s)
		}
		return fmt.Errorf("%q is not a subcategory of %q (Apple's: %s)", subcategory, category, strings.Join(subs, ", "))
	}
	return nil
}

// alike is the name of names that s was likely meant to be, as Apple
// spells it: the same but for case, spaces and "and" for "&" (society and
// culture is Society & Culture); "" for none.
func alike(s string, names []string) string {
	fold := func(s string) string {
		s = strings.ReplaceAll(strings.ToLower(s), " and ", " & ")
		return strings.Join(strings.Fields(strings.ReplaceAll(s, "&", " & ")), " ")
	}
	for _, n := range names {
		if fold(n) == fold(s) {
			return n
		}
	}
	return ""
}

// personRoles is the Podcast Index person taxonomy
// (github.com/Podcastindex-org/podcast-namespace, taxonomy.json): roles by
// group. "editor" is in two groups, so the group must be given with it.
var personRoles = map[string][]string{
	"creative direction":    {"director", "assistant director", "executive producer", "senior producer", "producer", "associate producer", "development producer", "creative director"},
	"cast":                  {"host", "co-host", "guest host", "guest", "voice actor", "narrator", "announcer", "reporter"},
	"writing":               {"author", "editorial director", "co-writer", "writer", "songwriter", "guest writer", "story editor", "managing editor", "script editor", "script coordinator", "researcher", "editor", "fact checker", "translator", "transcriber", "logger"},
	"audio production":      {"studio coordinator", "technical director", "technical manager", "audio engineer", "remote recording engineer", "post production engineer"},
	"audio post-production": {"audio editor", "sound designer", "foley artist", "composer", "theme music", "music production", "music contributor"},
	"administration":        {"production coordinator", "booking coordinator", "production assistant", "content manager", "marketing manager", "sales representative", "sales manager"},
	"visuals":               {"graphic designer", "cover art designer"},
	"community":             {"social media manager"},
	"misc.":                 {"consultant", "intern"},
	"video production":      {"camera operator", "lighting designer", "camera grip", "assistant camera"},
	"video post-production": {"editor", "assistant editor"},
}

// CheckPersonRole returns an error unless role belongs to group in the
// Podcast Index taxonomy. Empty values take the namespace's defaults (host,
// cast).
func CheckPersonRole(role, group string) error {
	role, group = strings.ToLower(role), strings.ToLower(group)
	if role == "" {
		role = "host"
	}
	if group == "" {
		group = "cast"
	}
	roles, ok := personRoles[group]
	if !ok {
		return fmt.Errorf("group %q is not in the taxonomy", group)
	}
	if !slices.Contains(roles, role) {
		return fmt.Errorf("role %q is not in group %q", role, group)
	}
	return nil
}
