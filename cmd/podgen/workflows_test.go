package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestWorkflows checks the GitHub workflow files with actionlint, pinned.
func TestWorkflows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint")
	}
	files, err := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", "*.yml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("workflow files: %v %v", files, err)
	}
	args := append([]string{"run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12", "-no-color"}, files...)
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("actionlint: %v\n%s", err, out)
	}
}
