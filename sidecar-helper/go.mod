module podvisor.dev/sidecar-helper

go 1.22
