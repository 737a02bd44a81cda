// Command ssa-peer is the client-go peer of vzmc's server-side apply benchmark
// (bench/ssa-apply.bench.ts): it server-side-applies the ConfigMaps of a JSON file (an array of
// objects, as the benchmark gives the k8s adapter) through client-go's typed clientset, with a
// fixed number of requests in flight and the field manager it is given, as a controller built on
// client-go would. It prints one JSON line: how many it applied, how long it took, and the CPU
// time this process used meanwhile (getrusage, user + system), so the benchmark can set vzmc's
// client cost per apply beside client-go's. Reading the file and building the client are not
// counted. The benchmark builds it into its cache with the Go toolchain; it is not part of vzmc.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// result is the line the benchmark reads.
type result struct {
	Applied         int64   `json:"applied"`
	Errors          int64   `json:"errors"`
	TooManyRequests int64   `json:"tooManyRequests"`
	WallMs          float64 `json:"wallMs"`
	CPUMs           float64 `json:"cpuMs"`
	FirstError      string  `json:"firstError,omitempty"`
}

func cpuMs() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e6
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server to apply to")
	file := flag.String("file", "", "JSON array of the ConfigMaps to apply")
	concurrency := flag.Int("concurrency", 32, "requests in flight")
	fieldManager := flag.String("field-manager", "vzmc-bench", "the apply's field manager")
	flag.Parse()

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fail(err)
	}
	// No client-side rate limit: the concurrency bound is the only throttle, as on vzmc's side.
	config.QPS = -1
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		fail(err)
	}
	text, err := os.ReadFile(*file)
	if err != nil {
		fail(err)
	}
	var objects []*corev1ac.ConfigMapApplyConfiguration
	if err := json.Unmarshal(text, &objects); err != nil {
		fail(err)
	}

	var applied, errors, tooMany atomic.Int64
	var firstError atomic.Value
	work := make(chan *corev1ac.ConfigMapApplyConfiguration)
	var wg sync.WaitGroup
	ctx := context.Background()
	options := metav1.ApplyOptions{FieldManager: *fieldManager}
	cpu0, start := cpuMs(), time.Now()
	for i := 0; i < *concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for object := range work {
				_, err := clientset.CoreV1().ConfigMaps(*object.Namespace).Apply(ctx, object, options)
				switch {
				case err == nil:
					applied.Add(1)
				case apierrors.IsTooManyRequests(err):
					tooMany.Add(1)
					errors.Add(1)
				default:
					firstError.CompareAndSwap(nil, err.Error())
					errors.Add(1)
				}
			}
		}()
	}
	for _, object := range objects {
		work <- object
	}
	close(work)
	wg.Wait()
	out := result{
		Applied:         applied.Load(),
		Errors:          errors.Load(),
		TooManyRequests: tooMany.Load(),
		WallMs:          float64(time.Since(start).Nanoseconds()) / 1e6,
		CPUMs:           cpuMs() - cpu0,
	}
	if first, ok := firstError.Load().(string); ok {
		out.FirstError = first
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}
