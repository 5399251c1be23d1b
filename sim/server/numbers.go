package server

// The scanners here recognise the number syntaxes Prosody accepts, without
// pulling the regexp package into the WebAssembly build.

// skipSign skips one leading + or -.
func skipSign(s string) string {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[1:]
	}
	return s
}

// digits returns how many leading bytes of s satisfy ok.
func digits(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// isInteger matches ^[+-]?[0-9]+$, the <priority> Prosody accepts.
func isInteger(s string) bool {
	s = skipSign(s)
	return s != "" && digits(s, isDigit) == len(s)
}

// isLuaHex matches ^[+-]?0[xX][0-9a-fA-F]+$.
func isLuaHex(s string) bool {
	s = skipSign(s)
	if len(s) < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return false
	}
	s = s[2:]
	return digits(s, isHexDigit) == len(s)
}

// isLuaDecimal matches ^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$:
// Lua's decimal numerals.
func isLuaDecimal(s string) bool {
	s = skipSign(s)
	whole := digits(s, isDigit)
	s = s[whole:]
	frac := 0
	if s != "" && s[0] == '.' {
		s = s[1:]
		frac = digits(s, isDigit)
		s = s[frac:]
	}
	if whole == 0 && frac == 0 {
		return false
	}
	if s == "" {
		return true
	}
	if s[0] != 'e' && s[0] != 'E' {
		return false
	}
	return isInteger(s[1:])
}
