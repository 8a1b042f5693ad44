package queue

// Name is the queue the jobs come from.
const Name = "jobs"
