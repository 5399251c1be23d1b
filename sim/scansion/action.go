package scansion

import (
	"errors"
	"strings"
	"unicode"
)

// actionPart reads line i of the part after the separator and returns the
// index of the last line it consumed.
func (p *parser) actionPart(i int) (int, error) {
	line := p.lines[i]
	switch {
	case isBlank(line):
	case line[0] == '\t':
		return i, p.errf(i, `unexpected indented line: a payload must directly follow its "sends" or "receives" line`)
	case line[0] == ' ':
		return i, p.errf(i, badIndent)
	case strings.HasPrefix(line, "#"):
		p.comments = append(p.comments, commentText(line))
	case isSeparator(line):
		return i, p.errf(i, "unexpected second separator line")
	case isComment(line):
	case strings.HasPrefix(line, "["):
		return i, p.errf(i, "client definitions must come before the separator")
	default:
		return p.action(i)
	}
	return i, nil
}

// action reads an action line and its payload.
func (p *parser) action(i int) (int, error) {
	a, err := p.actionLine(i)
	if err != nil {
		return i, err
	}
	j := i + 1
	for j < len(p.lines) && strings.HasPrefix(p.lines[j], "\t") && !isBlank(p.lines[j]) {
		j++
	}
	payload := p.lines[i+1 : j]
	switch {
	case j < len(p.lines) && strings.HasPrefix(p.lines[j], " ") && !isBlank(p.lines[j]):
		return i, p.errf(j, badIndent)
	case a.Kind.HasPayload() && len(payload) == 0:
		return i, p.errf(i, `expected an XML payload on the next lines, indented with a tab, after "%s %s"`, a.Client, a.Kind)
	case !a.Kind.HasPayload() && len(payload) > 0:
		return i, p.errf(i+1, "unexpected payload: %q takes none", a.Kind.String())
	}
	if len(payload) > 0 {
		if err := p.checkPayload(i+1, payload); err != nil {
			return i, err
		}
		a.XML = joinPayload(payload)
	}
	a.Comments, p.comments = p.comments, nil
	p.s.Actions = append(p.s.Actions, a)
	return j - 1, nil
}

// joinPayload removes one tab from each line and joins the lines.
func joinPayload(lines []string) string {
	out := make([]string, len(lines))
	for k, l := range lines {
		out[k] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(out, "\n")
}

// verbKinds maps verbs to the kind of action they make without argument.
var verbKinds = map[string]Kind{
	"connects": Connects, "disconnects": Disconnects, "sends": Sends, "receives": Receives,
}

// actionLine parses "<client> <verb>[:][ argument]".
func (p *parser) actionLine(i int) (Action, error) {
	line := strings.TrimRightFunc(p.lines[i], unicode.IsSpace)
	known := ""
	var verb, arg string
	for _, name := range p.names {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		v, a := splitVerb(rest)
		if k, ok := kindOf(v, a); ok {
			return Action{Line: i + 1, Client: name, Kind: k}, nil
		}
		if known == "" {
			known, verb, arg = name, v, a
		}
	}
	if known != "" {
		return Action{}, p.verbError(i, known, verb, arg)
	}
	return Action{}, p.clientError(i, line)
}

// splitVerb splits what follows the client's name into verb and argument.
func splitVerb(rest string) (verb, arg string) {
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	end := strings.IndexFunc(rest, func(r rune) bool { return r == ':' || unicode.IsSpace(r) })
	if end < 0 {
		return rest, ""
	}
	after := strings.TrimSpace(rest[end:])
	after = strings.TrimPrefix(after, ":")
	return rest[:end], strings.TrimSpace(after)
}

// kindOf returns the kind of action of verb and argument.
func kindOf(verb, arg string) (Kind, bool) {
	if verb == "receives" && arg == "nothing" {
		return ReceivesNothing, true
	}
	k, ok := verbKinds[verb]
	return k, ok && arg == ""
}

func (p *parser) verbError(i int, client, verb, arg string) error {
	if _, ok := verbKinds[verb]; ok {
		return p.errf(i, "unexpected argument %q after %q", arg, verb)
	}
	return p.errf(i, "unknown action %q for client %q: expected connects, disconnects, sends or receives", verb, client)
}

// clientError explains an action line that names no declared client.
func (p *parser) clientError(i int, line string) error {
	head, _, _ := strings.Cut(line, ":")
	head = strings.TrimSpace(head)
	k := strings.LastIndexFunc(head, unicode.IsSpace)
	if k < 0 {
		return p.errf(i, `expected an action "<client> <action>", got %q`, line)
	}
	return p.errf(i, "unknown client %q", strings.TrimSpace(head[:k]))
}

// placeholderJID stands for variables while a payload is checked.
const placeholderJID = "placeholder@localhost/resource"

// checkPayload checks the variables and the XML of the payload lines that
// start at index start.
func (p *parser) checkPayload(start int, lines []string) error {
	for k, l := range lines {
		names, err := varNames(l)
		if err != nil {
			return p.errf(start+k, "%v", err)
		}
		for _, n := range names {
			if err := p.checkVar(n); err != nil {
				return p.errf(start+k, "%v", err)
			}
		}
	}
	xml, _ := Expand(joinPayload(lines), func(string) (string, bool) { return placeholderJID, true })
	if _, err := ParseStanzas(xml); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return p.errf(start+pe.Line-1, "%s", pe.Msg)
		}
		return p.errf(start, "%v", err)
	}
	return nil
}

// checkVar checks that a variable names a declared client and a property.
func (p *parser) checkVar(name string) error {
	client, prop, ok := SplitVar(name)
	if !ok {
		return errors.New("unknown variable ${" + name + `}: expected ${<client>'s JID} or ${<client>'s full JID}`)
	}
	if _, ok := p.s.Client(client); !ok {
		return errors.New("unknown variable ${" + name + "}: no client named '" + client + "'")
	}
	if prop != PropJID && prop != PropFullJID {
		return errors.New("unknown variable ${" + name + "}: unknown property '" + prop + `' (expected "JID" or "full JID")`)
	}
	return nil
}
