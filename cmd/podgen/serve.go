package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sakurafm/podgen/feed"
	"github.com/sakurafm/podgen/feed/fetch"
	"github.com/sakurafm/podgen/feed/rss"
	"github.com/sakurafm/podgen/upload"
)

type serveOptions struct {
	io      streams
	cmd     *cobra.Command
	addr    string
	noBuild bool
	build   buildOptions
}

func newCmdServe(io streams) *cobra.Command {
	opts := &serveOptions{io: io}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Build, then serve the site folder to try the feed in a podcast app",
		Long: `Serve builds the site with its URLs pointing at this machine, into a
temporary folder (the site folder is left as it is), then serves it with HEAD
and byte-range (206) answers and the right types, as podcast apps need.
--no-build serves the site folder as it is. Bind to 0.0.0.0 to subscribe from a
phone on the same network: the feed URL printed is the LAN address.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.cmd = cmd
			opts.build.cmd = cmd
			return serveRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "the address to listen on")
	f.BoolVar(&opts.noBuild, "no-build", false, "serve the site folder as it is")
	f.String("out", "", "the site folder (config: out)")
	f.StringVar(&opts.build.cacheDir, "cache-dir", defaultCacheDir(), "where podgen keeps what builds learned: probes, MD5s, parsed articles, rendered episodes, covers (empty: no cache)")
	f.BoolVar(&opts.build.offline, "offline", false, "keep the articles' cover URLs (config: covers: link)")
	return cmd
}

func serveRun(opts *serveOptions) error {
	c, err := loadConfig(opts.cmd, map[string]string{"out": "out"})
	if err != nil {
		return err
	}
	if _, port, err := net.SplitHostPort(opts.addr); err != nil || port == "" || !validPort(port) {
		return usageError{fmt.Errorf("--addr %q: want host:port, like 127.0.0.1:8080 or 0.0.0.0:8080", opts.addr)}
	}
	var self string // --no-build: where the site folder's feed says it is
	if opts.noBuild {
		if self, err = builtSelf(c.Out); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", opts.addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("--addr %s: the address is in use (another podgen serve?): give another port with --addr", opts.addr)
	}
	if err != nil {
		return err
	}
	defer ln.Close()
	base := "http://" + publicAddr(ln.Addr().(*net.TCPAddr))
	if !opts.noBuild {
		// The site's URLs point here, so that an app on a phone plays the
		// episodes from this machine. It is built into a folder of its own:
		// a feed pointing at this machine must never be what publish finds
		// in the site folder.
		dir, err := os.MkdirTemp("", "podgen-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.BaseURL, c.Out = base, dir
		c.Served = true // its own http address: no warning that Apple wants https
		opts.build.io = opts.io
		if err := buildWith(&opts.build, c); err != nil {
			return err
		}
	}
	fmt.Fprintf(opts.io.Out, "serving %s at %s/\nsubscribe: %s/feed.xml\n", c.Out, base, base)
	switch {
	case !opts.noBuild || strings.HasPrefix(self, base+"/"):
	case self == "":
		fmt.Fprintf(opts.io.Err, "podgen: --no-build: the feed is the site folder's as built, and does not say where it points (no atom:link): its URLs may not point here\n")
	default:
		fmt.Fprintf(opts.io.Err, "podgen: --no-build: the feed is the site folder's as built: its audio and artwork URLs point at %s, not here (without --no-build, serve builds a feed that points here)\n", fetch.RedactURL(strings.TrimSuffix(self, "/"+feed.FeedFile)))
	}
	srv := &http.Server{Handler: siteHandler(c.Out), ReadHeaderTimeout: 10 * time.Second}
	ctx := opts.cmd.Context()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// publicAddr is the address to print: a wildcard bind gives this machine's
// LAN address, so that a phone can reach it.
func publicAddr(a *net.TCPAddr) string {
	if a.IP.IsUnspecified() {
		if ip := lanIP(); ip != "" {
			return net.JoinHostPort(ip, fmt.Sprint(a.Port))
		}
		return net.JoinHostPort("127.0.0.1", fmt.Sprint(a.Port))
	}
	return a.String()
}

// lanIP is this machine's address on its network: a private IPv4 address
// if it has one, else any other it can be reached at (not loopback, not
// link-local).
func lanIP() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	other := ""
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.To4() == nil || !n.IP.IsGlobalUnicast() {
			continue
		}
		if n.IP.IsPrivate() {
			return n.IP.String()
		}
		if other == "" {
			other = n.IP.String()
		}
	}
	return other
}

// siteHandler serves the folder as a bucket would: Content-Type from the
// same table publish uses, HEAD and Range from http.ServeContent.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(filepath.ToSlash(filepath.Clean("/"+r.URL.Path)), "/")
		if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err == nil && st.IsDir() {
			// A folder shows its index.html; none lists its files, which a
			// bucket would not either.
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name), "index.html")); err != nil {
				http.NotFound(w, r)
				return
			}
		} else if name != "" {
			w.Header().Set("Content-Type", upload.ContentType(name))
		}
		w.Header().Set("Cache-Control", "no-cache")
		if path.Base(name) == "index.html" {
			// As a bucket answers it, and as the feed's link names it:
			// http.FileServer would redirect it to its folder.
			f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			defer f.Close()
			if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
				http.ServeContent(w, r, name, st.ModTime(), f)
				return
			}
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// validPort reports whether p is a port a listener can take: a number up
// to 65535, or a service's name (http).
func validPort(p string) bool {
	_, err := net.LookupPort("tcp", p)
	return err == nil
}

// builtSelf is where the feed of a built site folder says it is (its
// atom:link); a folder that is not a built site is refused, as publish
// refuses it.
func builtSelf(dir string) (string, error) {
	doc, err := os.ReadFile(filepath.Join(dir, feed.FeedFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, serr := os.Stat(dir); serr != nil {
			return "", fmt.Errorf("%s: no such site folder: run podgen build first (or give its --out)", dir)
		}
		return "", fmt.Errorf("%s: the site folder has no %s: run podgen build first", dir, feed.FeedFile)
	case err != nil:
		return "", err
	}
	f, err := rss.Decode(doc)
	if err != nil {
		return "", fmt.Errorf("%s: %w", filepath.Join(dir, feed.FeedFile), err)
	}
	if f.Channel == nil {
		return "", nil
	}
	return f.Channel.Self, nil
}
