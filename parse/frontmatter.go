package parse

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// frontMatter reads an optional front matter block at the top of the
// file, YAML between --- lines or TOML between +++ lines (as Hugo and
// Jekyll write them), and returns the index of the first line after it.
// The archive has none; articles written for podgen may.
func (s *scanner) frontMatter() int {
	if len(s.lines) == 0 {
		return 0
	}
	fence := strings.TrimSpace(s.lines[0])
	if fence != "---" && fence != "+++" {
		return 0
	}
	end := -1
	for i := 1; i < len(s.lines) && i < 100; i++ {
		// Unindented: a --- inside a block of YAML text does not close it.
		if strings.TrimRightFunc(s.lines[i], unicode.IsSpace) == fence {
			end = i
			break
		}
	}
	if end < 0 {
		// A rule, and text: not front matter; unless a field follows
		// the fence (title: T), and the closing fence was mistyped.
		s.unclosed = looksLikeFields(s.lines[1:min(len(s.lines), 2)])
		return 0
	}
	if !looksLikeFields(s.lines[1:end]) {
		return 0
	}
	var fields map[string]field
	if n := blockBytes(s.lines[1:end]); n > MaxFrontMatterBytes {
		// Not handed to a decoder: go-toml recurses once per nesting
		// level, and a megabyte of [ overflows the stack.
		s.frontErr = fmt.Sprintf("its front matter is %d bytes, over %d", n, MaxFrontMatterBytes)
		s.warn(1, "the front matter is %d bytes, over the %d podgen reads as YAML or TOML; its lines are read one by one", n, MaxFrontMatterBytes)
		fields = plainFields(fence, s.lines[1:end])
	} else if f, err := frontMatterFields(fence, s.lines[1:end]); err != nil {
		lang := map[string]string{"---": "YAML", "+++": "TOML"}[fence]
		line, why := frontErrLine(err, s.lines[1:end])
		s.frontErr = fmt.Sprintf("its front matter is not %s: %s", lang, why)
		s.warn(line, "the front matter is not %s (%s); its lines are read one by one", lang, why)
		fields = plainFields(fence, s.lines[1:end])
	} else {
		fields = f
	}
	for _, key := range []string{"title", "date", "description", "summary", "audio", "draft", "published", "narrator", "editor", "publisher"} {
		f, ok := fields[key]
		if !ok {
			continue
		}
		line := f.line // of the block: its first is the file's second
		if f.kind != "" {
			// Tags and categories are lists; these keys are texts.
			msg := fmt.Sprintf("%s: is %s, not a text: write it as one (in quotes when it holds [ ] or { })", key, f.kind)
			if key == "title" {
				s.titleLine, s.titleProblem = line+1, msg
			} else {
				s.warn(line+1, "%s; it is not used", msg)
			}
			continue
		}
		switch key {
		case "date":
			s.date(line, f.value)
		case "audio":
			if s.a.Audio == "" && f.value != "" {
				s.a.Audio, s.a.AudioLine = f.value, line+1
			}
		case "title":
			s.title, s.titleLine = f.value, line+1
		case "description", "summary":
			if s.descriptionLine == 0 && f.value != "" {
				s.description, s.descriptionLine = f.value, line+1
			}
		case "draft", "published": // Hugo's and Jekyll's draft: true; Jekyll's published: false
			yes := yesNo(f.value)
			if yes < 0 {
				// Neither: taken for an episode, which may be meant to wait.
				s.warn(line+1, "%s: %q is not true or false; the page is taken for an episode", key, f.value)
			}
			s.draft = s.draft || key == "draft" && yes == 1 || key == "published" && yes == 0
		case "narrator", "editor", "publisher": // the credit lines' roles
			s.addCredit(Role(key), key, f.value, line+1)
		}
	}
	for i := 0; i <= end; i++ {
		s.used[i] = true
	}
	return end + 1
}

// looksLikeFields reports whether the lines between two rules at the top
// of a file are front matter: each that is not blank, a comment or the
// rest of a value starts with a key and : or =. A file that starts with a
// rule and text keeps its text.
func looksLikeFields(lines []string) bool {
	keys := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, "#") || l[0] == ' ' || l[0] == '\t' || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "["):
		case fieldKeyRe.MatchString(t):
			keys++
		default:
			return false
		}
	}
	return keys > 0
}

var fieldKeyRe = regexp.MustCompile(`^["']?[A-Za-z_][A-Za-z0-9_.-]*["']?\s*[:=]`)

// yesNo reads a YAML or TOML truth value as Hugo and Jekyll write them:
// 1 for true, yes or on, 0 for false, no or off, -1 for anything else.
func yesNo(v string) int {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on":
		return 1
	case "false", "no", "off":
		return 0
	}
	return -1
}

// field is a front matter key's value as text, and its line in the block
// (1 for the block's first).
type field struct {
	value string
	line  int
	kind  string // "a list" or "a section" for a value that is no text; "" for one that is
}

// frontErrLine is the file's line a YAML or TOML error in the block of
// lines is at (the block's first line is the file's second), 1 when it
// names none, and the error without the block's line: yaml: line 2:
// mapping values are not allowed is line 3 of the file. YAML names no
// line for an error on the block's first: that line alone gives it.
func frontErrLine(err error, lines []string) (int, string) {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return row + 1, de.Error()
	}
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		// A quote never closed runs to the end of the block, where YAML
		// says it: said at the value it opens.
		if strings.Contains(m[2], "found unexpected end of stream") {
			for i, l := range lines {
				if _, v, ok := strings.Cut(l, ":"); ok && unclosedQuote(strings.TrimSpace(v)) {
					return i + 2, "a quote that is never closed: " + strings.TrimSpace(l)
				}
			}
		}
		return n + 1, m[2]
	}
	var v any
	if len(lines) > 0 {
		if ferr := yaml.Unmarshal([]byte(lines[0]), &v); ferr != nil && ferr.Error() == err.Error() {
			return 2, strings.TrimPrefix(err.Error(), "yaml: ")
		}
	}
	return 1, strings.TrimPrefix(err.Error(), "yaml: ")
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// unclosedQuote reports whether a YAML value opens a quote it does not
// close on its line.
func unclosedQuote(v string) bool {
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return false
	}
	q := v[:1]
	rest := strings.ReplaceAll(v[1:], `\"`, "")
	if q == "'" {
		rest = strings.ReplaceAll(rest, "''", "")
	}
	return !strings.Contains(rest, q)
}

// blockBytes is the size of lines joined by newlines.
func blockBytes(lines []string) int {
	n := len(lines)
	for _, l := range lines {
		n += len(l)
	}
	return n
}

// frontMatterFields reads a front matter block's top-level values with the
// YAML or TOML library: quotes, folded text and dates as those languages
// mean them. Lists and tables (tags, params) are left out.
func frontMatterFields(fence string, lines []string) (map[string]field, error) {
	block := strings.Join(lines, "\n")
	fields := map[string]field{}
	if fence == "+++" {
		var m map[string]any
		if err := toml.Unmarshal([]byte(block), &m); err != nil {
			return nil, err
		}
		for k, v := range m {
			var text, kind string
			switch v := v.(type) {
			case string:
				text = v
			case bool, int64, float64:
				text = fmt.Sprint(v)
			case time.Time:
				text = v.Format(time.RFC3339)
			case fmt.Stringer: // toml.LocalDate, LocalDateTime
				text = v.String()
			case []any:
				kind = "a list"
			case map[string]any:
				kind = "a table"
			default:
				continue
			}
			line := slices.IndexFunc(lines, func(l string) bool {
				if strings.TrimSpace(l) == "["+k+"]" { // a table
					return true
				}
				rest, ok := strings.CutPrefix(strings.Trim(strings.TrimSpace(l), `"'`), k)
				rest = strings.TrimLeft(rest, `"' `)
				return ok && strings.HasPrefix(rest, "=")
			})
			fields[strings.ToLower(k)] = field{text, line + 1, kind}
		}
		return fields, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(block), &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fields, nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch k, v := m.Content[i], m.Content[i+1]; {
		case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			fields[strings.ToLower(k.Value)] = field{v.Value, k.Line, ""}
		case v.Kind == yaml.SequenceNode:
			fields[strings.ToLower(k.Value)] = field{"", k.Line, "a list"}
		case v.Kind == yaml.MappingNode:
			fields[strings.ToLower(k.Value)] = field{"", k.Line, "a section"}
		}
	}
	return fields, nil
}

// plainFields reads a block that is not YAML or TOML line by line, as
// key: value (key = value between +++), quotes around the value dropped.
func plainFields(fence string, lines []string) map[string]field {
	sep := map[string]string{"---": ":", "+++": "="}[fence]
	fields := map[string]field{}
	for i, l := range lines {
		if k, v, ok := strings.Cut(l, sep); ok {
			fields[strings.ToLower(strings.Trim(strings.TrimSpace(k), `"'`))] = field{strings.Trim(strings.TrimSpace(v), `"'`), i + 1, ""}
		}
	}
	return fields
}
