package duplicate

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// A Bloom is a set of keys that may answer yes for a key it does not hold
// (about 0.2% of the time at the size NewBloom gives) but never no for one
// it holds: what a store keeps in memory of a sealed run of keys, so that
// a look-up reads only the runs that may hold one.
type Bloom struct {
	bits []uint64
	k    uint32 // probes per key
}

// bloomBits and bloomProbes give a false-positive rate of about 0.2%.
const (
	bloomBits   = 14
	bloomProbes = 10
)

// NewBloom returns an empty set sized for n keys.
func NewBloom(n int) *Bloom {
	words := max(1, (n*bloomBits+63)/64)
	return &Bloom{bits: make([]uint64, words), k: bloomProbes}
}

// probes yields the bit positions of a key: double hashing over the two
// halves of a mix of it (keys are hashes already, but of few bits' spread
// in their low half when they are title keys).
func (b *Bloom) probe(key uint64, fn func(pos uint64) bool) bool {
	h := key * 0x9E3779B97F4A7C15
	h ^= h >> 29
	h1, h2 := h, bits.RotateLeft64(h, 32)|1
	m := uint64(len(b.bits)) * 64
	for i := range uint64(b.k) {
		if !fn((h1 + i*h2) % m) {
			return false
		}
	}
	return true
}

// Add puts key in the set.
func (b *Bloom) Add(key uint64) {
	b.probe(key, func(pos uint64) bool { b.bits[pos/64] |= 1 << (pos % 64); return true })
}

// Has reports whether key may be in the set.
func (b *Bloom) Has(key uint64) bool {
	return b.probe(key, func(pos uint64) bool { return b.bits[pos/64]&(1<<(pos%64)) != 0 })
}

// MarshalBinary encodes the set: the number of probes, then the bits.
func (b *Bloom) MarshalBinary() ([]byte, error) {
	out := binary.LittleEndian.AppendUint32(nil, b.k)
	for _, w := range b.bits {
		out = binary.LittleEndian.AppendUint64(out, w)
	}
	return out, nil
}

// UnmarshalBinary decodes MarshalBinary's bytes.
func (b *Bloom) UnmarshalBinary(data []byte) error {
	if len(data) < 12 || (len(data)-4)%8 != 0 {
		return errors.New("bloom: malformed encoding")
	}
	b.k = binary.LittleEndian.Uint32(data)
	if b.k == 0 || b.k > 64 {
		return errors.New("bloom: malformed encoding")
	}
	b.bits = make([]uint64, (len(data)-4)/8)
	for i := range b.bits {
		b.bits[i] = binary.LittleEndian.Uint64(data[4+8*i:])
	}
	return nil
}
