package engine

import "fmt"

// ActWith makes a client take an action with arguments (for example
// "message" with to, type and body; see the client package's stanza
// actions). The arguments are recorded with the input, so a replay sends
// the same bytes.
func (e *Engine) ActWith(name, action string, args map[string]string) error {
	c := e.byName[name]
	if c == nil {
		return fmt.Errorf("engine: no client named %q", name)
	}
	if err := c.ActWith(e.net, action, args); err != nil {
		return err
	}
	if conn := c.Conn(); conn != nil {
		e.byConn[conn] = c
	}
	kept := make(map[string]string, len(args))
	for k, v := range args {
		kept[k] = v
	}
	e.record(Input{Op: OpAct, Name: name, Action: action, Args: kept})
	e.emit(Event{Kind: InputApplied, Client: name, What: action})
	return nil
}
