package rpc

// Amount is a sum of money as a decimal string, such as "12.50" or "-0.10".
// It is a string on the wire so that no JSON parser turns it into a binary
// float; the digits are kept byte for byte ("0.10" stays "0.10"). Its
// currency travels beside it. The module parses it with exact decimals and
// refuses anything that is not a plain decimal.
type Amount string
