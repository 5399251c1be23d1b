package view

import "strings"

// maxPartial bounds the unfinished tag a Masker keeps between chunks; a
// longer one is no tag a client could finish within the stanza limit.
const maxPartial = 1 << 16

// Masker hides SASL credentials in one direction of a connection's byte
// stream, which arrives cut into chunks anywhere: the text inside <auth/>
// and <response/> becomes Masked, as the log shows it unless revealed,
// and every other byte, tags included, passes unchanged. It keeps what it needs between
// chunks (whether a secret element is open, and an unfinished tag), so
// that credentials split across chunks stay hidden. The zero Masker is
// ready for a new stream.
type Masker struct {
	depth   int    // elements open inside the secret one; 0 when outside
	partial string // an unfinished tag ending the last chunk
}

// Mask returns the chunk with the credentials it holds masked.
func (m *Masker) Mask(chunk string) string {
	in := m.partial + chunk
	skip := len(m.partial) // bytes of in already given out with the last chunk
	m.partial = ""
	var b strings.Builder
	emit := func(raw string, at int, hide bool) {
		if at+len(raw) <= skip {
			return
		}
		if at < skip {
			raw = raw[skip-at:]
		}
		if hide && strings.TrimSpace(raw) != "" && raw != "=" {
			raw = Masked
		}
		b.WriteString(raw)
	}
	for at := 0; at < len(in); {
		s := in[at:]
		if s[0] != '<' {
			n := strings.IndexByte(s, '<')
			if n < 0 {
				n = len(s)
			}
			emit(s[:n], at, m.depth > 0)
			at += n
			continue
		}
		end := tagEnd(s)
		if end < 0 {
			if n := strings.IndexByte(s[1:], '<'); n >= 0 {
				emit(s[:n+1], at, m.depth > 0) // a stray '<': text
				at += n + 1
				continue
			}
			if len(s) <= maxPartial {
				m.partial = s // an unfinished tag, read again with the next chunk
			}
			emit(s, at, false) // a tag, even unfinished, is shown as typed
			break
		}
		m.tag(lexTag(s[:end+1]))
		emit(s[:end+1], at, false)
		at += end + 1
	}
	return b.String()
}

// tag follows the elements opened and closed.
func (m *Masker) tag(t token) {
	switch {
	case t.kind == '<' && m.depth > 0:
		m.depth++
	case t.kind == '<' && secret(t.name):
		m.depth = 1
	case t.kind == '/' && m.depth > 0:
		m.depth--
	}
}
