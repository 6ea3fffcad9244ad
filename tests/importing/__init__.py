"""Tests of session import and export (DESIGN.md §8)."""
