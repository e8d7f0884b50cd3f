// A no-op mutating admission webhook for bench/admission.ts (issue 12): allows every pod
// without a patch. It is the floor's control in Go's own HTTPS stack, as kruise-manager serves
// webhooks, beside the same no-op in Node (bench/noop-webhook-server.ts). Standard library only.
//
//	noop-webhook-go -cert FILE -key FILE [-h2] [-host 127.0.0.1] [-port 0]
//
// Prints "listening <port>" on stdout once it serves; on SIGTERM prints how many connections
// and requests it saw on stderr and exits. Without -h2 it offers HTTP/1.1 only over ALPN (as
// Node's https server does); with -h2 it offers h2, which the API server's client then uses.
package main

import (
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

type review struct {
	Request struct {
		UID string `json:"uid"`
	} `json:"request"`
}

func main() {
	cert := flag.String("cert", "", "PEM certificate file")
	key := flag.String("key", "", "PEM key file")
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "port (0: the kernel picks)")
	h2 := flag.Bool("h2", false, "offer HTTP/2 over ALPN")
	flag.Parse()
	pair, err := tls.LoadX509KeyPair(*cert, *key)
	if err != nil {
		fmt.Fprintf(os.Stderr, "noop-webhook-go: %v\n", err)
		os.Exit(2)
	}
	var connections, requests atomic.Int64
	server := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			body, _ := io.ReadAll(r.Body)
			var in review
			if err := json.Unmarshal(body, &in); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			out, _ := json.Marshal(map[string]any{
				"apiVersion": "admission.k8s.io/v1",
				"kind":       "AdmissionReview",
				"response":   map[string]any{"uid": in.Request.UID, "allowed": true},
			})
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(out)
		}),
		ConnState: func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				connections.Add(1)
			}
		},
	}
	protocols := []string{"http/1.1"}
	if *h2 {
		protocols = []string{"h2", "http/1.1"}
	} else {
		// A non-nil empty map turns HTTP/2 off.
		server.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
	server.TLSConfig = &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: protocols}
	listener, err := net.Listen("tcp", fmt.Sprintf("%s:%d", *host, *port))
	if err != nil {
		fmt.Fprintf(os.Stderr, "noop-webhook-go: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("listening %d\n", listener.Addr().(*net.TCPAddr).Port)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		fmt.Fprintf(os.Stderr, "noop-webhook-go: %d connections, %d requests\n", connections.Load(), requests.Load())
		os.Exit(0)
	}()
	if err := server.ServeTLS(listener, "", ""); err != nil && err != http.ErrServerClosed {
		fmt.Fprintf(os.Stderr, "noop-webhook-go: %v\n", err)
		os.Exit(1)
	}
}
