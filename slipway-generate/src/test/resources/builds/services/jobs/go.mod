module example.com/builds/jobs

go 1.23.4
