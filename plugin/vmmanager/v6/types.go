package v6

import (
	"encoding/json"
	"strconv"
)

// flexID is an id the panel sends as a number or a string.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexID(n.String())
	return nil
}

// repoName is a repository the panel sends as a name or as {"name": ...}.
type repoName string

func (r *repoName) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*r = repoName(o.Name)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*r = repoName(s)
	return nil
}

// hostJSON is one item of GET /vm/v3/host.
type hostJSON struct {
	ID    flexID `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	IP4   []struct {
		IP string `json:"ip"`
	} `json:"ip4"`
	OS struct {
		ID flexID `json:"id"`
	} `json:"os"`
	OSName    string `json:"os_name"`
	CPUNumber int    `json:"cpu_number"`
	RAMMiB    int    `json:"ram_mib"`
	Disk      struct {
		DiskMiB int `json:"disk_mib"`
	} `json:"disk"`
}

// osJSON is one item of GET /vm/v3/os.
type osJSON struct {
	ID         flexID   `json:"id"`
	Name       string   `json:"name"`
	Repository repoName `json:"repository"`
	State      string   `json:"state"`
}

// createJSON is the body of POST /vm/v3/host.
type createJSON struct {
	Name      string `json:"name"`
	OS        int    `json:"os"`
	Password  string `json:"password"`
	Preset    string `json:"preset,omitempty"`
	Account   string `json:"account,omitempty"`
	Cluster   int    `json:"cluster,omitempty"`
	CPUNumber int    `json:"cpu_number,omitempty"`
	RAMMiB    int    `json:"ram_mib,omitempty"`
	HDDMiB    int    `json:"hdd_mib,omitempty"`
}

// reinstallJSON is the body of POST /vm/v3/host/{id}/reinstall.
type reinstallJSON struct {
	OS       int    `json:"os"`
	Password string `json:"password"`
}

// taskAnswer is what long operations return.
type taskAnswer struct {
	ID   flexID `json:"id"`
	Task flexID `json:"task"`
}

// taskJSON is one item of GET /vm/v3/task. Public sources show id,
// consul_id, name and status; what a failed task says is not documented,
// so output is read as any JSON value.
type taskJSON struct {
	ID       flexID          `json:"id"`
	ConsulID flexID          `json:"consul_id"`
	Name     string          `json:"name"`
	Status   string          `json:"status"`
	Output   json.RawMessage `json:"output"`
}

// maxTaskOutput bounds the task output carried in an error.
const maxTaskOutput = 1024

// output is the task's output as text: a JSON string as is, anything else
// as its JSON, cut to maxTaskOutput bytes.
func (t taskJSON) output() string {
	var s string
	if json.Unmarshal(t.Output, &s) != nil {
		s = string(t.Output)
		if s == "null" {
			s = ""
		}
	}
	if len(s) > maxTaskOutput {
		s = s[:maxTaskOutput] + "…"
	}
	return s
}

// atoiOS turns a template id into the number the API wants.
func atoiOS(id string) (int, error) { return strconv.Atoi(id) }
