package view

import (
	"strings"

	"github.com/sessionscope/sessionscope/sim/engine"
	"github.com/sessionscope/sessionscope/sim/session"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// Account is one account of the first host with what is stored for it.
type Account struct {
	Name     string
	Disabled bool
	Roster   []string // one line per contact and pending request; nil when none is stored
	Offline  []string // one line per stored message, oldest first
	Problem  string   // a stored document that could not be read
}

// maxAccounts bounds the accounts of one view.
const maxAccounts = 200

// accounts reads the accounts again when the run was rebuilt, an input
// other than a step was applied, or there are few of them (their stored
// rosters change on steps); else it keeps the last reading, so that a step
// with thousands of accounts does not list them all.
func (m *Model) accounts(tl *engine.Timeline) []Account {
	step, _ := tl.Position()
	last := engine.OpStep
	if step > 0 {
		last = tl.InputAt(step - 1).Op
	}
	if len(m.accCache) > 50 && last == engine.OpStep && m.accGen == m.gen {
		return m.accCache
	}
	e := tl.Engine()
	m.accCache, m.accGen = Accounts(e.Server().Store(), e.Config().Server.Hosts[0]), m.gen
	return m.accCache
}

// Accounts lists the first accounts of host with their stored rosters and
// offline messages, read through the storage API.
func Accounts(st *storage.Store, host string) []Account {
	names, err := st.Accounts(host)
	if err != nil {
		return []Account{{Name: "(accounts)", Problem: err.Error()}}
	}
	names = names[:min(len(names), maxAccounts)]
	out := make([]Account, 0, len(names))
	for _, n := range names {
		out = append(out, readAccount(st, host, n))
	}
	return out
}

func readAccount(st *storage.Store, host, name string) Account {
	a := Account{Name: name}
	var problems []string
	if acct, ok, err := st.Account(host, name); err != nil {
		problems = append(problems, err.Error())
	} else if ok {
		a.Disabled = acct.Disabled
	}
	if r, found, err := st.Roster(host, name); err != nil {
		problems = append(problems, err.Error())
	} else if found {
		a.Roster = RosterLines(r)
	}
	if q, err := st.Offline(host, name); err != nil {
		problems = append(problems, err.Error())
	} else {
		for _, msg := range q {
			_, _, sum := Describe(msg.Stanza, false)
			a.Offline = append(a.Offline, msg.When.UTC().Format("15:04:05")+" "+sum)
		}
	}
	a.Problem = strings.Join(problems, "; ")
	return a
}

// RosterLines writes a stored roster one line per contact, as the roster
// field shows each, with its name and groups, and one line per inbound
// request not yet answered.
func RosterLines(r *session.Roster) []string {
	out := []string{}
	for _, it := range r.Items {
		line := it.Describe()
		if it.Name != "" {
			line += " named “" + it.Name + "”"
		}
		if len(it.Groups) > 0 {
			line += " in " + strings.Join(it.Groups, ", ")
		}
		out = append(out, line)
	}
	for _, p := range r.Pending {
		out = append(out, p.JID+" (pending in): asks to subscribe, not answered yet")
	}
	return out
}
