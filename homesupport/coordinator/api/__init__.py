"""The sync protocol v1 (DESIGN.md §6)."""
