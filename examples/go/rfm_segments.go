// CSV to RFM segments from Go: segcore's C ABI called through cgo. Reads the events, builds
// one profile per customer, scores R, F and M, and prints each segment's customers and
// revenue, as examples/rfm_segments.c does.
//
//	go build -o rfm rfm_segments.go && ./rfm [data/online_retail_sample.csv]
//
// cgo finds segcore with pkg-config; docs/guides/go.md explains each step.
package main

/*
#cgo pkg-config: segcore
#include <stdlib.h>
#include <segcore_profile.h>
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"unsafe"
)

// Error is a failed segcore call: its status code and the library's message.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (%s)", e.Message, C.GoString(C.segcore_status_string(C.int(e.Status))))
}

// call runs one segcore call and reads its message on the same OS thread: the message is
// kept per thread, and a goroutine may move to another thread between two cgo calls.
func call(f func() C.int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if status := f(); status != C.SEGCORE_OK {
		return &Error{int(status), C.GoString(C.segcore_last_error_message())}
	}
	return nil
}

func main() {
	path := "data/online_retail_sample.csv"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := run(path); err != nil {
		fmt.Fprintln(os.Stderr, "rfm:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	// C strings for the path and the options, freed when run returns (segcore reads them
	// during the call only).
	names := []*C.char{C.CString(path), C.CString("CustomerID"), C.CString("InvoiceDate"),
		C.CString("Quantity"), C.CString("UnitPrice"), C.CString("InvoiceNo")}
	defer func() {
		for _, p := range names {
			C.free(unsafe.Pointer(p))
		}
	}()

	var csv C.segcore_csv_options
	if err := call(func() C.int { return C.segcore_csv_options_init(&csv, C.size_t(unsafe.Sizeof(csv))) }); err != nil {
		return err
	}
	csv.customer_col, csv.timestamp_col, csv.amount_col = names[1], names[2], nil
	csv.quantity_col, csv.price_col, csv.order_col = names[3], names[4], names[5]
	csv.mode = C.SEGCORE_INGEST_LENIENT
	csv.n_threads = 2

	var events *C.segcore_events
	if err := call(func() C.int { return C.segcore_events_read_csv(&events, names[0], &csv) }); err != nil {
		return err
	}
	defer C.segcore_events_destroy(events)

	var profiles *C.segcore_profiles
	if err := call(func() C.int { return C.segcore_profiles_build(&profiles, events, nil) }); err != nil {
		return err
	}
	defer C.segcore_profiles_destroy(profiles)

	var rfm *C.segcore_rfm
	if err := call(func() C.int { return C.segcore_rfm_score(&rfm, profiles, nil) }); err != nil {
		return err
	}
	defer C.segcore_rfm_destroy(rfm)

	var n C.size_t
	if err := call(func() C.int { return C.segcore_rfm_n_segments(rfm, &n) }); err != nil {
		return err
	}
	fmt.Printf("%-20s %9s %12s\n", "segment", "customers", "revenue")
	for k := C.size_t(0); k < n; k++ {
		var name [64]C.char
		var s C.segcore_segment_summary
		s.struct_size = C.size_t(unsafe.Sizeof(s))
		if err := call(func() C.int {
			if st := C.segcore_rfm_segment_name(rfm, k, &name[0], C.size_t(len(name)), nil); st != C.SEGCORE_OK {
				return st
			}
			return C.segcore_rfm_segment_summary(rfm, k, &s)
		}); err != nil {
			return err
		}
		if s.customers > 0 {
			fmt.Printf("%-20s %9d %12.2f\n", C.GoString(&name[0]), uint64(s.customers), float64(s.revenue))
		}
	}
	return nil
}
