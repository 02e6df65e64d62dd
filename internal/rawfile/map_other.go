//go:build !linux

package rawfile

// Map reads a whole file (Linux maps it instead); release does nothing.
func Map(name string) (b []byte, release func(), err error) {
	b, err = ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}
