module example.com/trace/collector

go 1.22
