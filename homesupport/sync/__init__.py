"""Sending monthly reports to the coordinator service."""
