package feed

import "errors"

// grouped is a warning that belongs with others of its kind: podgen
// prints a kind of warning that repeats as one line with a count.
type grouped struct {
	group string
	err   error
}

func (g grouped) Error() string { return g.err.Error() }
func (g grouped) Unwrap() error { return g.err }

// GroupOf is the kind of a warning: what it has in common with others
// like it, without the file it is about. counted says whether the kind is
// named to follow a count ("1,191 covers not mirrored (…)"), or is the
// message itself ("no cover image after the audio credit").
func GroupOf(err error) (kind string, counted bool) {
	var g grouped
	if errors.As(err, &g) {
		return g.group, true
	}
	var perr interface{ Unwrap() error }
	if errors.As(err, &perr) {
		if inner := perr.Unwrap(); inner != nil {
			return inner.Error(), false
		}
	}
	return err.Error(), false
}
