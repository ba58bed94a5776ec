package vmfake_test

import (
	"context"
	"testing"

	"osaddon/internal/testlog"
	"osaddon/plugin/vmmanager"
	"osaddon/testharness/vmfake"
)

// BenchmarkListVMs lists 100,000 generated VMs through each adapter over
// loopback HTTP.
func BenchmarkListVMs(b *testing.B) {
	vms := vmfake.GenerateVMs(100_000, 1)
	for _, a := range adapters {
		b.Run(a.name, func(b *testing.B) {
			f := a.fake(b)
			if err := f.AddVMs(vms); err != nil {
				b.Fatal(err)
			}
			e := &env{fake: f, log: &testlog.Buffer{}}
			p := e.panelFor(b, f.Config())
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				if err := p.ListVMs(context.Background(), func(vmmanager.VM) error { n++; return nil }); err != nil || n != len(vms) {
					b.Fatalf("listed %d: %v", n, err)
				}
			}
		})
	}
}

func TestGenerateVMsIsSeeded(t *testing.T) {
	a, b, c := vmfake.GenerateVMs(50, 7), vmfake.GenerateVMs(50, 7), vmfake.GenerateVMs(50, 8)
	same := func(x, y []vmfake.VM) bool {
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	if !same(a, b) || same(a, c) {
		t.Error("GenerateVMs is not determined by its seed")
	}
}
