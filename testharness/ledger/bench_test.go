package ledger_test

import (
	"context"
	"testing"
)

// BenchmarkApply applies 10,000 changes with charges and refunds (2,500
// services, four changes each), one transaction per change, on a file with
// synchronous=FULL.
func BenchmarkApply(b *testing.B) {
	const services = 2500
	plan := planActions(services)
	changes := 4 * services
	for b.Loop() {
		b.StopTimer()
		l := openLedger(b)
		seedPlan(b, l, services)
		b.StartTimer()
		if _, err := l.Apply(context.Background(), plan, applyAt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(changes*b.N)/b.Elapsed().Seconds(), "changes/s")
}
