"""The statistics page: the month's anonymised report as the coordinator will
read it, with its charts, and sending it."""
