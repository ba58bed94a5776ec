// Package layering holds only a test: the import rules between the
// project's packages, checked with go list, so a seam cannot erode
// unnoticed.
package layering
