package view

import (
	"encoding/base64"
	"encoding/xml"
	"strings"
)

// Seg is one coloured piece of pretty-printed XML; Class names its colour
// (x-tag, x-attr, x-val, x-text, x-secret, x-decl, x-note). Its text must
// reach the page as text, never as markup.
type Seg struct {
	Class, Text string
}

// token is one lexed piece of raw XML: a tag or the text between tags.
type token struct {
	kind  byte // '<' open, '/' close, 'e' empty element, '?' declaration or comment, 't' text
	name  string
	attrs [][2]string
	raw   string
}

// lex splits raw into tags and text. It never fails: whatever cannot be
// read as a tag is kept as text, so malformed input is shown as typed.
func lex(raw string) []token {
	var out []token
	for len(raw) > 0 {
		if raw[0] != '<' {
			i := strings.IndexByte(raw, '<')
			if i < 0 {
				i = len(raw)
			}
			out = append(out, token{kind: 't', raw: raw[:i]})
			raw = raw[i:]
			continue
		}
		end := tagEnd(raw)
		if end < 0 {
			out = append(out, token{kind: 't', raw: raw})
			break
		}
		out = append(out, lexTag(raw[:end+1]))
		raw = raw[end+1:]
	}
	return out
}

// tagEnd returns the index of the '>' closing the tag at the start of s,
// skipping quoted attribute values, or -1.
func tagEnd(s string) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '"':
			quote = c
		case c == '<':
			return -1
		case c == '>':
			return i
		}
	}
	return -1
}

func lexTag(t string) token {
	switch {
	case strings.HasPrefix(t, "<?"), strings.HasPrefix(t, "<!"):
		return token{kind: '?', raw: t}
	case strings.HasPrefix(t, "</"):
		return token{kind: '/', name: strings.TrimSpace(t[2 : len(t)-1]), raw: t}
	}
	kind := byte('<')
	body := t[1 : len(t)-1]
	if strings.HasSuffix(body, "/") {
		kind, body = 'e', body[:len(body)-1]
	}
	name, rest, _ := strings.Cut(strings.TrimLeft(body, " \t\r\n"), " ")
	if i := strings.IndexAny(name, "\t\r\n"); i >= 0 {
		name, rest = name[:i], name[i:]+" "+rest
	}
	return token{kind: kind, name: name, attrs: lexAttrs(rest), raw: t}
}

func lexAttrs(s string) [][2]string {
	var out [][2]string
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || eq+1 >= len(s) {
			return out
		}
		q := s[eq+1]
		if q != '\'' && q != '"' {
			return out
		}
		end := strings.IndexByte(s[eq+2:], q)
		if end < 0 {
			return out
		}
		out = append(out, [2]string{strings.TrimSpace(s[:eq]), s[eq+2 : eq+2+end]})
		s = s[eq+3+end:]
	}
}

func (t token) attr(name string) string {
	for _, a := range t.attrs {
		if a[0] == name {
			return a[1]
		}
	}
	return ""
}

// local returns an element name without its prefix.
func local(name string) string {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// secret reports whether the text inside an element of this name carries
// SASL credentials.
func secret(name string) bool {
	n := local(name)
	return n == "auth" || n == "response"
}

// Masked stands for SASL credentials that are not revealed.
const Masked = "••••••"

// IsError reports whether raw holds a stream error or an error stanza (an
// iq, message or presence of type error), reading its tags, so that text
// which merely says so is not taken for one.
func IsError(raw string) bool {
	for _, t := range lex(raw) {
		if t.kind != '<' && t.kind != 'e' {
			continue
		}
		switch n := local(t.name); {
		case n == "error" && strings.HasPrefix(t.name, "stream:"):
			return true
		case (n == "iq" || n == "message" || n == "presence") && t.attr("type") == "error":
			return true
		}
	}
	return false
}

// Pretty indents raw XML, one tag a line, with the text of an element
// that holds only text kept on its line. SASL credentials are masked
// unless reveal is set, and then a PLAIN payload is also shown decoded.
func Pretty(raw string, reveal bool) []Seg {
	p := printer{reveal: reveal}
	toks := lex(raw)
	for i, t := range toks {
		p.token(t, i+1 < len(toks) && toks[i+1].kind == '/')
	}
	return p.out
}

// PrettyText is Pretty's segments joined.
func PrettyText(raw string, reveal bool) string {
	var b strings.Builder
	for _, s := range Pretty(raw, reveal) {
		b.WriteString(s.Text)
	}
	return b.String()
}

type printer struct {
	out    []Seg
	depth  int
	inline bool // the last open tag is followed by text on its line
	stack  []string
	reveal bool
}

func (p *printer) line() {
	if len(p.out) > 0 {
		p.out = append(p.out, Seg{"", "\n" + strings.Repeat("  ", p.depth)})
	}
}

func (p *printer) token(t token, closeNext bool) {
	switch t.kind {
	case 't':
		p.text(t.raw, closeNext)
	case '/':
		p.depth = max(0, p.depth-1)
		if !p.inline {
			p.line()
		}
		p.inline = false
		if len(p.stack) > 0 {
			p.stack = p.stack[:len(p.stack)-1]
		}
		p.out = append(p.out, Seg{"x-tag", t.raw})
	case '?':
		p.line()
		p.out = append(p.out, Seg{"x-decl", t.raw})
	default:
		p.line()
		p.tag(t)
		if t.kind == '<' {
			p.depth++
			p.stack = append(p.stack, t.name)
		}
		p.inline = false
	}
}

func (p *printer) text(s string, closeNext bool) {
	if strings.TrimSpace(s) == "" && !closeNext {
		return
	}
	inSecret := len(p.stack) > 0 && secret(p.stack[len(p.stack)-1])
	if !closeNext {
		p.line()
	}
	p.inline = closeNext
	switch {
	case inSecret && !p.reveal && s != "" && s != "=":
		p.out = append(p.out, Seg{"x-secret", Masked})
	case inSecret:
		p.out = append(p.out, Seg{"x-secret", s})
		if d := decodePlain(s); d != "" {
			p.out = append(p.out, Seg{"x-note", "  ⟵ " + d})
		}
	default:
		p.out = append(p.out, Seg{"x-text", s})
	}
}

func (p *printer) tag(t token) {
	p.out = append(p.out, Seg{"x-tag", "<" + t.name})
	for _, a := range t.attrs {
		p.out = append(p.out, Seg{"x-attr", " " + a[0] + "="}, Seg{"x-val", "'" + a[1] + "'"})
	}
	if len(t.attrs) == 0 && strings.Contains(t.raw, "=") {
		// Attributes that did not lex: show the tag as typed.
		p.out[len(p.out)-1] = Seg{"x-tag", strings.TrimSuffix(t.raw, ">")}
	}
	if t.kind == 'e' {
		p.out = append(p.out, Seg{"x-tag", "/>"})
	} else {
		p.out = append(p.out, Seg{"x-tag", ">"})
	}
}

// decodePlain shows a SASL PLAIN message (authzid NUL authcid NUL
// password) readably, with NUL drawn as ␀.
func decodePlain(s string) string {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || strings.Count(string(b), "\x00") != 2 {
		return ""
	}
	return "decoded: " + strings.ReplaceAll(string(b), "\x00", "␀")
}

// Describe gives raw data's element name, kind (for filtering) and a
// one-line summary, masking credentials unless reveal is set.
func Describe(raw string, reveal bool) (element, kind, summary string) {
	toks := lex(raw)
	var first token
	found := false
	for _, t := range toks {
		if t.kind == '<' || t.kind == 'e' || t.kind == '/' {
			first, found = t, true
			break
		}
	}
	if !found {
		if strings.TrimSpace(raw) == "" {
			return "(whitespace)", "other", "keepalive"
		}
		return "(text)", "other", OneLine(raw, 80)
	}
	element = local(first.name)
	if first.kind == '/' {
		summary = "</" + first.name + ">"
		if first.name == "stream:stream" {
			summary += " closes the stream"
		}
		return "/" + element, kindOf(first), summary
	}
	return element, kindOf(first), summarize(first, toks, reveal)
}

func kindOf(t token) string {
	switch n := local(t.name); {
	case strings.HasPrefix(t.name, "stream:"), n == "features", n == "error" && strings.HasPrefix(t.name, "stream"):
		return "stream"
	case n == "auth" || n == "response" || n == "challenge" || n == "success" || n == "failure" || n == "abort":
		return "sasl"
	case n == "iq" || n == "message" || n == "presence":
		return n
	}
	return "other"
}

func summarize(first token, toks []token, reveal bool) string {
	var b strings.Builder
	b.WriteString(local(first.name))
	for _, k := range []string{"type", "id", "to", "from", "mechanism"} {
		if v := first.attr(k); v != "" {
			b.WriteString(" " + k + "=" + v)
		}
	}
	child, text := firstChildAndText(toks)
	if child != "" {
		b.WriteString(" · " + child)
	}
	if text != "" {
		if secret(first.name) && !reveal {
			text = Masked
		}
		b.WriteString(" · " + text)
	}
	return OneLine(b.String(), 100)
}

// firstChildAndText returns the first child element's local name and the
// first text inside the top element, entities decoded (shown as text,
// never parsed).
func firstChildAndText(toks []token) (child, text string) {
	depth := 0
	for _, t := range toks {
		switch t.kind {
		case '<':
			depth++
			if depth == 2 && child == "" {
				child = local(t.name)
			}
		case 'e':
			if depth == 1 && child == "" {
				child = local(t.name)
			}
		case '/':
			depth--
		case 't':
			if text == "" && strings.TrimSpace(t.raw) != "" && depth >= 1 {
				text = unescape(t.raw)
			}
		}
	}
	return child, text
}

// unescape decodes the references in raw, the text of an element as it
// was sent: XML's five named entities and character references. What XML
// does not define (an HTML entity such as &nbsp;) leaves raw as it was,
// as Prosody's parser would have refused the stanza.
func unescape(raw string) string {
	if !strings.Contains(raw, "&") {
		return raw
	}
	d := xml.NewDecoder(strings.NewReader("<t>" + raw + "</t>"))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if text, ok := tok.(xml.CharData); ok {
			b.Write(text)
		}
		if _, end := tok.(xml.EndElement); end {
			return b.String()
		}
	}
	return raw
}

// OneLine folds white space and cuts s to n runes, marking a cut with "…".
func OneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
