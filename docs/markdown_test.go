// Package docs_test runs the examples of the documents in this folder and
// of the README against the real code: a doc that drifts fails a test.
package docs_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// block is one fenced code block of a Markdown file.
type block struct {
	info string // the fence's info string, e.g. "json" or "json fragment"
	text string
	line int // the line of its opening fence, 1-based
}

// fragment reports whether the block is marked as a part of a message,
// shown for its shape and not executed.
func (b block) fragment() bool {
	return strings.Contains(" "+b.info+" ", " fragment ")
}

// lang is the block's language: the info string's first word.
func (b block) lang() string {
	lang, _, _ := strings.Cut(b.info, " ")
	return lang
}

// readBlocks returns the fenced code blocks of the Markdown file at path.
func readBlocks(t *testing.T, path string) []block {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		out  []block
		cur  *block
		body strings.Builder
	)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &block{info: strings.TrimSpace(strings.TrimPrefix(trimmed, "```")), line: n}
			body.Reset()
		case cur != nil && trimmed == "```":
			cur.text = body.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if cur != nil {
		t.Fatalf("%s:%d: a code block is never closed", path, cur.line)
	}
	return out
}

// findBlock returns the last block of the Markdown file at path for which
// match holds, and fails the test, naming what, when there is none.
func findBlock(t *testing.T, path, what string, match func(block) bool) block {
	t.Helper()
	var found *block
	for _, b := range readBlocks(t, path) {
		if match(b) {
			found = &b
		}
	}
	if found == nil {
		t.Fatalf("%s has no %s", path, what)
	}
	return *found
}
