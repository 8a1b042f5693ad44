package queue

import "testing"

func TestName(t *testing.T) {
	if Name == "" {
		t.Fatal("no name")
	}
}
