package main

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// configKeys is every key config.yaml may hold, as dotted paths;
// "episodes.*" stands for any episode ID.
var configKeys = func() map[string]bool {
	keys := map[string]bool{}
	for k := range defaultValues {
		keys[k] = true
		for i := strings.LastIndexByte(k, '.'); i > 0; i = strings.LastIndexByte(k[:i], '.') {
			keys[k[:i]] = true
		}
	}
	for _, k := range []string{"episodes", "episodes.*", "episodes.*.date", "episodes.*.audio", "episodes.*.remove"} {
		keys[k] = true
	}
	return keys
}()

// configFile is what podgen reads of config.yaml besides its values: the
// line each key is on, and the keys it does not know.
type configFile struct {
	lines   map[string]int // by dotted key
	unknown []error        // file:line: unknown key "stirct" (did you mean strict?)
	// ids are the episode ids that YAML reads as numbers (006 is 6), by
	// the id the decoded config has: an id is as written.
	ids map[string]string
}

// readConfigFile reads the keys of a YAML config file. A file that is not
// YAML is left to viper, which says what is wrong with it.
func readConfigFile(name string) configFile {
	cf := configFile{lines: map[string]int{}, ids: map[string]string{}}
	b, err := os.ReadFile(name)
	if err != nil {
		return cf
	}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return cf
	}
	cf.walk(name, "", doc.Content[0])
	return cf
}

func (cf *configFile) walk(file, prefix string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if prefix != "" {
			key = prefix + "." + k.Value
		}
		pattern := key
		if prefix == "episodes" {
			pattern = "episodes.*"
		} else if strings.HasPrefix(prefix, "episodes.") {
			pattern = "episodes.*." + k.Value
		}
		if prefix == "episodes" {
			var id any
			if k.Decode(&id) == nil {
				if read := fmt.Sprint(id); read != k.Value {
					cf.ids[read] = k.Value
				}
			}
		}
		cf.lines[key] = k.Line
		if !configKeys[pattern] {
			cf.unknown = append(cf.unknown, fmt.Errorf("%s:%d: unknown key %q%s", file, k.Line, key, suggest(key, pattern)))
			continue
		}
		cf.walk(file, key, v)
	}
}

// suggest names the known key an unknown one was likely meant to be: the
// same name at another level (a block indented under the wrong key: bucket
// is upload.bucket), else one a slip or two away at the same level (three
// when it starts with the same three letters: copyrite is copyright),
// short of half its length. key is as written, pattern as configKeys has
// it: episodes.2455369.remvoe is episodes.*.remvoe, and was likely meant to
// be episodes.2455369.remove.
func suggest(key, pattern string) string {
	parent, name := "", pattern
	if i := strings.LastIndexByte(pattern, '.'); i >= 0 {
		parent, name = pattern[:i+1], pattern[i+1:]
	}
	written := key[:len(key)-len(name)] // the parent as written: episodes.2455369.
	for _, k := range slices.Sorted(maps.Keys(configKeys)) {
		if (k == name || strings.HasSuffix(k, "."+name)) && !strings.Contains(k, "*") && k != pattern {
			switch from, to := strings.Trim(written, "."), strings.TrimSuffix(strings.TrimSuffix(k, name), "."); {
			case from != "":
				return fmt.Sprintf(" (did you mean %s? it is not under %s)", k, from)
			case to != "":
				return fmt.Sprintf(" (did you mean %s? it belongs under %s)", k, to)
			default:
				return fmt.Sprintf(" (did you mean %s?)", k)
			}
		}
	}
	var best string
	bestDist := 4
	for _, k := range slices.Sorted(maps.Keys(configKeys)) {
		if !strings.HasPrefix(k, parent) || strings.Contains(k[len(parent):], ".") || strings.HasSuffix(k, "*") {
			continue
		}
		other := k[len(parent):]
		d := distance(name, other)
		near := d <= 2 || d == 3 && len(name) >= 3 && len(other) >= 3 && name[:3] == other[:3]
		if near && 2*d < len(name) && d < bestDist {
			best, bestDist = other, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %s?)", written+best)
	}
	return ""
}

// distance is the Levenshtein distance of two keys, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
