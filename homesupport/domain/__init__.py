"""Pure-Python core: codes, sessions, guides, statistics. Imports only the standard library."""
