"""The coordinator's dashboard: server-rendered HTML, no JavaScript, fi/sv/en."""
