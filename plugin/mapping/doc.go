// Package mapping decides which enumeration value of the "Operating
// system" add-on an OS template maps to, and lints the mapping for
// commercial templates that would be given away.
//
// Template names arrive already normalised by the VMmanager adapter: for
// VMmanager 6 that is "<repository>__<template>", with a hyphen in the
// repository name turned into a space. This package compares the names it
// is given and never rewrites them.
package mapping
