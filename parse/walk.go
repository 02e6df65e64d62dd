package parse

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Archive is what Walk found in a folder of articles, in path order.
type Archive struct {
	Articles []Article
	Skipped  []*SkipError // files that are not episodes of the series
	Errors   []error      // *Error for each article that could not be used
}

// Warnings returns the warnings of all articles, in path order.
func (a *Archive) Warnings() []error {
	var ws []error
	for i := range a.Articles {
		ws = append(ws, a.Articles[i].Warnings...)
	}
	return ws
}

// IsArticleFile reports whether a file name looks like an article: Markdown
// or plain text.
func IsArticleFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt":
		return true
	}
	return false
}

// Memory lets Walk skip files it parsed before. Recall returns what a file
// held the last time, without reading it (ok false: read and parse it);
// Remember is told what a file Walk parsed holds (an article or why it was
// skipped) and the bytes it was parsed from (valid only during the call),
// from several goroutines at once. name is the file's slash path in the
// walked folder. A recalled Article may lack its Body.
type Memory interface {
	Recall(name string) (a Article, skip *SkipError, ok bool)
	Remember(name string, src []byte, a *Article, skip *SkipError)
}

// Walk parses every article file in fsys, the folder dir: Article.File and
// errors name files as dir/name, the way the user knows them. One bad file
// never stops the others: its error is collected in Archive.Errors. The
// error returned is only for a folder that cannot be read at all. mem, when
// not nil, spares reading and parsing files it recalls.
func Walk(fsys fs.FS, dir string, p Parser, mem Memory) (*Archive, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // .git and friends
			}
			return nil
		}
		if IsArticleFile(name) && !strings.HasPrefix(d.Name(), ".") {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)

	// Parsing is CPU work and reading is I/O: overlap them over a few
	// workers. Results go to their file's slot, so the order stays the
	// path order whatever the scheduling.
	type result struct {
		a   Article
		err error
	}
	results := make([]result, len(names))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(len(names), 2*runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // Parse keeps nothing of src: one buffer serves each file in turn
			for i := range jobs {
				if mem != nil {
					if a, skip, ok := mem.Recall(names[i]); ok {
						results[i].a = a
						if skip != nil {
							results[i].err = skip
						}
						continue
					}
				}
				display := path.Join(filepath.ToSlash(dir), names[i])
				src, err := appendFile(buf[:0], fsys, names[i])
				buf = src
				if err != nil {
					results[i].err = &Error{File: display, Err: err}
					continue
				}
				results[i].a, results[i].err = p.Parse(display, src)
				if mem != nil {
					var skip *SkipError
					switch {
					case errors.As(results[i].err, &skip):
						mem.Remember(names[i], src, nil, skip)
					case results[i].err == nil:
						mem.Remember(names[i], src, &results[i].a, nil)
					}
				}
			}
		}()
	}
	for i := range names {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	arch := &Archive{}
	for _, r := range results {
		var skip *SkipError
		switch {
		case errors.As(r.err, &skip):
			arch.Skipped = append(arch.Skipped, skip)
		case r.err != nil:
			arch.Errors = append(arch.Errors, r.err)
		default:
			arch.Articles = append(arch.Articles, r.a)
		}
	}
	return arch, nil
}

// appendFile appends a file of fsys to dst, through fsys's own AppendFile
// if it has one (rawfile.DirFS), else through fs.ReadFile.
func appendFile(dst []byte, fsys fs.FS, name string) ([]byte, error) {
	if a, ok := fsys.(interface {
		AppendFile(dst []byte, name string) ([]byte, error)
	}); ok {
		return a.AppendFile(dst, name)
	}
	b, err := fs.ReadFile(fsys, name)
	return append(dst, b...), err
}
