package main

import (
	"net/http"

	"example.com/builds/jobs/internal/queue"
)

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(queue.Name)) })
	http.ListenAndServe(":8080", nil)
}
