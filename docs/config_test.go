package docs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"osaddon/plugin/config"
)

// exampleConfig is the example config file the README shows.
const exampleConfig = "../plugin/config/testdata/example.yaml"

// loadConfig writes text to a 0600 file and loads it with the module's
// loader, as pmosaddon --config does.
func loadConfig(t *testing.T, where, text string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pmosaddon.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Errorf("%s: the module refuses it: %v", where, err)
	}
	return cfg
}

// TestConfigExamplesLoad loads every YAML example of docs/CONFIG.md and
// the example file with the module's own loader.
func TestConfigExamplesLoad(t *testing.T) {
	n := 0
	for _, b := range readBlocks(t, "CONFIG.md") {
		if b.lang() == "yaml" && !b.fragment() {
			loadConfig(t, fmt.Sprintf("CONFIG.md:%d", b.line), b.text)
			n++
		}
	}
	if n == 0 {
		t.Fatal("CONFIG.md has no YAML example")
	}
	data, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	loadConfig(t, exampleConfig, string(data))
}

// TestReadmeConfigIsTheExampleFile: the README's config snippet is the
// example file it cites, byte for byte, and so loads as it does.
func TestReadmeConfigIsTheExampleFile(t *testing.T) {
	data, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	var snippet *block
	for _, b := range readBlocks(t, "../README.md") {
		if b.lang() == "yaml" && strings.Contains(b.text, "connections:") {
			snippet = &b
			break
		}
	}
	if snippet == nil {
		t.Fatal("README.md has no config snippet")
	}
	if snippet.text != string(data) {
		t.Errorf("README.md:%d: the config snippet differs from %s; copy the file into the README", snippet.line, exampleConfig)
	}
	loadConfig(t, "README.md", snippet.text)
}

// TestConfigDocHasEveryKey: every key the loader knows has a row (or a
// mention in backquotes, or a section) in docs/CONFIG.md, so a new key cannot go
// undocumented.
func TestConfigDocHasEveryKey(t *testing.T) {
	data, err := os.ReadFile("CONFIG.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, key := range yamlKeys(reflect.TypeOf(config.Config{}), "") {
		leaf := key[strings.LastIndex(key, ".")+1:]
		if !strings.Contains(doc, "`"+leaf+"`") && !strings.Contains(doc, "\n## "+leaf+"\n") {
			t.Errorf("CONFIG.md does not describe %s", key)
		}
	}
}

// yamlKeys lists the YAML keys of a struct type, dotted, lists marked [].
func yamlKeys(typ reflect.Type, prefix string) []string {
	var out []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		key := prefix + name
		out = append(out, key)
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft, key = ft.Elem(), key+"[]"
		}
		if ft.Kind() == reflect.Struct && ft.PkgPath() != "time" {
			out = append(out, yamlKeys(ft, key+".")...)
		}
	}
	return out
}
