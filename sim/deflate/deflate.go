package deflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
)

// Packer is raw DEFLATE at the best compression (an engine.Packer).
type Packer struct{}

// ErrTooLarge reports text that inflates to more than the limit.
var ErrTooLarge = errors.New("too large")

// Pack compresses raw.
func (Packer) Pack(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("deflate: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return nil, fmt.Errorf("deflate: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("deflate: %w", err)
	}
	return buf.Bytes(), nil
}

// Unpack inflates packed, refusing more than limit bytes (ErrTooLarge)
// before it has read them all.
func (Packer) Unpack(packed []byte, limit int) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(packed))
	raw, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > limit {
		return nil, ErrTooLarge
	}
	return raw, nil
}
