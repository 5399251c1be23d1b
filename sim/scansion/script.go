package scansion

import "strings"

// Script is a parsed scansion script.
type Script struct {
	// Title is the text of the first line when it is a "#" line.
	Title string
	// Description holds the "#" lines directly after the title.
	Description []string
	// Tags holds the "##" lines before the separator, without the "##".
	Tags []string
	// Clients lists the characters in declaration order.
	Clients []Client
	// Actions lists the steps in script order.
	Actions []Action
}

// Client returns the declared client with the given name.
func (s *Script) Client(name string) (Client, bool) {
	for _, c := range s.Clients {
		if c.Name == name {
			return c, true
		}
	}
	return Client{}, false
}

// Client is a character declared by a "[Client] Name" block.
type Client struct {
	// Name is the character's name; it may contain spaces and apostrophes.
	Name string
	// JID is the jid property as written: bare, or full to request a resource.
	JID string
	// Password is the password property; Prosody's test server ignores it.
	Password string
	// Resource is the resource property, another way to request a resource.
	Resource string
	// Extra holds any other properties (connect_host, connect_port, ...).
	Extra map[string]string
	// Line is the line of the "[Client]" header.
	Line int
}

// BareJID returns the client's account JID without any resource. It is the
// value of the variable ${Name's JID}.
func (c Client) BareJID() string {
	bare, _, _ := strings.Cut(c.JID, "/")
	return bare
}

// RequestedResource returns the resource the client asks for when it binds:
// the resource property, else the resource part of its JID, else "" (the
// server then generates one).
func (c Client) RequestedResource() string {
	if c.Resource != "" {
		return c.Resource
	}
	_, res, _ := strings.Cut(c.JID, "/")
	return res
}

// Action is one step of a script.
type Action struct {
	// Line is the line of the action ("Romeo sends:").
	Line int
	// Client is the name of the acting client.
	Client string
	// Kind says what the client does.
	Kind Kind
	// XML is the payload of Sends and Receives, one tab of indentation
	// removed from each line; it may hold several elements and variables.
	XML string
	// Comments holds the "#" comment lines written between the previous
	// action and this one, without the "#": the narration of the step.
	Comments []string
}

// Kind is the kind of an action.
type Kind int

// The kinds of action a client can take.
const (
	// Connects opens a session: authenticate and bind a resource.
	Connects Kind = iota + 1
	// Disconnects closes the client's stream; it does nothing when the
	// client is not connected.
	Disconnects
	// Sends sends the payload's stanza(s).
	Sends
	// Receives expects the next stanza(s) on the client's connection to
	// match the payload.
	Receives
	// ReceivesNothing ("receives: nothing") expects no stanza to arrive.
	ReceivesNothing
)

var kindVerbs = map[Kind]string{
	Connects:        "connects",
	Disconnects:     "disconnects",
	Sends:           "sends",
	Receives:        "receives",
	ReceivesNothing: "receives: nothing",
}

// String returns the action as written after the client's name, such as
// "sends" or "receives: nothing".
func (k Kind) String() string {
	if v, ok := kindVerbs[k]; ok {
		return v
	}
	return "unknown"
}

// HasPayload reports whether actions of kind k carry an XML payload.
func (k Kind) HasPayload() bool {
	return k == Sends || k == Receives
}
