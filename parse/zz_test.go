package parse

import (
	"os"
	"testing"
)

func BenchmarkZZParse(b *testing.B) {
	src, _ := os.ReadFile("/dev/shm/clone/articles/00000_3000000.md")
	b.SetBytes(int64(len(src)))
	var p Parser
	for b.Loop() {
		p.Parse("a/00000_3000000.md", src)
	}
}
