package engine

import (
	"fmt"

	"github.com/sessionscope/sessionscope/sim/jid"
	"github.com/sessionscope/sessionscope/sim/server"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// account reads user's stored account on the first host. It fails when
// the name is invalid or no such account exists.
func (e *Engine) account(user string) (host string, acct storage.Account, err error) {
	node, ok := jid.Nodeprep(user)
	if !ok || node == "" {
		return "", acct, fmt.Errorf("engine: invalid username %q", user)
	}
	host = e.cfg.Server.Hosts[0]
	acct, found, err := e.server.Store().Account(host, node)
	if err == nil && !found {
		err = fmt.Errorf("engine: no account %s@%s", node, host)
	}
	return host, acct, err
}

// DisableAccount marks an account disabled (or enabled again). A disabled
// account cannot authenticate, and disabling closes the user's bound
// sessions with not-authorized "Account disabled", as mod_c2s does on
// user-disabled.
func (e *Engine) DisableAccount(user string, disabled bool) error {
	host, acct, err := e.account(user)
	if err != nil {
		return err
	}
	node := acct.Username
	acct.Disabled = disabled
	if err := e.server.Store().PutAccount(host, acct); err != nil {
		return err
	}
	e.record(Input{Op: OpDisable, User: user, Disabled: disabled})
	if disabled {
		e.server.CloseUser(host, node, server.TextAccountDisabled)
	}
	e.diffSessions()
	return nil
}

// DeleteAccount deletes an account as usermanager.delete_user does: the
// account goes, the user's bound sessions are closed with not-authorized
// "Account deleted" (their contacts see them go unavailable), and then
// everything stored for the user is purged: roster and offline messages.
//
// Only a failure to delete the account fails the input. Like Prosody's
// storagemanager.purge, which logs a driver's failure and carries on, a
// purge that fails leaves the account deleted and says so in the input's
// event: by then the input has happened and is recorded.
func (e *Engine) DeleteAccount(user string) error {
	host, acct, err := e.account(user)
	if err != nil {
		return err
	}
	node, store := acct.Username, e.server.Store()
	if err := store.DeleteAccount(host, node); err != nil {
		return err
	}
	e.record(Input{Op: OpDeleteAccount, User: user})
	e.server.CloseUser(host, node, server.TextAccountDeleted)
	e.diffSessions()
	what := "delete account " + node + "@" + host
	if err := store.PurgeUser(host, node); err != nil {
		what += " (could not purge its stored data: " + err.Error() + ")"
	}
	e.emit(Event{Kind: InputApplied, What: what})
	return nil
}

// RemoveClient removes a simulated client. A client still connected drops
// its connection first, as a closed laptop lid would: the server sees the
// TCP close when that delivery is stepped. The name may be reused.
func (e *Engine) RemoveClient(name string) error {
	c := e.byName[name]
	if c == nil {
		return fmt.Errorf("engine: no client named %q", name)
	}
	if c.Conn() != nil {
		c.Conn().CloseFromClient()
	}
	delete(e.byName, name)
	for i, x := range e.clients {
		if x == c {
			e.clients = append(e.clients[:i:i], e.clients[i+1:]...)
			break
		}
	}
	e.record(Input{Op: OpRemoveClient, Name: name})
	e.emit(Event{Kind: InputApplied, Client: name, What: "remove client " + name})
	return nil
}
