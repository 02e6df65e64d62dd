package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/parse"
	"github.com/sakurafm/podgen/upload"
)

// actions is podgen's output inside GitHub Actions (GITHUB_ACTIONS=true):
// warnings become annotations on the article's file and line, long output
// folds into groups, and a Markdown job summary says what changed.
type actions struct {
	on      bool
	out     io.Writer // workflow commands are read from standard output
	summary string    // $GITHUB_STEP_SUMMARY, appended to
}

// GitHub shows at most 10 warning annotations per step.
const maxAnnotations = 10

func newActions(io streams) actions {
	return actions{on: os.Getenv("GITHUB_ACTIONS") == "true", out: io.Out, summary: os.Getenv("GITHUB_STEP_SUMMARY")}
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// annotate writes the first warnings as annotations on their file and line
// and one more that counts the rest.
func (a actions) annotate(level string, errs []error) {
	if !a.on {
		return
	}
	for i, err := range errs {
		if i == maxAnnotations {
			fmt.Fprintf(a.out, "::%s title=podgen::%s\n", level, escapeData(fmt.Sprintf("%d more not annotated: see the step's log", len(errs)-maxAnnotations)))
			return
		}
		var pe *parse.Error
		if errors.As(err, &pe) {
			msg := pe.Err.Error()
			props := "file=" + escapeProperty(pe.File)
			if pe.Line > 0 {
				props += fmt.Sprintf(",line=%d", pe.Line)
			}
			fmt.Fprintf(a.out, "::%s %s,title=%s::%s\n", level, props, escapeProperty("podgen build"), escapeData(msg))
			continue
		}
		fmt.Fprintf(a.out, "::%s title=podgen::%s\n", level, escapeData(err.Error()))
	}
}

// group folds what is printed between it and the function it returns.
func (a actions) group(name string) func() {
	if !a.on {
		return func() {}
	}
	fmt.Fprintf(a.out, "::group::%s\n", escapeData(name))
	return func() { fmt.Fprintln(a.out, "::endgroup::") }
}

func (a actions) writeSummary(md string) error {
	if !a.on || a.summary == "" {
		return nil
	}
	f, err := os.OpenFile(a.summary, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.WriteString(f, md)
	return err
}

// mdText is text from the archive or the build (a title, a warning) as
// Markdown that shows it as it is, on one line of a table or a list: an
// article's title is not markup for the summary ("**", "<details>", "[x](y)").
var mdText = strings.NewReplacer("\n", " ", "\r", "",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"&", `\&`, "~", `\~`, "|", `\|`, "#", `\#`, "!", `\!`)

func mdCell(s string) string { return mdText.Replace(s) }

// mdCodeText is what a code span in a table cell escapes: only the cell's
// end and line ends (a code span shows the rest as it is).
var mdCodeText = strings.NewReplacer("|", `\|`, "\n", " ", "\r", "")

// mdCode is a name (a guid, a key) as a code span in a table cell.
func mdCode(s string) string {
	s = mdCodeText.Replace(s)
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// buildSummaryMarkdown is the job summary of a build: the counts, the
// episodes that are new, changed or removed, and the warnings.
func buildSummaryMarkdown(s buildSummary, res *feed.Result, warnings []error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## podgen build\n\n%s\n\n", s)
	if len(res.Changes) == 0 {
		b.WriteString("No episode is new, changed or removed.\n\n")
	} else {
		b.WriteString("| | episode | guid | what changed |\n|---|---|---|---|\n")
		for i, c := range res.Changes {
			if i == 200 {
				fmt.Fprintf(&b, "| … | %d more | | |\n", len(res.Changes)-200)
				break
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Kind, mdCell(c.Title), mdCode(c.GUID), mdCell(c.What))
		}
		b.WriteString("\n")
	}
	if len(warnings) > 0 {
		fmt.Fprintf(&b, "<details><summary>%s</summary>\n\n", plural(len(warnings), "warning"))
		for i, w := range warnings {
			if i == 200 {
				fmt.Fprintf(&b, "- … %d more\n", len(warnings)-200)
				break
			}
			fmt.Fprintf(&b, "- %s\n", mdCell(w.Error()))
		}
		b.WriteString("\n</details>\n\n")
	}
	return b.String()
}

// publishSummaryMarkdown is the job summary of a publish.
func publishSummaryMarkdown(line string, plan upload.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## podgen publish\n\n%s\n\n", line)
	if n := len(plan.Uploads) + len(plan.Deletes); n > 0 {
		b.WriteString("<details><summary>files</summary>\n\n| | key | why |\n|---|---|---|\n")
		for i, u := range plan.Uploads {
			if i == 200 {
				fmt.Fprintf(&b, "| … | %d more | |\n", len(plan.Uploads)-200)
				break
			}
			fmt.Fprintf(&b, "| upload | %s | %s |\n", mdCode(u.Key), mdCell(u.Reason))
		}
		for _, d := range plan.Deletes {
			fmt.Fprintf(&b, "| delete | %s | %s |\n", mdCode(d.Key), mdCell(d.Reason))
		}
		b.WriteString("\n</details>\n\n")
	}
	return b.String()
}
