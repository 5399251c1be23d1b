package stringprep

// nodeprepExtra is RFC 3920 appendix A.5: the eight ASCII characters that
// may not appear in a localpart.
var nodeprepExtra = set{
	{0x22, 0x22}, {0x26, 0x27}, {0x2F, 0x2F}, {0x3A, 0x3A},
	{0x3C, 0x3C}, {0x3E, 0x3E}, {0x40, 0x40},
}

// common is the prohibited set shared by every profile here: tables C.3 to C.9.
var common = []set{tableC3, tableC4, tableC5, tableC6, tableC7, tableC8, tableC9}

// spaceToSpace maps every non-ASCII space (table C.1.2) to U+0020, as
// RFC 4013 section 2.1 asks. libidn applies it before table B.1.
var spaceToSpace = func() mapping {
	var m mapping
	for _, rr := range tableC1_2 {
		for r := rr.lo; r <= rr.hi; r++ {
			m = append(m, mapEntry{r, " "})
		}
	}
	return m
}()

var (
	nameprep = newProfile(
		[]mapping{tableB1, tableB2},
		append([]set{tableC1_2, tableC2_2}, common...))
	nodeprep = newProfile(
		[]mapping{tableB1, tableB2},
		append([]set{tableC1_1, tableC1_2, tableC2_1, tableC2_2, nodeprepExtra}, common...))
	resourceprep = newProfile(
		[]mapping{tableB1},
		append([]set{tableC1_2, tableC2_1, tableC2_2}, common...))
	saslprep = newProfile(
		[]mapping{spaceToSpace, tableB1},
		append([]set{tableC1_2, tableC2_1, tableC2_2}, common...))
)

// Nameprep prepares a domainpart with RFC 3491 nameprep: case folding and
// NFKC. It reports false when s cannot be prepared.
func Nameprep(s string, strict bool) (string, bool) { return nameprep.prepare(s, strict) }

// Nodeprep prepares a localpart with RFC 3920 nodeprep: case folding, NFKC,
// and a ban on space and the characters "&'/:<>@. It reports false when s
// cannot be prepared.
func Nodeprep(s string, strict bool) (string, bool) { return nodeprep.prepare(s, strict) }

// Resourceprep prepares a resourcepart with RFC 3920 resourceprep: NFKC with
// case and spaces preserved. It reports false when s cannot be prepared.
func Resourceprep(s string, strict bool) (string, bool) { return resourceprep.prepare(s, strict) }

// Saslprep prepares a SASL username or password with RFC 4013 SASLprep:
// non-ASCII spaces become U+0020, then NFKC. It reports false when s cannot
// be prepared. Prosody calls it non-strict.
func Saslprep(s string, strict bool) (string, bool) { return saslprep.prepare(s, strict) }
