package ledger_test

import (
	"context"
	"testing"

	"osaddon/rpc"
	"osaddon/testharness/ledger"
)

func TestMoveOnlyWhenTheModulesActionsWentThrough(t *testing.T) {
	ctx := context.Background()
	l := seedOne(t, "5.00", "0")
	big := testTariff()
	big.ID = "vps-big"
	must(t, l.PutTariff(ctx, big))
	// The account cannot pay the move's charge: the service stays.
	unpaid := changeAction("42", "r1", "free", "win", winCharge("10.00"), nil, notifyAdmin())
	rep, moved, err := l.Move(ctx, "42", "vps-big", 12, []rpc.Action{unpaid}, applyAt)
	must(t, err)
	checkOutcome(t, rep, 0, ledger.InsufficientFunds)
	if svc, _ := l.Service(ctx, "42"); moved || svc.TariffID == "vps-big" {
		t.Fatalf("moved %v, service %+v", moved, svc)
	}
	before, err := l.Service(ctx, "42")
	must(t, err)
	// A move without money: applied.
	rep, moved, err = l.Move(ctx, "42", "vps-big", 12, nil, applyAt)
	must(t, err)
	svc, err := l.Service(ctx, "42")
	must(t, err)
	if !moved || len(rep.Results) != 0 || svc.TariffID != "vps-big" || svc.PeriodMonths != 12 || svc.Revision != before.Revision+1 {
		t.Fatalf("moved %v, service %+v", moved, svc)
	}
	if _, _, err := l.Move(ctx, "42", "nope", 1, nil, applyAt); err == nil {
		t.Fatal("a move to an unknown tariff went through")
	}
}
