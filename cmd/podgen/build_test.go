package main

import (
	"testing"
)

// TestCodeID: the build cache's code identity is a hash of this very
// executable, the same every time it is asked.
func TestCodeID(t *testing.T) {
	id := codeID()
	if len(id) != 64 {
		t.Fatalf("codeID() = %q, want a SHA-256", id)
	}
	if again := codeID(); again != id {
		t.Fatalf("codeID() changed: %s, then %s", id, again)
	}
}
