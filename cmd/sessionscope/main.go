// Command sessionscope is SessionScope's command line: it serves the page
// on loopback and, as later commands arrive, runs scenarios headless.
//
//	sessionscope serve [-addr 127.0.0.1:8080]
//	sessionscope version
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"

	"github.com/sessionscope/sessionscope/web"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  sessionscope serve [-addr 127.0.0.1:8080]   serve the page on loopback
  sessionscope version                        print the version
  sessionscope listen [-addr 127.0.0.1:5222] [-ws 127.0.0.1:5280] [-http ADDR] [-data DIR] [-user NAME:PASSWORD ...] [-record FILE] [-log]
                                              serve real XMPP clients from the engine
  sessionscope load [-addr HOST:PORT] [-clients N] ...
                                              drive load at any XMPP server
  sessionscope paseto keygen|sign|verify      PASETO v4.public keys and tokens
  sessionscope run [-fields] [-json] FILE.scs...  play scansion scripts (-lesson NAME, -lessons)
  sessionscope replay [-fields] [-json] [-all] RUN.json
                                              replay a run saved or shared by the page (or a #run= link)
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "paseto":
		return pasetoCmd(args[1:], stdout, stderr)
	case "run":
		return runCmd(args[1:], stdout, stderr)
	case "replay":
		return replayCmd(args[1:], stdout, stderr)
	case "listen":
		return listenCmd(args[1:], stdout, stderr)
	case "load":
		return loadCmd(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "sessionscope %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sessionscope: unknown command %q\n%s", args[0], usage)
	return 2
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback by default)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ln, err := listen(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "SessionScope is serving at http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if err := http.Serve(ln, web.Handler(web.Files)); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "sessionscope: %v\n", err)
		return 1
	}
	return 0
}

// listen listens on addr, refusing addresses that are not loopback: the
// page is a local tool.
func listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("refusing to serve on %q: use a loopback address such as 127.0.0.1", host)
		}
	}
	return net.Listen("tcp", addr)
}
