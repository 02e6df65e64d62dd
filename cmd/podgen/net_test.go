package main

import (
	"net"
)

// freeAddr returns a loopback address that nothing listens on yet, for a
// server the test starts.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
