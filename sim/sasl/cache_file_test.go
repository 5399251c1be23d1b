package sasl_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/sessionscope/sessionscope/sim/sasl"
)

// filled returns a cache holding a derivation and a verification.
func filled(t *testing.T) (*sasl.Cache, *accounts) {
	t.Helper()
	acc := fixture(t)
	cache := sasl.NewCache(8)
	if _, err := cache.NewCredentials("secret", []byte("salt"), 4096); err != nil {
		t.Fatal(err)
	}
	if !login(t, sasl.Config{Accounts: acc, Cache: cache}, "romeo", "secret") {
		t.Fatal("login failed")
	}
	return cache, acc
}

func TestCacheExportImport(t *testing.T) {
	cache, acc := filled(t)
	data := cache.Export()
	if bytes.Contains(data, []byte("secret")) {
		t.Fatal("the export holds the password")
	}
	fresh := sasl.NewCache(8)
	if err := fresh.Import(data); err != nil {
		t.Fatal(err)
	}
	if fresh.Len() != 2 || fresh.Adds() != 2 {
		t.Errorf("Len %d, Adds %d after import, want 2 and 2", fresh.Len(), fresh.Adds())
	}
	if !bytes.Equal(fresh.Export(), data) {
		t.Error("a re-export differs: the order of use was not kept")
	}
	// The imported verification is a hit: with ServerKey broken only a
	// remembered login can succeed.
	tamper(acc)
	if !login(t, sasl.Config{Accounts: acc, Cache: fresh}, "romeo", "secret") {
		t.Error("the imported verification was not used")
	}
	got, _ := fresh.NewCredentials("secret", []byte("salt"), 4096)
	want, _ := sasl.NewCredentials("secret", []byte("salt"), 4096)
	if !reflect.DeepEqual(got, want) {
		t.Error("imported credentials differ")
	}
	if fresh.Adds() != 2 {
		t.Error("an imported derivation was derived again")
	}
}

func TestCacheImportRefusesDamage(t *testing.T) {
	cache, _ := filled(t)
	good := cache.Export()
	cases := map[string][]byte{
		"empty":       nil,
		"magic only":  []byte("SSCACHE1"),
		"truncated":   good[:len(good)-1],
		"wrong magic": append([]byte("XSCACHE1"), good[8:]...),
	}
	for i := range good {
		flipped := bytes.Clone(good)
		flipped[i] ^= 0x20
		cases[fmt.Sprintf("flip byte %d", i)] = flipped
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			c := sasl.NewCache(8)
			if err := c.Import(data); !errors.Is(err, sasl.ErrCacheFile) {
				t.Errorf("err = %v, want ErrCacheFile", err)
			}
			if c.Len() != 0 {
				t.Error("damaged data added entries")
			}
		})
	}
}

func TestCacheImportKeepsSize(t *testing.T) {
	big := sasl.NewCache(8)
	for _, salt := range []string{"a", "b", "c"} {
		if _, err := big.NewCredentials("pw", []byte(salt), 4096); err != nil {
			t.Fatal(err)
		}
	}
	small := sasl.NewCache(2)
	if err := small.Import(big.Export()); err != nil {
		t.Fatal(err)
	}
	if small.Len() != 2 {
		t.Fatalf("Len = %d, want 2", small.Len())
	}
	// The oldest ("a") was pushed out; the two newest are hits.
	before := small.Adds()
	for _, salt := range []string{"c", "b"} {
		_, _ = small.NewCredentials("pw", []byte(salt), 4096)
	}
	if small.Adds() != before {
		t.Error("a newest entry was not kept")
	}
	_, _ = small.NewCredentials("pw", []byte("a"), 4096)
	if small.Adds() != before+1 {
		t.Error("the oldest entry was kept")
	}
}

func FuzzCacheImport(f *testing.F) {
	c := sasl.NewCache(4)
	_, _ = c.NewCredentials("pw", []byte("salt"), 4096)
	f.Add(c.Export())
	f.Add([]byte("SSCACHE1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := sasl.NewCache(4)
		if err := c.Import(data); err != nil {
			if c.Len() != 0 {
				t.Fatal("a refused import added entries")
			}
			return
		}
		// What was accepted exports again and imports the same.
		again := sasl.NewCache(4)
		if err := again.Import(c.Export()); err != nil || !bytes.Equal(again.Export(), c.Export()) {
			t.Fatalf("re-import: %v", err)
		}
	})
}
