// Package catalog holds what the billing core owns and sends to the
// module: tariffs with their "Operating system" add-on, enumeration values
// and prices, accounts and services.
//
// These are plain Go types; the wire layer converts to and from them.
// Validate methods check structure and name the bad field through a
// *FieldError. Price lookups fail with ErrPriceMissing when a value has
// no price for a period and currency, so an account in another currency
// is caught where it is priced.
package catalog
