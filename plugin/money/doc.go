// Package money holds exact amounts of money in an ISO 4217 currency.
//
// Amounts are shopspring decimals; a float never holds money. The
// currency's minor unit (EUR 2, JPY 0, KWD 3) comes from
// golang.org/x/text/currency, not from a table kept here.
//
// Rounding is half-up: away from zero at exactly .5 of the minor unit.
// It happens at these points only, and never on intermediate values:
//
//  1. Money.Round: once per charge or refund, after the whole amount has
//     been computed exactly (an order price, a renewal price).
//  2. Money.MulFrac: once per prorated charge or refund; the fraction
//     amount × num / den is rounded directly, without dividing first.
//  3. Money.String: display only; it never changes a stored amount.
//
// Prices from the catalog keep their full precision (up to
// MaxFractionDigits) until one of these points.
package money
