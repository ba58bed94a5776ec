package xml_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"osaddon/internal/golden"
	"osaddon/xml"
)

var sampleVMs = []xml.VMElem{
	{ID: "7", Name: "web & db", IP: "10.0.0.7", VMI: "ISPsystem__CentOS-7-amd64", State: "on", VCPU: 2, Mem: 2048, VSize: 20480},
	{ID: "8", Name: "win", IP: "10.0.0.8", VMI: "Windows-Server-2008-R2", OSTemplate: "Windows-Server-2008-R2", State: "off", VCPU: 4, Mem: 4096, VSize: 40960},
	{ID: "9", Name: "new", State: "off", VCPU: 1, Mem: 512, VSize: 5120, Installing: true},
}

var sampleOS = []xml.OSElem{
	{ID: "1", Name: "ISPsystem__CentOS-7-amd64", State: "active"},
	{ID: "2", Name: "Windows-Server-2008-R2", State: "active"},
}

func encode(t *testing.T, fn func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenRoundTrip(t *testing.T) {
	t.Run("auth", func(t *testing.T) {
		doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeAuth(b, xml.Auth{Key: "a1b2c3"}) })
		golden.Compare(t, "auth.xml", doc)
		got, err := xml.DecodeAuth(bytes.NewReader(doc), xml.Limits{})
		if err != nil || got.Key != "a1b2c3" {
			t.Fatalf("DecodeAuth = %+v, %v", got, err)
		}
	})
	t.Run("vm", func(t *testing.T) {
		doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeVMList(b, sampleVMs) })
		golden.Compare(t, "vm.xml", doc)
		var got []xml.VMElem
		err := xml.DecodeVMList(bytes.NewReader(doc), xml.Limits{}, func(v xml.VMElem) error {
			got = append(got, v)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(sampleVMs) {
			t.Fatalf("got %d vms, want %d", len(got), len(sampleVMs))
		}
		for i := range got {
			if got[i] != sampleVMs[i] {
				t.Errorf("vm %d = %+v, want %+v", i, got[i], sampleVMs[i])
			}
		}
	})
	t.Run("osmgr", func(t *testing.T) {
		doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeOSList(b, sampleOS) })
		golden.Compare(t, "osmgr.xml", doc)
		got, err := xml.DecodeOSList(bytes.NewReader(doc), xml.Limits{})
		if err != nil || len(got) != 2 || got[1] != sampleOS[1] {
			t.Fatalf("DecodeOSList = %+v, %v", got, err)
		}
	})
	t.Run("created", func(t *testing.T) {
		doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeCreated(b, "123") })
		golden.Compare(t, "created.xml", doc)
		id, err := xml.DecodeCreated(bytes.NewReader(doc), xml.Limits{})
		if err != nil || id != "123" {
			t.Fatalf("DecodeCreated = %q, %v", id, err)
		}
	})
	t.Run("ok", func(t *testing.T) {
		doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeOK(b) })
		golden.Compare(t, "ok.xml", doc)
		if err := xml.DecodeOK(bytes.NewReader(doc), xml.Limits{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("error", func(t *testing.T) {
		want := xml.PanelError{Type: "auth", Object: "session", Msg: "Session expired <again>"}
		doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeError(b, want) })
		golden.Compare(t, "error.xml", doc)
		got, err := xml.DecodeError(bytes.NewReader(doc), xml.Limits{})
		if err != nil || *got != want {
			t.Fatalf("DecodeError = %+v, %v", got, err)
		}
	})
}

func TestErrorDocumentEverywhere(t *testing.T) {
	doc := `<doc><error type="missed" object="elid"><msg>No such VM</msg></error></doc>`
	want := &xml.PanelError{Type: "missed", Object: "elid", Msg: "No such VM"}
	check := func(name string, err error) {
		t.Helper()
		var pe *xml.PanelError
		if !errors.As(err, &pe) || *pe != *want {
			t.Errorf("%s: err = %v, want %v", name, err, want)
		}
	}
	r := func() *strings.Reader { return strings.NewReader(doc) }
	_, err := xml.DecodeAuth(r(), xml.Limits{})
	check("auth", err)
	check("vm", xml.DecodeVMList(r(), xml.Limits{}, func(xml.VMElem) error { return nil }))
	_, err = xml.DecodeOSList(r(), xml.Limits{})
	check("osmgr", err)
	_, err = xml.DecodeCreated(r(), xml.Limits{})
	check("created", err)
	check("ok", xml.DecodeOK(r(), xml.Limits{}))
	// A bare-text error, as older panels write it.
	pe, err := xml.DecodeError(strings.NewReader(`<doc><error type="value"> bad vmi </error></doc>`), xml.Limits{})
	if err != nil || pe.Msg != "bad vmi" || pe.Type != "value" {
		t.Errorf("bare error = %+v, %v", pe, err)
	}
}

func TestVMListFieldsAndUnknowns(t *testing.T) {
	doc := `<?xml version="1.0"?><!-- list --><doc><tparams><x/></tparams>
<elem><id>1</id><name>a</name><vmi>tpl</vmi><ostemplate>other</ostemplate><unknown><deep>x</deep></unknown><installing/></elem>
</doc>`
	var got []xml.VMElem
	err := xml.DecodeVMList(strings.NewReader(doc), xml.Limits{}, func(v xml.VMElem) error {
		got = append(got, v)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := xml.VMElem{ID: "1", Name: "a", VMI: "tpl", OSTemplate: "other", Installing: true}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestMalformed(t *testing.T) {
	full := string(encode(t, func(b *bytes.Buffer) error { return xml.EncodeVMList(b, sampleVMs) }))
	cases := []struct {
		name string
		doc  string
		lim  xml.Limits
		// seen is how many elems reach the callback before the error.
		seen      int
		wantLimit string
	}{
		{name: "empty", doc: ""},
		{name: "truncated after two elems", doc: full[:strings.Index(full, `<elem><id>9`)+5], seen: 2},
		{name: "truncated mid tag", doc: full[:len(full)-4], seen: 3},
		{name: "garbage", doc: "<html><body>502 Bad Gateway</body></html>"},
		{name: "not xml", doc: "{\"list\":[]}"},
		{name: "mismatched", doc: "<doc><elem><id>1</name></elem></doc>"},
		{name: "bad integer", doc: "<doc><elem><id>1</id><vcpu>two</vcpu></elem></doc>"},
		{name: "too large", doc: full, lim: xml.Limits{MaxBytes: 100}, wantLimit: "max_bytes"},
		{name: "token too long", doc: "<doc><elem><name>" + strings.Repeat("x", 100) + "</name></elem></doc>", lim: xml.Limits{MaxTokenLen: 10}, wantLimit: "max_token_len"},
		{name: "too deep", doc: "<doc><elem><a><b><c/></b></a></elem></doc>", lim: xml.Limits{MaxDepth: 3}, wantLimit: "max_depth"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seen := 0
			err := xml.DecodeVMList(strings.NewReader(tc.doc), tc.lim, func(xml.VMElem) error {
				seen++
				return nil
			})
			if err == nil {
				t.Fatal("no error")
			}
			if seen != tc.seen {
				t.Errorf("callback saw %d elems, want %d", seen, tc.seen)
			}
			if tc.wantLimit != "" {
				var le *xml.LimitError
				if !errors.As(err, &le) || le.Limit != tc.wantLimit {
					t.Fatalf("err = %v, want limit %s", err, tc.wantLimit)
				}
				return
			}
			var se *xml.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %T %v, want *SyntaxError", err, err)
			}
			if se.Offset < 0 || se.Offset > int64(len(tc.doc)) {
				t.Errorf("offset %d outside the document", se.Offset)
			}
		})
	}
}

func TestCallbackErrorStops(t *testing.T) {
	doc := encode(t, func(b *bytes.Buffer) error { return xml.EncodeVMList(b, sampleVMs) })
	stop := errors.New("stop")
	n := 0
	err := xml.DecodeVMList(bytes.NewReader(doc), xml.Limits{}, func(xml.VMElem) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Fatalf("err = %v after %d, want stop after 1", err, n)
	}
}
