package storage_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/hackpadfs"
	"github.com/hack-pad/hackpadfs/mem"
	osfs "github.com/hack-pad/hackpadfs/os"
	"github.com/sessionscope/sessionscope/sim/storage"
)

// BenchmarkOfflineStore appends one 1 KB message to a queue that already
// holds 10, 1,000 or 10,000, in memory (the page) and on disk (listen
// -data). An append writes one line, so its cost does not grow with the
// queue.
func BenchmarkOfflineStore(b *testing.B) {
	m := storage.OfflineMessage{Stanza: "<message to='bob@localhost' type='chat'><body>" + strings.Repeat("x", 1000) + "</body></message>", When: time.Unix(0, 0).UTC()}
	for _, kind := range []string{"mem", "os"} {
		for _, held := range []int{10, 1000, 10000} {
			b.Run(kind+"/queue="+strconv.Itoa(held), func(b *testing.B) {
				st := storage.New(benchFS(b, kind))
				for range held {
					if err := st.AppendOffline("localhost", "bob", m, 1<<30); err != nil {
						b.Fatal(err)
					}
				}
				b.ResetTimer()
				for range b.N {
					if err := st.AppendOffline("localhost", "bob", m, 1<<30); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func benchFS(b *testing.B, kind string) hackpadfs.FS {
	if kind == "mem" {
		fsys, err := mem.NewFS()
		if err != nil {
			b.Fatal(err)
		}
		return fsys
	}
	root := osfs.NewFS()
	dir, err := root.FromOSPath(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	sub, err := root.Sub(dir)
	if err != nil {
		b.Fatal(err)
	}
	return sub
}
