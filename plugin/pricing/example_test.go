package pricing_test

import (
	"fmt"

	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
)

// A client orders a VPS for a month with the Windows Server 2019 template.
func ExampleOrderPrice() {
	mapper, _ := mapping.New(mapping.DefaultConfig())
	tr := tariff()
	result := mapper.Map(tr.Addon, "win2019")
	price, err := pricing.OrderPrice(tr, result.Value, 1, eur, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(result.Match, result.Value, price)
	// Output: exact win2019 31.00 EUR
}

// The client reinstalls the VPS with Windows on March 17; synchronization
// charges the remaining 15 of March's 31 days.
func ExamplePlanChange() {
	c := change(march2026(), "free", "win2019", date(2026, 3, 17))
	c.Template = "win2019"
	plan, err := pricing.PlanChange(pricing.DefaultPolicy(), c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.Kind, plan.Amount, plan.Key)
	fmt.Println(plan.Explanation)
	// Output:
	// charge 15.00 EUR charge:svc-42:win2019:2026-03-01
	// win2019: free→win2019, (31.00 − 0.00) × 15/31 days = 15.00 → 15.00 EUR (half-up to 2 decimal places)
}
