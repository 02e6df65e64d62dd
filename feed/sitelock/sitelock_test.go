package sitelock

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// take starts Take in a goroutine: waited is closed when it calls waiting,
// got receives its release (nil and the error when it fails).
func take(ctx context.Context, dir string, m Mode) (waited chan struct{}, got chan func(), errc chan error) {
	waited, got, errc = make(chan struct{}), make(chan func(), 1), make(chan error, 1)
	go func() {
		release, err := Take(ctx, dir, m, func() { close(waited) })
		got <- release
		errc <- err
	}()
	return waited, got, errc
}

func TestTake(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // where the lock files go
	for _, tc := range []struct {
		name        string
		held, asked Mode
		waits       bool
	}{
		{"a build waits for a build", Write, Write, true},
		{"a publish waits for a build", Write, Read, true},
		{"a build waits for a publish", Read, Write, true},
		{"publishes share it", Read, Read, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			first, err := Take(t.Context(), dir, tc.held, func() { t.Error("the first to ask waited") })
			if err != nil {
				t.Fatal(err)
			}
			waited, got, errc := take(t.Context(), dir, tc.asked)
			if !tc.waits {
				second := <-got
				if err := <-errc; err != nil {
					t.Fatal(err)
				}
				select {
				case <-waited:
					t.Error("waited")
				default:
				}
				second()
				first()
				return
			}
			<-waited
			select {
			case <-got:
				t.Fatal("had the lock while the first held it")
			default:
			}
			first()
			second := <-got
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
			second()
		})
	}
}

func TestTakeInterrupted(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir := t.TempDir()
	release, err := Take(t.Context(), dir, Write, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithCancel(t.Context())
	waited, got, errc := take(ctx, dir, Write)
	<-waited
	cancel()
	if r := <-got; r != nil {
		t.Error("a release for a lock not had")
	}
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// One site folder has one lock file, whatever path leads to it.
func TestFile(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(site, filepath.Join(root, "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	t.Chdir(root)
	want := File(site)
	for _, p := range []string{"site", "./site/", "link", filepath.Join(root, "link", "..", "site")} {
		if got := File(p); got != want {
			t.Errorf("File(%q) = %s, want %s (File(%q))", p, got, want, site)
		}
	}
	// A folder not made yet, under a symlink.
	if File(filepath.Join("link", "new")) != File(filepath.Join(site, "new")) {
		t.Error("link/new and site/new have two lock files")
	}
	if File("site") == File("other") {
		t.Error("two folders share a lock file")
	}
}
