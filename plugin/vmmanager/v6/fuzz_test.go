package v6

import (
	"errors"
	"strings"
	"testing"
)

var jsonSeeds = []string{
	`{"list":[{"id":7,"name":"web","state":"active","ip4":[{"ip":"10.0.0.7"}],"os":{"id":1},"os_name":"CentOS-7-amd64","cpu_number":2,"ram_mib":2048,"disk":{"disk_mib":20480}}],"size":1}`,
	`{"list":[{"id":"3","name":"Windows-2019-amd64","repository":"my-repo","state":"active"},{"id":4,"repository":{"name":"ISPsystem"}}]}`,
	`{"size":0,"list":[]}`,
	`{"list":[{"id":1,`,
	`{"code":3001,"msg":"Unauthorized","value":null}`,
	`[]`, ``, `{"list":{}}`,
	`{"size":"many","list":[{"id":3,"consul_id":"70021","name":"host_stop","status":"fail","output":{"error":"x"}}]}`,
}

// fuzzList checks that decodeList either succeeds or fails with an error
// the client classifies as malformed, and never panics.
func fuzzList[T any](t *testing.T, body string) {
	_, err := decodeList(strings.NewReader(body), func(T) error { return nil })
	if err != nil && !isMalformed(err) {
		t.Fatalf("unexpected error %T: %v", err, err)
	}
}

func FuzzDecodeHostList(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) { fuzzList[hostJSON](t, body) })
}

func FuzzDecodeTaskList(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		_, err := decodeList(strings.NewReader(body), func(tk taskJSON) error { _ = tk.output(); return nil })
		if err != nil && !isMalformed(err) {
			t.Fatalf("unexpected error %T: %v", err, err)
		}
	})
}

func FuzzDecodeOSList(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) { fuzzList[osJSON](t, body) })
}

func TestDecodeListStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	info, err := decodeList(strings.NewReader(jsonSeeds[0]), func(hostJSON) error { return stop })
	if info.Items != 1 || !errors.As(err, &cbError{}) {
		t.Fatalf("info=%+v err=%v", info, err)
	}
}

func TestDecodeListTypes(t *testing.T) {
	var got []osJSON
	_, err := decodeList(strings.NewReader(jsonSeeds[1]), func(o osJSON) error {
		got = append(got, o)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].ID != "3" || got[0].Repository != "my-repo" || got[1].ID != "4" || got[1].Repository != "ISPsystem" {
		t.Errorf("got %+v", got)
	}
}
