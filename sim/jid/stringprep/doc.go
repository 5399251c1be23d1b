// Package stringprep prepares strings the way Prosody's util.encodings
// stringprep functions do when Prosody is built against GNU libidn.
//
// Four RFC 3454 profiles are provided: Nameprep (RFC 3491), Nodeprep and
// Resourceprep (RFC 3920 appendices A and B) and Saslprep (RFC 4013). Each
// takes a strict flag. Non-strict preparation, Prosody's default, lets code
// points unassigned in Unicode 3.2 through; strict preparation rejects them,
// as libidn's STRINGPREP_NO_UNASSIGNED flag does.
//
// # Prosody's wrapper rules
//
// Like util-src/encodings.c, every function rejects input that is not valid
// UTF-8, input containing a NUL byte, and input of 1024 bytes or more. The
// prepared output must also fit libidn's 1024-byte buffer, so it too must be
// shorter than 1024 bytes. Failure is reported with ok=false, never an error
// value, because Prosody only ever answers nil.
//
// # Unicode version
//
// The mapping and prohibition tables are RFC 3454's (Unicode 3.2), generated
// by gen.go from github.com/xdg-go/stringprep into static sorted arrays, so
// that no table is built at start-up. Normalization uses golang.org/x/text's NFKC,
// which follows a newer Unicode version. To stay close to libidn, runs of
// text are normalized separately around code points that were unassigned in
// Unicode 3.2, so those code points pass through unchanged, exactly as
// libidn's 3.2-era normalizer leaves them.
package stringprep
