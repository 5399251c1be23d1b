package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/hack-pad/hackpadfs"
	osfs "github.com/hack-pad/hackpadfs/os"
	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/live"
	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/scansion"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/web"
)

// userFlags collects repeated -user NAME:PASSWORD flags.
type userFlags []live.User

func (u *userFlags) String() string { return fmt.Sprint(len(*u), " users") }

func (u *userFlags) Set(v string) error {
	name, pass, ok := strings.Cut(v, ":")
	if !ok || name == "" {
		return errors.New("want NAME:PASSWORD")
	}
	*u = append(*u, live.User{Name: name, Password: pass})
	return nil
}

// listenOptions are the listen command's flags.
type listenOptions struct {
	addr, ws, http, data string
	tlsAddr              string
	record, scs          string
	users                userFlags
	log, public          bool
	limitAuth            bool
	seed                 uint64
	maxConns, readRate   int
	maxPerAddr           int
	readTimeout, timeout time.Duration
}

func parseListen(args []string, stderr io.Writer) (listenOptions, error) {
	var o listenOptions
	fs := flag.NewFlagSet("listen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:5222", "XMPP client (c2s) TCP address; empty for none")
	fs.StringVar(&o.tlsAddr, "tls-addr", "", "XMPP client direct TLS address (XEP-0368); empty for none. STARTTLS is offered on -addr either way, with a self-signed certificate kept in -data")
	fs.StringVar(&o.ws, "ws", "127.0.0.1:5280", "WebSocket address, serving "+live.WebSocketPath+"; empty for none")
	fs.StringVar(&o.http, "http", "", "also serve the page, and the live engine's events at "+live.EventsPath+", on this address")
	fs.StringVar(&o.data, "data", "", "data directory for accounts and rosters (the page's storage layout)")
	fs.Var(&o.users, "user", "an account NAME:PASSWORD (repeatable)")
	fs.StringVar(&o.record, "record", "", "save the run (configuration and inputs) as JSON to this file on exit")
	fs.StringVar(&o.scs, "scs", "", "save the run as a scansion script to this file on exit")
	fs.BoolVar(&o.log, "log", false, "print the stanza transcript")
	fs.BoolVar(&o.public, "public", false, "allow non-loopback addresses (then only SCRAM is offered, and only after TLS: c2s_require_encryption)")
	fs.Uint64Var(&o.seed, "seed", 0, "engine seed (default: random)")
	fs.IntVar(&o.maxConns, "max-conns", 4096, "the most connections open at once")
	fs.BoolVar(&o.limitAuth, "limit-auth", false, "load mod_limit_auth: 5 failed logins per address in 30 s, then temporary-auth-failure; a connection's 5th failure closes it (default true with -public)")
	fs.IntVar(&o.maxPerAddr, "max-conns-per-ip", 0, fmt.Sprintf("the most connections open at once from one IP address (default %d with -public); 0: no limit", publicPerAddr))
	fs.IntVar(&o.readRate, "read-rate", 10240, "bytes a second read from each connection, burst 2 s (Prosody's mod_limits); 0: no limit")
	fs.DurationVar(&o.readTimeout, "read-timeout", 0, "idle time before a keepalive or a drop (default read_timeout, 840s)")
	fs.DurationVar(&o.timeout, "timeout", 0, "c2s_timeout for unauthenticated sessions (default 300s)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.public && !isSet(fs, "max-conns-per-ip") {
		o.maxPerAddr = publicPerAddr
	}
	if o.public && !isSet(fs, "limit-auth") {
		o.limitAuth = true
	}
	for _, a := range []string{o.addr, o.tlsAddr, o.ws, o.http} {
		if err := checkAddr(a, o.public); err != nil {
			return o, err
		}
	}
	return o, nil
}

// publicPerAddr is the per-address connection limit -public sets unless
// told otherwise: one address cannot then take every connection.
const publicPerAddr = 16

// isSet reports whether the flag was given.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// checkAddr refuses a non-loopback address unless public is set.
func checkAddr(addr string, public bool) error {
	if addr == "" || public {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("refusing to listen on %q: use a loopback address, or -public (SCRAM only)", host)
	}
	return nil
}

// engineConfig builds the engine's configuration from the flags.
func (o listenOptions) engineConfig() (engine.Config, error) {
	cfg := engine.DefaultConfig()
	cfg.Seed = o.seed
	if cfg.Seed == 0 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return cfg, err
		}
		cfg.Seed = binary.LittleEndian.Uint64(b[:]) | 1
	}
	if o.timeout > 0 {
		cfg.Server.Timeout = server.Seconds(o.timeout)
	}
	cfg.Server.TLS = true // mod_tls with the listener's certificate
	if o.limitAuth {
		cfg.Server.Modules = append(cfg.Server.Modules, "limit_auth")
	}
	if o.public {
		cfg.Server.Mechanisms = withoutPlain(cfg.Server.Mechanisms)
		// Prosody's default c2s_require_encryption: no SASL before TLS.
		cfg.Server.RequireEncryption = true
	}
	if o.data != "" {
		fsys, err := dataFS(o.data)
		if err != nil {
			return cfg, err
		}
		cfg.FS = fsys
	}
	return cfg, nil
}

func withoutPlain(mechs []string) []string {
	var out []string
	for _, m := range mechs {
		if m != "PLAIN" {
			out = append(out, m)
		}
	}
	return out
}

// dataFS opens dir with hackpadfs's os file system.
func dataFS(dir string) (hackpadfs.FS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, err
	}
	fsys := osfs.NewFS()
	p, err := fsys.FromOSPath(abs)
	if err != nil {
		return nil, err
	}
	return fsys.Sub(p)
}

// listenCmd runs the listen command until interrupted.
func listenCmd(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return listenRun(ctx, args, stdout, stderr)
}

func listenRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseListen(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "sessionscope listen: %v\n", err)
		}
		return 2
	}
	if o.data != "" && (o.record != "" || o.scs != "") {
		fmt.Fprintln(stderr, "sessionscope listen: accounts already in -data are not part of the record; a replay needs them as -user accounts")
	}
	if err := o.serve(ctx, stdout); err != nil {
		fmt.Fprintf(stderr, "sessionscope listen: %v\n", err)
		return 1
	}
	return 0
}

func (o listenOptions) serve(ctx context.Context, stdout io.Writer) error {
	cfg, err := o.engineConfig()
	if err != nil {
		return err
	}
	cert, err := loadOrMakeCert(o.data)
	if err != nil {
		return err
	}
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	r, err := live.New(live.Config{Engine: cfg, Users: o.users, MaxConns: o.maxConns, MaxPerAddr: o.maxPerAddr, ReadTimeout: o.readTimeout, ReadRate: o.readRate,
		Record: o.record != "" || o.scs != "", TLS: tlsCfg})
	if err != nil {
		return err
	}
	view := live.NewView(o.log, isTerminal(stdout) && !o.log)
	r.Subscribe(view.Observe)
	lns, err := o.listeners(r, stdout)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go view.Print(ctx, stdout)
	runDone := make(chan struct{})
	go func() { r.Run(ctx); close(runDone) }()
	<-ctx.Done()
	for _, c := range lns {
		_ = c.Close()
	}
	<-runDone
	fmt.Fprint(stdout, view.Table()) // the engine goroutine has returned
	return o.save(r)
}

// listeners opens the TCP and WebSocket listeners and starts serving.
func (o listenOptions) listeners(r *live.Runner, stdout io.Writer) ([]io.Closer, error) {
	var out []io.Closer
	if o.addr != "" {
		ln, err := net.Listen("tcp", o.addr)
		if err != nil {
			return nil, err
		}
		out = append(out, ln)
		fmt.Fprintf(stdout, "xmpp c2s listening on %s\n", ln.Addr())
		go func() { _ = r.ServeTCP(ln) }()
	}
	if o.tlsAddr != "" {
		ln, err := net.Listen("tcp", o.tlsAddr)
		if err != nil {
			for _, c := range out {
				_ = c.Close()
			}
			return nil, err
		}
		out = append(out, ln)
		fmt.Fprintf(stdout, "xmpp c2s direct TLS listening on %s\n", ln.Addr())
		go func() { _ = r.ServeDirectTLS(ln) }()
	}
	for _, h := range []struct {
		addr  string
		serve httpServe
	}{{o.ws, func(a net.Addr) (http.Handler, string, error) {
		return wsMux(r), "xmpp websocket listening on ws://" + a.String() + live.WebSocketPath, nil
	}}, {o.http, func(a net.Addr) (http.Handler, string, error) { return pageMux(r, a) }}} {
		if h.addr == "" {
			continue
		}
		srv, err := serveHTTP(h.addr, h.serve, stdout)
		if err != nil {
			for _, c := range out {
				_ = c.Close()
			}
			return nil, err
		}
		out = append(out, srv)
		if h.addr == o.ws && o.public {
			fmt.Fprintln(stdout, "  (plain WebSocket is not encrypted: with -public, c2s_require_encryption refuses SASL there, as Prosody's mod_websocket without HTTPS)")
		}
	}
	return out, nil
}

// httpServe builds an HTTP listener's handler once its address is known,
// and says what to print about it.
type httpServe func(net.Addr) (http.Handler, string, error)

// serveHTTP listens on addr and serves what serve builds, printing its
// line.
func serveHTTP(addr string, serve httpServe, stdout io.Writer) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	h, what, err := serve(ln.Addr())
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintln(stdout, what)
	go func() { _ = srv.Serve(ln) }()
	return srv, nil
}

func wsMux(r *live.Runner) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle(live.WebSocketPath, r.WebSocketHandler())
	return mux
}

// pageMux serves the page and the live engine's events on addr; the
// events need the secret token, which the page's address it returns to
// print carries in its fragment (never sent to a server, nor logged).
func pageMux(r *live.Runner, addr net.Addr) (*http.ServeMux, string, error) {
	token, err := live.NewToken()
	if err != nil {
		return nil, "", err
	}
	mux := http.NewServeMux()
	mux.Handle("/", web.Handler(web.Files))
	mux.Handle(live.EventsPath, r.EventsHandler(live.Guard{Token: token, Addr: addr.String()}))
	return mux, "the page, live, at http://" + addr.String() + "/#live=" + token, nil
}

// save writes the recorded run, readable only by its owner: it holds
// the -user passwords.
func (o listenOptions) save(r *live.Runner) error {
	if o.record == "" && o.scs == "" {
		return nil
	}
	s, err := r.Recorded()
	if err != nil {
		return err
	}
	if o.record != "" {
		var b bytes.Buffer
		if err := live.WriteScenario(&b, s); err != nil {
			return err
		}
		if err := os.WriteFile(o.record, b.Bytes(), 0o600); err != nil {
			return err
		}
	}
	if o.scs != "" {
		script, err := live.Script(s)
		if err != nil {
			return err
		}
		return os.WriteFile(o.scs, scansion.Format(script), 0o600)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
