module podvisor.dev/bench/noop-webhook-go

go 1.26
