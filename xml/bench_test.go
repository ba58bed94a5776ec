package xml_test

import (
	"bytes"
	stdxml "encoding/xml"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"osaddon/xml"
)

var (
	benchDocOnce sync.Once
	benchDoc     []byte
)

// vmListDoc returns a deterministic func=vm answer with 100,000 VMs.
func vmListDoc(b *testing.B) []byte {
	b.Helper()
	benchDocOnce.Do(func() {
		var buf bytes.Buffer
		e := xml.NewVMListEncoder(&buf)
		for i := range 100_000 {
			id := strconv.Itoa(i + 1)
			vm := xml.VMElem{ID: id, Name: "vps" + id + ".example.com", IP: "10.1." + strconv.Itoa(i/256%256) + "." + strconv.Itoa(i%256),
				VMI: "ISPsystem__CentOS-7-amd64", State: "on", VCPU: 1 + i%8, Mem: 1024 * (1 + i%4), VSize: 20480}
			if i%10 == 0 {
				vm.VMI = "Windows-Server-2008-R2"
			}
			vm.Installing = i%97 == 0
			if err := e.Encode(vm); err != nil {
				b.Fatal(err)
			}
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		benchDoc = buf.Bytes()
	})
	return benchDoc
}

func decodeVMList(b *testing.B, doc []byte) {
	n := 0
	err := xml.DecodeVMList(bytes.NewReader(doc), xml.Limits{}, func(xml.VMElem) error {
		n++
		return nil
	})
	if err != nil || n != 100_000 {
		b.Fatalf("decoded %d: %v", n, err)
	}
}

func tokenLoop(b *testing.B, doc []byte) {
	d := stdxml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVMList decodes a 100,000-VM func=vm document, beside a bare
// encoding/xml Token loop over the same bytes.
func BenchmarkVMList(b *testing.B) {
	doc := vmListDoc(b)
	b.Run("DecodeVMList", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			decodeVMList(b, doc)
		}
	})
	b.Run("TokenLoop", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			tokenLoop(b, doc)
		}
	})
}

// BenchmarkVMListRatio times DecodeVMList and the bare Token loop in
// alternation and reports how many times slower the decoder is.
func BenchmarkVMListRatio(b *testing.B) {
	doc := vmListDoc(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	var decode, loop time.Duration
	for b.Loop() {
		start := time.Now()
		decodeVMList(b, doc)
		decode += time.Since(start)
		start = time.Now()
		tokenLoop(b, doc)
		loop += time.Since(start)
	}
	b.ReportMetric(float64(decode)/float64(loop), "x_vs_tokenloop")
}
