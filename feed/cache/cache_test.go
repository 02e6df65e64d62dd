package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestKeyOf(t *testing.T) {
	// The parts' lengths are hashed too: moving a boundary changes the key.
	if KeyOf("ab", "c") == KeyOf("a", "bc") || KeyOf("a", "") == KeyOf("a") {
		t.Error("different parts give the same key")
	}
	if a, b := KeyOf("a", "b"), KeyOf(string([]byte{'a'}), "b"); a != b {
		t.Error("the same parts give different keys")
	}
	k := KeyOf("x")
	if k.With("item") == k.With("page") || k.With("item") == k {
		t.Error("derived keys collide")
	}
}

func TestSaveAndOpen(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	if _, ok := c.Get(KeyOf("a")); ok {
		t.Fatal("a new cache holds something")
	}
	c.Put(KeyOf("a"), []byte("alpha"))
	c.Put(KeyOf("empty"), nil)
	c.PutJSON(KeyOf("j"), map[string]int{"n": 1})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = Open(dir)
	if v, ok := c.Get(KeyOf("a")); !ok || string(v) != "alpha" {
		t.Errorf("a = %q, %v", v, ok)
	}
	if v, ok := c.Get(KeyOf("empty")); !ok || len(v) != 0 {
		t.Errorf("empty = %q, %v", v, ok)
	}
	var m map[string]int
	if !c.GetJSON(KeyOf("j"), &m) || m["n"] != 1 {
		t.Errorf("j = %v", m)
	}
	// Nothing changed: nothing is written.
	st, _ := os.Stat(filepath.Join(dir, FileName))
	os.Chtimes(filepath.Join(dir, FileName), st.ModTime().Add(-3600e9), st.ModTime().Add(-3600e9))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(filepath.Join(dir, FileName)); !st2.ModTime().Before(st.ModTime()) {
		t.Error("an unchanged cache was written again")
	}
}

// TestDamaged: a file that is not whole, or not of this version, is an
// empty cache, never an error or a wrong value.
func TestDamaged(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	c.Put(KeyOf("a"), bytes.Repeat([]byte("alpha"), 100))
	c.Put(KeyOf("b"), []byte("beta"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, FileName)
	good, _ := os.ReadFile(file)
	damage := map[string][]byte{
		"truncated":        good[:len(good)-10],
		"a byte flipped":   flip(good, len(good)/2),
		"checksum flipped": flip(good, len(good)-1),
		"other version":    append([]byte("podgen-cache 9\n"), good[len(magic):]...),
		"not a cache":      []byte("hello"),
		"empty":            nil,
	}
	for name, b := range damage {
		t.Run(name, func(t *testing.T) {
			os.WriteFile(file, b, 0o644)
			c := Open(dir)
			if _, ok := c.Get(KeyOf("a")); ok {
				t.Error("a damaged cache gave a value")
			}
			c.Put(KeyOf("c"), []byte("gamma"))
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			if v, ok := Open(dir).Get(KeyOf("c")); !ok || string(v) != "gamma" {
				t.Error("the cache does not work after damage")
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x40
	return b
}

// TestUnusedEntriesExpire: an entry no build used for keepDays days is
// dropped; one that was used is kept.
func TestUnusedEntriesExpire(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	c.Put(KeyOf("used"), []byte("u"))
	c.Put(KeyOf("unused"), []byte("x"))
	c.Save()
	later := Open(dir)
	later.now += (keepDays + 1) * 1440
	later.Get(KeyOf("used"))
	if err := later.Save(); err != nil {
		t.Fatal(err)
	}
	c = Open(dir)
	if _, ok := c.Get(KeyOf("used")); !ok {
		t.Error("a used entry was dropped")
	}
	if _, ok := c.Get(KeyOf("unused")); ok {
		t.Error("an unused entry was kept")
	}
}

func TestNil(t *testing.T) {
	var c *Cache = Open("")
	c.Put(KeyOf("a"), []byte("x"))
	if _, ok := c.Get(KeyOf("a")); ok || c.Save() != nil {
		t.Error("a nil cache kept something")
	}
}

// TestUnusedEntriesBudget: of the entries a build did not use, only the
// most recently used keepUnused bytes are kept: a podgen's new code does
// not leave every earlier code's entries behind.
func TestUnusedEntriesBudget(t *testing.T) {
	defer func(k int) { keepUnused = k }(keepUnused)
	keepUnused = 10
	dir := t.TempDir()
	for i, name := range []string{"oldest", "older", "old"} {
		c := Open(dir)
		c.now += uint32(i)
		c.Put(KeyOf(name), []byte("0123456"))
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	}
	// The last build used "old"; of the others, 10 bytes hold "older".
	c := Open(dir)
	for name, want := range map[string]bool{"old": true, "older": true, "oldest": false} {
		if _, ok := c.Get(KeyOf(name)); ok != want {
			t.Errorf("%s kept: %v, want %v", name, ok, want)
		}
	}
}

// TestPutLater: a value made in the background is there for a Get of its
// key, which waits for it, and for Save; one that cannot be made is not
// kept.
func TestPutLater(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	release := make(chan struct{})
	c.PutLater(KeyOf("slow"), func() ([]byte, bool) { <-release; return []byte("made"), true })
	c.PutLater(KeyOf("failed"), func() ([]byte, bool) { return []byte("half"), false })
	// Made only after Save has begun (most likely): Save must wait for it.
	late := make(chan struct{})
	c.PutLater(KeyOf("saved"), func() ([]byte, bool) { <-late; return []byte("kept"), true })
	got := make(chan string)
	go func() { v, _ := c.Get(KeyOf("slow")); got <- string(v) }()
	// Other keys are not held up by it.
	c.Put(KeyOf("a"), []byte("alpha"))
	if v, ok := c.Get(KeyOf("a")); !ok || string(v) != "alpha" {
		t.Errorf("a = %q, %v while a value is being made", v, ok)
	}
	close(release)
	if v := <-got; v != "made" {
		t.Errorf("Get of a value put later = %q, want made", v)
	}
	if v, ok := c.Get(KeyOf("failed")); ok {
		t.Errorf("a value that could not be made is kept: %q", v)
	}
	go func() { time.Sleep(20 * time.Millisecond); close(late) }()
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if v, ok := Open(dir).Get(KeyOf("saved")); !ok || string(v) != "kept" {
		t.Errorf("saved = %q, %v after Save", v, ok)
	}
	var nilCache *Cache
	nilCache.PutLater(KeyOf("x"), func() ([]byte, bool) { t.Error("a nil cache made a value"); return nil, true })
}
