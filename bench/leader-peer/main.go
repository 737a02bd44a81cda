// Command leader-peer is the real peer of vzmc's failover benchmark (bench/failover.bench.ts): a
// candidate in a Lease election run by client-go's k8s.io/client-go/tools/leaderelection, with the
// timings it is given. It prints one JSON line per event on stdout ("campaigning", "new leader",
// "started leading", "stopped leading"), each with the wall-clock time it happened, and exits 1
// when it stops leading, as a controller built on RunOrDie does. The benchmark builds it into its
// cache with the Go toolchain; it is not part of vzmc.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

// emit prints one event as a JSON line: {"time": RFC 3339 with nanoseconds, "msg": event, ...}.
func emit(event string, fields map[string]string) {
	line := map[string]string{"time": time.Now().UTC().Format(time.RFC3339Nano), "msg": event}
	for key, value := range fields {
		line[key] = value
	}
	text, _ := json.Marshal(line)
	fmt.Println(string(text))
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server that holds the Lease")
	namespace := flag.String("namespace", "default", "the Lease's namespace")
	name := flag.String("name", "leader-peer", "the Lease's name")
	identity := flag.String("identity", "", "this candidate's identity")
	leaseDuration := flag.Duration("lease-duration", 15*time.Second, "LeaderElectionConfig.LeaseDuration")
	renewDeadline := flag.Duration("renew-deadline", 10*time.Second, "LeaderElectionConfig.RenewDeadline")
	retryPeriod := flag.Duration("retry-period", 2*time.Second, "LeaderElectionConfig.RetryPeriod")
	flag.Parse()

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: *namespace, Name: *name},
		Client:     kubernetes.NewForConfigOrDie(config).CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: *identity},
	}
	emit("campaigning", map[string]string{"identity": *identity})
	leaderelection.RunOrDie(context.Background(), leaderelection.LeaderElectionConfig{
		Lock:          lock,
		LeaseDuration: *leaseDuration,
		RenewDeadline: *renewDeadline,
		RetryPeriod:   *retryPeriod,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(ctx context.Context) {
				emit("started leading", map[string]string{"identity": *identity})
				<-ctx.Done()
			},
			OnStoppedLeading: func() {
				emit("stopped leading", map[string]string{"identity": *identity})
				os.Exit(1)
			},
			OnNewLeader: func(leader string) {
				emit("new leader", map[string]string{"leader": leader})
			},
		},
	})
}
