package frame_test

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// FuzzFramer feeds arbitrary bytes whole, byte by byte and in a random
// chunking chosen by seed: the framer must not panic and all three must
// give the same events.
func FuzzFramer(f *testing.F) {
	f.Add([]byte(streamHead+"<message><body>hi</body></message></stream:stream>"), uint64(1))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		const limit = 4096
		whole := transcript([][]byte{data}, []int{3}, limit)
		bytewise := transcript(split(data, nil), []int{3}, limit)
		random := transcript(split(data, rand.New(rand.NewPCG(seed, 7))), []int{3}, limit)
		if !slices.Equal(whole, bytewise) || !slices.Equal(whole, random) {
			t.Fatalf("chunkings differ:\nwhole  %q\nbytes  %q\nrandom %q", whole, bytewise, random)
		}
	})
}
