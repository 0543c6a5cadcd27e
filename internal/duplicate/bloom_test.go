package duplicate_test

import (
	"math/rand/v2"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/duplicate"
)

func TestBloom(t *testing.T) {
	const n = 100_000
	r := rand.New(rand.NewPCG(1, 2))
	b := duplicate.NewBloom(n)
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = r.Uint64()
		b.Add(keys[i])
	}
	enc, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back duplicate.Bloom
	if err := back.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !back.Has(k) {
			t.Fatalf("lost key %x", k)
		}
	}
	fp := 0
	for range n {
		if back.Has(r.Uint64()) {
			fp++
		}
	}
	if rate := float64(fp) / n; rate > 0.005 {
		t.Errorf("false positives %.4f, want at most 0.005", rate)
	}
	if err := back.UnmarshalBinary([]byte{1, 2, 3}); err == nil {
		t.Error("a malformed encoding decoded")
	}
}

func FuzzBloomUnmarshal(f *testing.F) {
	b := duplicate.NewBloom(10)
	b.Add(42)
	enc, _ := b.MarshalBinary()
	f.Add(enc)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var b duplicate.Bloom
		if b.UnmarshalBinary(data) == nil {
			b.Add(7)
			if !b.Has(7) {
				t.Fatal("a decoded set lost a key")
			}
		}
	})
}
