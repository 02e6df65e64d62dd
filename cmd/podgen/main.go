package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"syscall"
	_ "time/tzdata" // timezone: works on machines without a zoneinfo database

	"github.com/sakurafm/podgen/cmd/podgen/internal/config"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130 // as shells report a command stopped by Ctrl-C (128 + SIGINT)
)

// version is set at link time (-ldflags "-X main.version=v1.0.0"); builds
// from a module use the module version.
var version = ""

func podgenVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func main() {
	// A soft memory limit: the GC works harder as the heap nears it rather
	// than letting it double. It keeps a 10,000-episode build under 500 MB
	// (BENCHMARKS.md); GOMEMLIMIT overrides it, and the runtime caps GC work
	// above it, so larger archives slow down a little rather than fail.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(400 << 20)
	}
	// Under that limit the heap may grow to three times what is live
	// before a collection, not twice: a cold build collects 8 times
	// instead of 16 (GODEBUG=gctrace=1). GOGC overrides it.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// streams are where commands write: the process's, or a test's buffers.
type streams struct {
	Out, Err io.Writer
}

// usageError marks errors in how podgen was called (exit 2).
type usageError struct{ error }

// interrupted is a command stopped by Ctrl-C (or SIGTERM), saying what it
// left as it was.
type interrupted struct{ left string }

func (e interrupted) Error() string { return "interrupted: " + e.left }
func (e interrupted) Unwrap() error { return context.Canceled }

// silentError is an error already reported in full; only the exit code is left.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runContext(ctx, args, stdout, stderr)
}

// runContext runs podgen until it is done or ctx is canceled (Ctrl-C).
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	io := streams{Out: stdout, Err: stderr}
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if perr := stopProfiles(); perr != nil && err == nil {
		err = perr
	}
	var silent silentError
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &silent):
		return silent.code
	case errors.As(err, &usage) || isCobraUsage(err):
		fmt.Fprintf(stderr, "podgen: %s\n", oneLine(usageLine(err.Error())))
		return exitUsage
	case errors.Is(err, context.Canceled):
		var ie interrupted
		if errors.As(err, &ie) {
			fmt.Fprintf(stderr, "podgen: %v\n", ie)
		} else {
			fmt.Fprintln(stderr, "podgen: interrupted")
		}
		return exitInterrupted
	default:
		for _, e := range flatten(err) {
			fmt.Fprintf(stderr, "podgen: %s\n", oneLine(e.Error()))
		}
		return exitError
	}
}

// usageLine is a usage error of cobra's on one line: its suggestions
// ("\n\nDid you mean this?\n\tbuild\n") as "; did you mean build?".
func usageLine(msg string) string {
	msg, suggested, ok := strings.Cut(msg, "\n\nDid you mean this?\n")
	if ok {
		msg += "; did you mean " + strings.Join(strings.Fields(suggested), " or ") + "?"
	}
	return msg
}

func newRootCmd(io streams) *cobra.Command {
	root := &cobra.Command{
		Use:           "podgen",
		Short:         "Turn a folder of Markdown articles (樱花FM's archive, or your own) into a podcast",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.PersistentFlags().String("config", "config.yaml", "the configuration file")
	// Profiles of a real run, for BENCHMARKS.md (go tool pprof FILE).
	root.PersistentFlags().String("cpuprofile", "", "write a CPU profile to this file")
	root.PersistentFlags().String("memprofile", "", "write a heap profile to this file")
	root.PersistentFlags().String("trace", "", "write an execution trace to this file (go tool trace FILE)")
	for _, f := range []string{"cpuprofile", "memprofile", "trace"} {
		root.PersistentFlags().MarkHidden(f)
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		cpu, _ := cmd.Flags().GetString("cpuprofile")
		mem, _ := cmd.Flags().GetString("memprofile")
		tr, _ := cmd.Flags().GetString("trace")
		return startProfiles(cpu, mem, tr)
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return usageError{flagTypo(cmd, err)} })
	root.Version = podgenVersion()
	root.SetVersionTemplate("podgen {{.Version}}\n")
	// --version without cobra's -v: on build and serve -v is --verbose, and
	// `podgen -v build` printed the version and built nothing.
	root.Flags().Bool("version", false, "print podgen's version")
	root.SetHelpCommand(newCmdHelp(root))
	root.AddCommand(newCmdBuild(io), newCmdCheck(io), newCmdPublish(io), newCmdServe(io), newCmdVersion(io))
	return root
}

// loadConfig loads the configuration for cmd (package config), its flags
// bound to keys (flag name -> key), and warns of the keys config.yaml holds
// that podgen does not know: a strict build has them as errors.
func loadConfig(cmd *cobra.Command, flagKeys map[string]string) (*config.Config, error) {
	c, err := config.Load(cmd.Flags(), flagKeys)
	if err != nil {
		if strings.HasPrefix(err.Error(), "--") { // a flag's value: how podgen was called (exit 2)
			return nil, usageError{err}
		}
		return nil, err
	}
	if _, builds := flagKeys["strict"]; !(builds && c.Strict) {
		for _, u := range c.Unknown {
			fmt.Fprintln(cmd.ErrOrStderr(), oneLine(labeled(u, "warning")))
		}
	}
	return c, nil
}

// flagTypo adds to an unknown flag's error the command's flag it is likely
// a slip of: unknown flag: --stirct (did you mean --strict?).
func flagTypo(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	best, bestDist := "", 3
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if d := config.Distance(name, f.Name); d < bestDist && 2*d < len(name) && !f.Hidden {
			best, bestDist = f.Name, d
		}
	})
	if best == "" {
		return err
	}
	return fmt.Errorf("%w (did you mean --%s?)", err, best)
}

// noArgs is cobra.NoArgs as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		err := fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args)
		// A folder given as build's argument is most likely the articles'.
		// A folder given as the argument is most likely a podcast's (its
		// config.yaml in it), or the articles'.
		if st, serr := os.Stat(args[0]); serr == nil && st.IsDir() {
			cfg := filepath.Join(args[0], "config.yaml")
			if _, cerr := os.Stat(cfg); cerr == nil && cmd.Flags().Lookup("config") != nil {
				err = fmt.Errorf("%w (the podcast of a folder: cd %s, or --config %s)", err, args[0], cfg)
			} else if cmd.Flags().Lookup("articles") != nil {
				err = fmt.Errorf("%w (a folder of articles is --articles %s)", err, args[0])
			}
		}
		return usageError{err}
	}
	return nil
}

func newCmdVersion(io streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print podgen's version",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintln(io.Out, "podgen", podgenVersion())
			return nil
		},
	}
}

// newCmdHelp is cobra's help command, but a topic it does not know is a
// usage error (exit 2), not a help page.
func newCmdHelp(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil || (len(args) > 0 && cmd == root) {
				return usageError{fmt.Errorf("unknown help topic %q; the commands: podgen --help", strings.Join(args, " "))}
			}
			return cmd.Help()
		},
	}
}

// isCobraUsage recognises the usage errors cobra makes itself.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "required flag", "invalid argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

var stopProfiles = func() error { return nil }

func startProfiles(cpu, mem, tr string) error {
	var stops []func()
	// start begins a profile that runs until stopProfiles, into a new file.
	start := func(name string, begin func(io.Writer) error, end func()) error {
		if name == "" {
			return nil
		}
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		if err := begin(f); err != nil {
			f.Close()
			return err
		}
		stops = append(stops, func() { end(); f.Close() })
		return nil
	}
	if err := start(cpu, pprof.StartCPUProfile, pprof.StopCPUProfile); err != nil {
		return err
	}
	if err := start(tr, trace.Start, trace.Stop); err != nil {
		return err
	}
	stopProfiles = func() error {
		for _, stop := range stops {
			stop()
		}
		if mem == "" {
			return nil
		}
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}
