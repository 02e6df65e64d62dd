package rawfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestReadFile: ReadFile reads what os.ReadFile reads, and fails as it does.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 100, 4095, 4096, 4097, 1 << 20} {
		name := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("樱花FM\n"), n/8+1)[:n]
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
	}
	missing := filepath.Join(dir, "missing.md")
	_, err := ReadFile(missing)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != missing || pe.Op != "open" {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadFile(dir); err == nil {
		t.Error("read a folder as a file")
	}
}

// TestAppendFile: files appended one after another to one buffer, each
// read whole after what it held; an error leaves the buffer's bytes.
func TestAppendFile(t *testing.T) {
	dir := t.TempDir()
	var want, buf []byte
	for _, n := range []int{0, 1, 4095, 4097, 100, 1 << 16} {
		name := filepath.Join(dir, "f")
		b := bytes.Repeat([]byte("樱花FM\n"), n/8+1)[:n]
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, b...)
		var err error
		if buf, err = AppendFile(buf, name); err != nil || !bytes.Equal(buf, want) {
			t.Fatalf("after a file of %d bytes: %d bytes, %v; want %d", n, len(buf), err, len(want))
		}
	}
	for _, name := range []string{filepath.Join(dir, "missing"), dir} {
		got, err := AppendFile(buf, name)
		if err == nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, %v; want the %d bytes there were and an error", name, len(got), err, len(want))
		}
	}
}

// TestMap: a mapped file holds the file's bytes, whatever its size; a
// missing file or a folder is an error.
func TestMap(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 4096, 4097, 1 << 20} {
		name := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("樱花FM\n"), n/8+1)[:n]
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, release, err := Map(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
		if release != nil {
			release()
		}
	}
	for _, name := range []string{filepath.Join(dir, "missing"), dir} {
		if _, _, err := Map(name); err == nil {
			t.Errorf("%s: mapped", name)
		}
	}
}

// TestReadFileGrows: a file that is longer than the size it had when
// opened is read to its end (a FIFO has size 0 and holds bytes).
func TestReadFileGrows(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	want := bytes.Repeat([]byte("0123456789"), 1000)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		// In small writes, so that reads come up short before the end.
		for i := 0; i < len(want); i += 7 {
			f.Write(want[i:min(i+7, len(want))])
		}
		f.Close()
	}()
	got, err := ReadFile(fifo)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("got %d bytes, %v; want %d", len(got), err, len(want))
	}
}

// TestCreateNew: a new file is created and written; an existing one is
// left alone with fs.ErrExist.
func TestCreateNew(t *testing.T) {
	name := filepath.Join(t.TempDir(), "t.html")
	f, err := CreateNew(name, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Write([]byte("<p>樱花</p>")); err != nil || n != len("<p>樱花</p>") {
		t.Fatalf("write: %d, %v", n, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); string(b) != "<p>樱花</p>" {
		t.Errorf("file holds %q", b)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o644&^umask() {
		t.Errorf("mode %v", st.Mode())
	}
	if _, err := CreateNew(name, 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second create: %v, want fs.ErrExist", err)
	}
	if _, err := CreateNew(filepath.Join(name+"-dir", "x"), 0o644); !os.IsNotExist(err) {
		t.Errorf("create in a missing folder: %v, want not exist", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "<p>樱花</p>" {
		t.Errorf("the failed create changed the file: %q", b)
	}
}

// TestReadAt: io.ReaderAt's contract: full reads, and io.EOF with what
// there is at the end.
func TestReadAt(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.mp3")
	os.WriteFile(name, []byte("0123456789"), 0o644)
	f, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, err := f.Size(); n != 10 || err != nil {
		t.Errorf("size %d, %v", n, err)
	}
	for _, c := range []struct {
		off, len, n int
		err         error
	}{{0, 4, 4, nil}, {6, 4, 4, nil}, {8, 4, 2, io.EOF}, {10, 1, 0, io.EOF}, {20, 1, 0, io.EOF}, {3, 0, 0, nil}} {
		p := make([]byte, c.len)
		n, err := f.ReadAt(p, int64(c.off))
		if n != c.n || err != c.err || string(p[:n]) != "0123456789"[min(c.off, 10):min(c.off, 10)+n] {
			t.Errorf("ReadAt(%d bytes, %d) = %d %q, %v; want %d, %v", c.len, c.off, n, p[:n], err, c.n, c.err)
		}
	}
}

// TestDirFS: DirFS is a file system by testing/fstest's rules, and its
// ReadFile names files as os.DirFS does.
func TestDirFS(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles", "2022"), 0o755)
	os.WriteFile(filepath.Join(dir, "articles", "a.md"), []byte("## 樱花FM┃a"), 0o644)
	os.WriteFile(filepath.Join(dir, "articles", "2022", "b.md"), []byte("## 樱花FM┃b"), 0o644)
	fsys := DirFS(dir)
	if err := fstest.TestFS(fsys, "articles/a.md", "articles/2022/b.md"); err != nil {
		t.Fatal(err)
	}
	_, err := fs.ReadFile(fsys, "articles/nope.md")
	_, want := fs.ReadFile(os.DirFS(dir), "articles/nope.md")
	if err == nil || err.Error() != want.Error() || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want %v", err, want)
	}
	if _, err := fs.ReadFile(fsys, "../x"); err == nil {
		t.Error("read outside the folder")
	}
}
