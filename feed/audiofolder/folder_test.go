package audiofolder

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sakurafm/podgen/parse"
)

// override is what config.yaml says of an episode's audio.
type override struct{ Audio, Where string }

func TestMatch(t *testing.T) {
	idx := &Index{Dir: "audio", files: map[string]bool{}, named: map[string][]string{}}
	for _, p := range []string{"2455369.mp3", "sub/ep.M4A", "樱花FM-03.m4a", "x y.mp3", "old/two.mp3", "two.m4a", "three.m4a", "three.mp3", "old/ep.m4a"} {
		idx.files[p] = true
		idx.named[strings.ToLower(filepath.Base(p))] = append(idx.named[strings.ToLower(filepath.Base(p))], p)
	}
	tests := []struct {
		name     string
		a        parse.Article
		o        override
		want     string
		wantErr  string
		noAudio  bool
		template string
		others   []string // the other files its name matched
	}{
		{name: "post id", a: parse.Article{File: "a/x.md", PostID: "2455369"}, want: "2455369.mp3"},
		{name: "file stem", a: parse.Article{File: "a/樱花FM-03.md", PostID: "1"}, want: "樱花FM-03.m4a"},
		{name: "article link", a: parse.Article{File: "x.md", Audio: "sub/ep.M4A", AudioLine: 9}, want: "sub/ep.M4A"},
		{name: "article link relative to the archive", a: parse.Article{File: "x.md", Audio: "audio/2455369.mp3"}, want: "2455369.mp3"},
		{name: "escaped link", a: parse.Article{File: "x.md", Audio: "x%20y.mp3"}, want: "x y.mp3"},
		{name: "config", a: parse.Article{File: "x.md", PostID: "9"}, o: override{Audio: "x y.mp3"}, want: "x y.mp3"},
		{name: "article wins over config", a: parse.Article{File: "x.md", Audio: "2455369.mp3"}, o: override{Audio: "x y.mp3"}, want: "2455369.mp3"},
		{name: "parent path refused", a: parse.Article{File: "x.md", Audio: "../secret.mp3", AudioLine: 7}, wantErr: `x.md:7: audio path "../secret.mp3" (the article) is outside the audio folder audio`},
		{name: "absolute path refused", a: parse.Article{File: "x.md", Audio: "/etc/x.mp3", AudioLine: 7}, wantErr: `x.md:7: audio path "/etc/x.mp3" (the article) is outside the audio folder audio`},
		{name: "site path refused, with the folder's", a: parse.Article{File: "x.md", Audio: "/audio/ep.mp3", AudioLine: 7}, wantErr: `x.md:7: audio path "/audio/ep.mp3" (the article) is outside the audio folder audio: a path is the audio folder's, as in "ep.mp3"`},
		{name: "config's parent path refused", a: parse.Article{File: "x.md", PostID: "9", TitleLine: 5}, o: override{Audio: "../config.yaml", Where: "config.yaml:52: episodes.9"},
			wantErr: `x.md:5: audio path "../config.yaml" (config.yaml:52: episodes.9.audio) is outside the audio folder audio`},
		{name: "config's missing file", a: parse.Article{File: "x.md", PostID: "9", TitleLine: 5}, o: override{Audio: "nope.mp3", Where: "config.yaml:52: episodes.9"}, noAudio: true,
			wantErr: `x.md:5: no audio: config.yaml:52: episodes.9.audio names "nope.mp3", which is not in the audio folder audio`},
		{name: "sneaky parent refused", a: parse.Article{File: "x.md", Audio: "sub/../../x.mp3", AudioLine: 7}, wantErr: "is outside the audio folder"},
		{name: "remote", a: parse.Article{File: "x.md", Audio: "https://cdn.example.org/樱花 1.mp3", AudioLine: 3}, want: "https://cdn.example.org/%E6%A8%B1%E8%8A%B1%201.mp3"},
		{name: "remote in config", a: parse.Article{File: "x.md", PostID: "2455369"}, o: override{Audio: "http://cdn.example.org/a.m4a"}, want: "http://cdn.example.org/a.m4a"},
		{name: "other schemes refused", a: parse.Article{File: "x.md", Audio: "ftp://cdn.example.org/a.mp3", AudioLine: 3}, noAudio: true, wantErr: "x.md:3: no audio: the article names ftp://cdn.example.org/a.mp3: only http and https URLs"},
		{name: "credentials refused", a: parse.Article{File: "x.md", Audio: "https://user:secret@cdn.example.org/a.mp3", AudioLine: 3}, noAudio: true, wantErr: "x.md:3: no audio: the article names https://user:xxxxx@cdn.example.org/a.mp3: a URL with a user name or password, which the feed would show to everyone"},
		{name: "named but missing", a: parse.Article{File: "x.md", Audio: "nope.mp3", AudioLine: 3}, noAudio: true, wantErr: `x.md:3: no audio: the article names "nope.mp3"`},
		{name: "nothing", a: parse.Article{File: "x.md", PostID: "7"}, noAudio: true, wantErr: "no audio: none of 7.mp3, 7.m4a, x.mp3, x.m4a in the audio folder audio"},
		{name: "nothing, the file named by its id", a: parse.Article{File: "sub/7.md", PostID: "7"}, noAudio: true, wantErr: "no audio: none of 7.mp3, 7.m4a in the audio folder audio"},
		{name: "audio URL template", a: parse.Article{File: "x.md", PostID: "7"}, template: "https://media.example.org/樱花FM/{id}.mp3", want: "https://media.example.org/%E6%A8%B1%E8%8A%B1FM/7.mp3"},
		{name: "the folder's own file wins over a subfolder's MP3", a: parse.Article{File: "x/two.md"}, want: "two.m4a", others: []string{"old/two.mp3"}},
		{name: "an MP3 wins over an M4A beside it", a: parse.Article{File: "x/three.md"}, want: "three.mp3", others: []string{"three.m4a"}},
		{name: "a file wins over the template", a: parse.Article{File: "x.md", PostID: "2455369"}, template: "https://media.example.org/{id}.mp3", want: "2455369.mp3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Match(&tt.a, tt.o.Audio, tt.o.Where, idx, tt.template)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if isNo := strings.Contains(err.Error(), ErrNoAudio.Error()); isNo != tt.noAudio {
					t.Errorf("ErrNoAudio = %v, want %v", isNo, tt.noAudio)
				}
				return
			}
			if err != nil || got.Local+got.Remote != tt.want || !slices.Equal(got.Others, tt.others) {
				t.Fatalf("Match = %+v, %v; want %q, others %q", got, err, tt.want, tt.others)
			}
		})
	}
}

// TestListNearestFirst: of the files a name matches, the folder's own
// comes before a subfolder's, whatever the walk's order ("0ld" before
// "a.mp3").
func TestListNearestFirst(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"0ld/a.mp3", "0ld/deeper/a.mp3", "A.mp3"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	idx, err := List(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := idx.named["a.mp3"], []string{"A.mp3", "0ld/a.mp3", "0ld/deeper/a.mp3"}; !slices.Equal(got, want) {
		t.Errorf("named[a.mp3] = %q, want %q", got, want)
	}
	if p, ok := idx.byName("a.MP3"); !ok || p != "A.mp3" {
		t.Errorf("byName = %q, %v", p, ok)
	}
}
