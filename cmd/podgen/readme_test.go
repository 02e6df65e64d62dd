package main

import (
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestReadmeOwnPodcast: the article and the config.yaml that README's "A
// podcast of your own" shows are the ones testdata/script/own_podcast.txtar
// builds under --strict, so that the walk-through stays true.
func TestReadmeOwnPodcast(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n### A podcast of your own\n")
	if !ok {
		t.Fatal(`README.md has no "### A podcast of your own"`)
	}
	section, _, _ = strings.Cut(section, "\n### ")
	block := func(lang string) string {
		_, rest, ok := strings.Cut(section, "\n```"+lang+"\n")
		if !ok {
			t.Fatalf("the section has no ```%s block", lang)
		}
		body, _, _ := strings.Cut(rest, "\n```\n")
		return body + "\n"
	}
	ar, err := txtar.ParseFile("testdata/script/own_podcast.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	for name, lang := range map[string]string{"mine/articles/001.md": "markdown", "mine/config.yaml": "yaml"} {
		if got, want := block(lang), files[name]; got != want {
			t.Errorf("README's %s block is not own_podcast.txtar's %s:\n%s\nwant:\n%s", lang, name, got, want)
		}
	}
}
