module example.com/ledger/tools

go 1.22

require github.com/golangci/golangci-lint v1.59.0
