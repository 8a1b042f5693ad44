module example.com/socks/api

go 1.22
