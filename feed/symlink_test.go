package feed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakurafm/podgen/feed/archive"
	"github.com/sakurafm/podgen/parse"
)

// TestSymlinks: a symlink that stays in its folder is followed, and the
// site gets its target's bytes, never the link; one that leads out of its
// folder (or nowhere) is refused, naming the link.
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "shadow.md")
	os.WriteFile(secret, []byte(article("## 樱花FM┃秘密")), 0o644)
	os.WriteFile(filepath.Join(outside, "private.mp3"), mustRead(t, "audio/testdata/cbr-xing.mp3"), 0o644)

	articles := filepath.Join(t.TempDir(), "articles")
	os.MkdirAll(articles, 0o755)
	for _, f := range []string{"000_ab612374b3f95bb2.txt", "001_2457120.md"} {
		os.WriteFile(filepath.Join(articles, f), mustRead(t, filepath.Join("testdata", "articles", f)), 0o644)
	}
	os.Symlink(secret, filepath.Join(articles, "shadow.md"))
	arch, err := archive.Read(t.Context(), articles, parse.Parser{}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(arch.Errors) != 1 || !strings.Contains(arch.Errors[0].Error(), "shadow.md: a symlink to "+secret+", outside the folder") {
		t.Errorf("errors = %v", arch.Errors)
	}
	for _, a := range arch.Articles {
		if a.Title == "秘密" {
			t.Error("an article outside the folder was read")
		}
	}
	arch.Errors = nil

	for _, copyAudio := range []bool{false, true} {
		audio := t.TempDir()
		os.WriteFile(filepath.Join(audio, "real.mp3"), mustRead(t, "audio/testdata/vbr-noxing.mp3"), 0o644)
		os.Symlink("real.mp3", filepath.Join(audio, "inside.mp3")) // relative: dangles anywhere else
		os.Symlink(filepath.Join(outside, "private.mp3"), filepath.Join(audio, "outside.mp3"))
		out := t.TempDir()
		cfg := testConfig(t, out)
		cfg.AudioDir, cfg.CopyAudio = audio, copyAudio
		cfg.Episodes["2455369"] = Override{Date: cfg.Episodes["2455369"].Date, Audio: "inside.mp3"}
		cfg.Episodes["2457120"] = Override{Date: cfg.Episodes["2457120"].Date, Audio: "outside.mp3"}
		_, err := Build(t.Context(), cfg, arch)
		if err == nil || !strings.Contains(err.Error(), "outside.mp3: a symlink to "+filepath.Join(outside, "private.mp3")+", outside the folder") {
			t.Errorf("copy_audio %v: err = %v", copyAudio, err)
		}
		delete(cfg.Episodes, "2457120")
		cfg.Episodes["2457120"] = Override{Date: cfg.Episodes["2455369"].Date, Audio: "real.mp3"}
		res, err := Build(t.Context(), cfg, arch)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Episodes {
			p := filepath.Join(out, strings.TrimPrefix(e.URL, cfg.BaseURL+"/"))
			st, err := os.Lstat(p)
			if err != nil || st.Mode()&os.ModeSymlink != 0 {
				t.Errorf("copy_audio %v: %s in the site: %v, %v", copyAudio, p, st, err)
				continue
			}
			if b, _ := os.ReadFile(p); string(b) != string(mustRead(t, "audio/testdata/vbr-noxing.mp3")) {
				t.Errorf("copy_audio %v: %s does not hold the target's bytes", copyAudio, p)
			}
		}
	}
}

// TestAudioFolderNamedLikeAudio: a folder in the audio folder named as an
// episode's audio is that episode's error, as a named pipe is; it once
// left the episode out with a warning that no such file was there, and
// the next build removed its published audio.
func TestAudioFolderNamedLikeAudio(t *testing.T) {
	audio := t.TempDir()
	os.WriteFile(filepath.Join(audio, "2457120.mp3"), mustRead(t, "audio/testdata/cbr-xing.mp3"), 0o644)
	if err := os.Mkdir(filepath.Join(audio, "2455369.mp3"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t, t.TempDir())
	cfg.AudioDir = audio
	for id, o := range cfg.Episodes {
		o.Audio = "" // found by the post id
		cfg.Episodes[id] = o
	}
	_, err := buildTestdata(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "2455369.mp3: not a regular file (a folder)") {
		t.Errorf("err = %v, want the folder named", err)
	}
}
