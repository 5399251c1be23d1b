package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/sessionscope/sessionscope/cmd/sessionscope/internal/loadgen"
)

// loadCmd runs the load client against any XMPP server.
func loadCmd(args []string, stdout, stderr io.Writer) int {
	var cfg loadgen.Config
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:5222", "the server's c2s address")
	fs.StringVar(&cfg.Domain, "domain", "localhost", "the XMPP domain")
	fs.IntVar(&cfg.Clients, "clients", 1000, "concurrent clients")
	fs.IntVar(&cfg.Contacts, "contacts", 20, "directed presences per client (negative: none)")
	fs.IntVar(&cfg.Messages, "messages", 10, "messages per client")
	fs.StringVar(&cfg.Prefix, "prefix", "load", "user names are PREFIX0, PREFIX1, ...")
	fs.StringVar(&cfg.Password, "password", "secret", "every user's password")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := loadgen.Run(ctx, cfg)
	fmt.Fprintf(stdout, "clients %d, login %v\nmessages sent %d, delivered %d, duplicates %d, presences %d\nexchange %v, %.0f messages/s\n",
		res.Clients, res.Login.Round(time.Millisecond), res.Sent, res.Delivered, res.Duplicates, res.Presences,
		res.Exchange.Round(time.Millisecond), res.MessagesPerSecond())
	if err != nil {
		fmt.Fprintf(stderr, "sessionscope load: %v\n", err)
		return 1
	}
	if res.Lost(cfg) {
		fmt.Fprintln(stderr, "sessionscope load: something was lost or duplicated")
		return 1
	}
	return 0
}
