package deflate

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
)

// Packer is raw DEFLATE at the best compression (an engine.Packer).
type Packer struct{}

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

// Unpack inflates packed, stopping once it has max bytes.
func (Packer) Unpack(packed []byte, max int) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(packed))
	raw, err := io.ReadAll(io.LimitReader(r, int64(max)))
	if err != nil {
		return nil, err
	}
	return raw, nil
}
