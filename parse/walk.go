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

// Walk parses every article file in fsys, the folder dir: Article.File and
// errors name files as dir/name, the way the user knows them. One bad file
// never stops the others: its error is collected in Archive.Errors. The
// error returned is only for a folder that cannot be read at all.
func Walk(fsys fs.FS, dir string, p Parser) (*Archive, error) {
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
			for i := range jobs {
				display := path.Join(filepath.ToSlash(dir), names[i])
				src, err := fs.ReadFile(fsys, names[i])
				if err != nil {
					results[i].err = &Error{File: display, Err: err}
					continue
				}
				results[i].a, results[i].err = p.Parse(display, src)
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
