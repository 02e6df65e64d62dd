package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/viper"
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
	// written are the values YAML reads as something other than a text
	// (title: true, author: 0123, copyright: 2024-01-01, concurrency:
	// 1e20), as written, by dotted key: a text key's value is what the
	// file says, not true's "1" or 0123's "83", and a number is said as
	// written.
	written map[string]string
}

// textKey reports whether a key of the podcast's or the upload's (as
// configKeys has it) takes a text.
func textKey(pattern string) bool {
	_, ok := defaultValues[pattern].(string)
	return ok && !slices.Contains(durationKeys, pattern)
}

// readConfigFile reads the keys of a YAML config file. A file that is not
// YAML is left to viper, which says what is wrong with it.
func readConfigFile(name string) configFile {
	cf := configFile{lines: map[string]int{}, ids: map[string]string{}, written: map[string]string{}}
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
		if v.Kind == yaml.ScalarNode && v.Tag != "!!str" && v.Tag != "!!null" {
			cf.written[key] = v.Value
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
		d := Distance(name, other)
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

// Distance is the Levenshtein distance of two names (keys, flags), in
// bytes: a slip of the keyboard is a short way from what was meant.
func Distance(a, b string) int {
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

// yamlLineRe is where a YAML error says its line: "yaml: line 3: mapping
// values are not allowed in this context", or a line of "yaml: unmarshal
// errors:\n  line 72: mapping key "episodes" already defined at line 50".
var (
	yamlLineRe = regexp.MustCompile(`line (\d+): ([^\n]*)`)
	yamlTwice  = regexp.MustCompile(`^mapping key (".*") already defined at line (\d+)$`)
)

// yamlNotKeys is YAML's error for a document that is not a mapping, or a
// mapping key that is not a string: cannot unmarshal !!seq into
// map[string]interface {}.
var yamlNotKeys = regexp.MustCompile(`^cannot unmarshal !!(\w+)(?: ` + "`[^`]*`" + `)? into (map\[string\]interface \{\}|string)$`)

// unclosedQuote is the first line of file with an odd number of double
// quotes (an escaped one aside, and what follows a comment's #), 0 for none.
func unclosedQuote(file string) int {
	b, _ := os.ReadFile(file)
	for i, l := range strings.Split(string(b), "\n") {
		n, quoted := 0, false
		for j := 0; j < len(l); j++ {
			switch {
			case l[j] == '\\' && quoted:
				j++
			case l[j] == '"':
				n++
				quoted = !quoted
			case l[j] == '#' && !quoted && (j == 0 || l[j-1] == ' '):
				j = len(l)
			}
		}
		if n%2 == 1 {
			return i + 1
		}
	}
	return 0
}

// yamlErrors turns the error viper gives for a config file that is not
// YAML into an error a line, file:line: what is wrong; one that names no
// line is said as it is, after the file's name.
func yamlErrors(file string, err error) error {
	var errs []error
	ms := yamlLineRe.FindAllStringSubmatch(err.Error(), -1)
	slices.SortStableFunc(ms, func(a, b []string) int { // YAML's own order is a map's
		x, _ := strconv.Atoi(a[1])
		y, _ := strconv.Atoi(b[1])
		return x - y
	})
	for _, m := range ms {
		n, _ := strconv.Atoi(m[1])
		if m[2] == "did not find expected key" {
			n++ // YAML counts the line it stopped at from 0 here
		}
		errs = append(errs, fmt.Errorf("%s:%d: %s", file, n, yamlHint(file, n, m[2])))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "While parsing config: "), "yaml: ")
	// YAML names no line for an error on the first: the first line alone
	// gives the same one.
	if b, rerr := os.ReadFile(file); rerr == nil {
		first, _, _ := strings.Cut(string(b), "\n")
		var v any
		if ferr := yaml.Unmarshal([]byte(first), &v); ferr != nil && strings.TrimPrefix(ferr.Error(), "yaml: ") == msg {
			return fmt.Errorf("%s:1: %s", file, yamlHint(file, 1, msg))
		}
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// yamlHint is YAML's message about line n of file with what to do about
// it.
func yamlHint(file string, n int, what string) string {
	if t := yamlTwice.FindStringSubmatch(what); t != nil {
		return fmt.Sprintf("%s is set twice (first at line %s): keep one", t[1], t[2])
	} else if strings.Contains(what, "found character that cannot start any token") {
		return what + " (a tab? YAML indents with spaces)"
	} else if strings.Contains(what, "mapping values are not allowed in this context") {
		// Deeper than a key with a value (not a section's first key,
		// which is deeper than its section's name).
		line, above := lineAndAbove(file, n)
		if indent(line) > indent(above) && afterKey(above) != "" && !strings.Contains(afterKey(line), ": ") {
			return what + " (indented deeper than the line above it: the keys of a section line up, as in config.yaml)"
		}
		return what + ` (a value with ": " in it is quoted: title: "Season 1: the start")`
	} else if strings.Contains(what, "did not find expected key") {
		if line, above := lineAndAbove(file, n); indent(line) != indent(above) && afterKey(above) != "" {
			return what + " (indented unlike the line above it: the keys of a section line up, as in config.yaml)"
		}
	} else if strings.Contains(what, "found unexpected end of stream") {
		// YAML reads on to the end for the quote that closes it.
		if n := unclosedQuote(file); n > 0 {
			return what + fmt.Sprintf(": the quote opened at line %d is never closed", n)
		}
	} else if t := yamlNotKeys.FindStringSubmatch(what); t != nil {
		// YAML's words for Go's types: the file, or a key, is not what a
		// config holds.
		kind := map[string]string{"seq": "a list", "str": "text", "int": "a number", "float": "a number", "bool": "true or false"}[t[1]]
		if kind == "" {
			kind = "a value"
		}
		if t[2] == "map[string]interface {}" {
			return "the file is " + kind + ", not keys with their values (title: 樱花FM, a key a line)"
		}
		return "a key is " + kind + ", not a name"
	}
	return what
}

// lineAndAbove are line n of file and the line with a key above it (not
// blank, not a comment).
func lineAndAbove(file string, n int) (line, above string) {
	b, _ := os.ReadFile(file)
	lines := strings.Split(string(b), "\n")
	if n < 1 || n > len(lines) {
		return "", ""
	}
	for i := n - 2; i >= 0; i-- {
		if t := strings.TrimSpace(lines[i]); t != "" && !strings.HasPrefix(t, "#") {
			return lines[n-1], lines[i]
		}
	}
	return lines[n-1], ""
}

// indent is how many spaces a line starts with.
func indent(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// afterKey is what follows a line's first ": ", its value; "" for a
// section's name (owner:).
func afterKey(line string) string {
	_, v, _ := strings.Cut(line, ": ")
	return strings.TrimSpace(v)
}

// decodeLineRe is a line of the error viper gives for values of the wrong
// type: "'explicit' cannot parse value as 'bool': strconv.ParseBool: …",
// "'episodes[2457120].remove' …".
var decodeLineRe = regexp.MustCompile(`^'([A-Za-z0-9_.\[\]-]+)' (.*)$`)

// decodeErrors turns the error viper gives for values of the wrong type,
// one line a key, into an error a key, each blamed on where its value came
// from and saying what the value must be. A line it cannot read is kept
// as it is.
func (c *Config) decodeErrors(v *viper.Viper, err error) error {
	var errs []error
	for line := range strings.SplitSeq(err.Error(), "\n") {
		m := decodeLineRe.FindStringSubmatch(line)
		if m == nil {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "decoding failed") {
				errs = append(errs, fmt.Errorf("%s: %s", c.name(), line))
			}
			continue
		}
		key := strings.NewReplacer("[", ".", "]", "").Replace(m[1])
		want := m[2]
		switch {
		case strings.Contains(want, "as 'bool'"):
			want = "is not true or false"
		case intRe.MatchString(want):
			want = "is not a whole number"
		case strings.Contains(want, "duration"):
			want = "is not a duration (like 30s or 2m)"
		case strings.Contains(want, "expected a map"), strings.HasPrefix(want, "expected type 'map["),
			strings.HasPrefix(want, "expected type 'struct"):
			want = "is not a section: its keys go on the lines below it, indented (see config.yaml)"
		case strings.HasPrefix(want, "expected type 'bool'"):
			want = "is not true or false"
		case strings.HasPrefix(want, "expected type 'string'"):
			want = "is not a text"
		case strings.HasPrefix(want, "expected type 'int"):
			want = "is not a whole number"
		case strings.HasPrefix(want, "expected type"):
			want = "is not what this key takes (see config.yaml)"
		}
		errs = append(errs, fmt.Errorf("%s: %s %s", c.Where(key), shown(v.Get(key)), want))
	}
	if len(errs) == 0 {
		return fmt.Errorf("%s: %w", c.name(), err)
	}
	return errors.Join(errs...)
}

var intRe = regexp.MustCompile(`as 'u?int[0-9]*'`)

// shown is a value of the wrong type as an error shows it: a scalar
// quoted, a section or a list by its kind (YAML's, not Go's).
func shown(v any) string {
	switch v.(type) {
	case map[string]any, map[any]any:
		return "a section"
	case []any:
		return "a list"
	default:
		return strconv.Quote(fmt.Sprint(v))
	}
}
