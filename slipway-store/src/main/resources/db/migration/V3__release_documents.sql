-- The release as the runner that executes it keeps it (issue 5: the server runs releases from the database): the
-- whole request, what ran before, the options and the result, as one JSON document. A restarted server or a new
-- leader re-plans an in-flight release from it exactly as it was first planned, then resumes it from the journal.
-- Null for a release stored without one.
ALTER TABLE releases ADD COLUMN document VARCHAR;
