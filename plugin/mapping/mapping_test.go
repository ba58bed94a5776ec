package mapping_test

import (
	"errors"
	"reflect"
	"testing"

	"osaddon/plugin/catalog"
	"osaddon/plugin/mapping"
)

func osAddon() catalog.Addon {
	return catalog.Addon{
		InternalName: "ostempl", BillingType: catalog.BillingOrder, Default: "free",
		Values: []catalog.Value{
			{InternalName: "free", DisplayName: "Free OS"},
			{InternalName: "ISPsystem__Windows-2022", DisplayName: "Windows Server 2022"},
			{InternalName: "win2019", DisplayName: "Windows Server 2019"},
		},
	}
}

func newMapper(t *testing.T, cfg mapping.Config) *mapping.Mapper {
	t.Helper()
	m, err := mapping.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMapSeedRules(t *testing.T) {
	cfg := mapping.DefaultConfig()
	cfg.Aliases = map[string]string{
		"ISPsystem__Windows-2019-amd64":    "win2019",
		"ISPsystem__Windows-2019-ru-amd64": "win2019",
		"ISPsystem__Windows-2016":          "win2016", // not a value of the add-on
		"ISPsystem__Windows-2022":          "win2019", // loses to the exact match
	}
	m := newMapper(t, cfg)
	tests := []struct {
		name     string
		template string
		want     mapping.Result
	}{
		{
			"If the client selects the OS which internal name matches the internal name of the enumeration value, the price of the selected operating system will be added to the order price.",
			"ISPsystem__Windows-2022",
			mapping.Result{Template: "ISPsystem__Windows-2022", Value: "ISPsystem__Windows-2022", Match: mapping.MatchExact},
		},
		{
			"Make sure that the internal name of the enumeration matches the internal name of the corresponding OS template: case matters",
			"ispsystem__windows-2022",
			mapping.Result{Template: "ispsystem__windows-2022", Value: "free", Match: mapping.MatchDefault},
		},
		{
			"If the client selects an operating system which is not present in the list of possible values for the \"Operating system\", the default value will be applied.",
			"ISPsystem__Debian-12",
			mapping.Result{Template: "ISPsystem__Debian-12", Value: "free", Match: mapping.MatchDefault},
		},
		{
			"empty template falls to the default value",
			"",
			mapping.Result{Template: "", Value: "free", Match: mapping.MatchDefault},
		},
		{
			"alias maps several templates to one licence",
			"ISPsystem__Windows-2019-ru-amd64",
			mapping.Result{Template: "ISPsystem__Windows-2019-ru-amd64", Value: "win2019", Match: mapping.MatchAlias},
		},
		{
			"alias to a value the add-on lacks falls to the default value",
			"ISPsystem__Windows-2016",
			mapping.Result{Template: "ISPsystem__Windows-2016", Value: "free", Match: mapping.MatchDefault},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Map(osAddon(), tt.template); got != tt.want {
				t.Errorf("Map(%q) = %+v, want %+v", tt.template, got, tt.want)
			}
		})
	}
}

func TestIsCommercialDefaults(t *testing.T) {
	m := newMapper(t, mapping.DefaultConfig())
	for template, want := range map[string]bool{
		"ISPsystem__Windows-2019-amd64": true,
		"ISPsystem__RHEL-9":             true,
		"custom__Red Hat Enterprise 8":  true,
		"ISPsystem__SLES-15":            true,
		"suse__SUSE-Linux-Enterprise":   true,
		"ISPsystem__CloudLinux-8":       true,
		"ISPsystem__Debian-12":          false,
		"ISPsystem__Ubuntu-24.04":       false,
		"ISPsystem__AlmaLinux-9":        false,
		"ISPsystem__openSUSE-Leap":      false,
	} {
		if got := m.IsCommercial(template); got != want {
			t.Errorf("IsCommercial(%q) = %v, want %v", template, got, want)
		}
	}
	off := newMapper(t, mapping.Config{CommercialPatterns: []string{}})
	if off.IsCommercial("Windows") {
		t.Error("an empty pattern list still flags Windows")
	}
}

func TestLint(t *testing.T) {
	cfg := mapping.DefaultConfig()
	cfg.Aliases = map[string]string{"ISPsystem__Windows-2019-amd64": "win2019", "ISPsystem__Windows-2016": "win2016"}
	cfg.FreeTemplates = []string{"ISPsystem__Windows-2022-Trial"}
	m := newMapper(t, cfg)
	addon := osAddon()
	addon.Values = append(addon.Values, catalog.Value{InternalName: "ISPsystem__RHEL_9"})
	templates := []string{
		"ISPsystem__Windows-2022",       // exact: fine
		"ISPsystem__Windows-2019-amd64", // alias: fine
		"ISPsystem__Windows-2025",       // commercial, default
		"ISPsystem__RHEL-9",             // commercial, default, and a near miss of ISPsystem__RHEL_9
		"ISPsystem__Debian-12",          // free, default: fine
		"ISPsystem__Windows-2025",       // duplicate input
		"FREE",                          // near miss of "free", but free anyway
		"ISPsystem__Windows-2022-Trial", // commercial-looking, default, free on purpose: fine
	}
	got := m.Lint(addon, templates)
	want := []mapping.Finding{
		{Kind: mapping.KindAliasUnknownValue, Template: "ISPsystem__Windows-2016", Value: "win2016"},
		{Kind: mapping.KindCommercialDefault, Template: "ISPsystem__RHEL-9", Value: "free"},
		{Kind: mapping.KindCommercialDefault, Template: "ISPsystem__Windows-2025", Value: "free"},
		{Kind: mapping.KindNearMiss, Template: "ISPsystem__RHEL-9", Value: "ISPsystem__RHEL_9"},
	}
	for i := range got {
		if got[i].Message == "" {
			t.Errorf("finding %d has no message", i)
		}
		got[i].Message = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lint() =\n%+v\nwant\n%+v", got, want)
	}
	if again := m.Lint(addon, templates); len(again) != len(want) {
		t.Errorf("Lint is not deterministic: %d then %d findings", len(got), len(again))
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		patterns int
		aliases  int
		err      error
		message  string
	}{
		{name: "empty document keeps defaults", yaml: "", patterns: len(mapping.DefaultCommercialPatterns)},
		{name: "aliases", yaml: "aliases:\n  Windows-2019-amd64: win2019\n  Windows-2019-ru-amd64: win2019\n",
			patterns: len(mapping.DefaultCommercialPatterns), aliases: 2},
		{name: "patterns replace defaults", yaml: "commercial_patterns: [windows]\n", patterns: 1},
		{name: "empty pattern list turns the check off", yaml: "commercial_patterns: []\n", patterns: 0},
		{name: "unknown key", yaml: "alias: {}\n", err: mapping.ErrConfig},
		{name: "not yaml", yaml: "aliases: [\n", err: mapping.ErrConfig},
		{name: "empty alias value", yaml: "aliases: {Windows-2019: ''}\n", err: mapping.ErrEmptyName,
			message: `mapping: aliases: "Windows-2019": empty value name`},
		{name: "empty alias template", yaml: "aliases: {'': win2019}\n", err: mapping.ErrEmptyName},
		{name: "bad pattern", yaml: "commercial_patterns: ['win(']\n", err: mapping.ErrPattern},
		{name: "empty pattern", yaml: "commercial_patterns: ['']\n", err: mapping.ErrPattern,
			message: "mapping: commercial_patterns[0]: empty"},
		{name: "free templates", yaml: "free_templates: [ISPsystem__Windows-2022-Trial]\n", patterns: len(mapping.DefaultCommercialPatterns)},
		{name: "empty free template", yaml: "free_templates: ['']\n", err: mapping.ErrEmptyName,
			message: "mapping: free_templates[0]: empty template name"},
		{name: "free template twice", yaml: "free_templates: [W-Trial, W-Trial]\n", err: mapping.ErrDuplicate,
			message: `mapping: free_templates[1]: "W-Trial" is listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := mapping.ParseConfig([]byte(tt.yaml))
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseConfig() error = %v, want %v", err, tt.err)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("message %q, want %q", err, tt.message)
			}
			if tt.err != nil {
				return
			}
			if len(cfg.CommercialPatterns) != tt.patterns || len(cfg.Aliases) != tt.aliases {
				t.Errorf("got %d patterns and %d aliases", len(cfg.CommercialPatterns), len(cfg.Aliases))
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add("aliases:\n  Windows-2019-amd64: win2019\ncommercial_patterns: [windows, 'red ?hat']\n")
	f.Add("commercial_patterns: ['(']\n")
	f.Add("aliases: {'': x}\n")
	f.Add("free_templates: [ISPsystem__Windows-2022-Trial, '']\n")
	f.Add("- 1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, doc string) {
		cfg, err := mapping.ParseConfig([]byte(doc))
		if err != nil {
			return
		}
		m, err := mapping.New(cfg)
		if err != nil {
			t.Fatalf("ParseConfig accepted what New refuses: %v", err)
		}
		addon := osAddon()
		for template := range cfg.Aliases {
			if got := m.Map(addon, template); got.Value == "" {
				t.Fatalf("Map(%q) gave no value", template)
			}
		}
		_ = m.Lint(addon, []string{"ISPsystem__Windows-2025", "FREE"})
	})
}
