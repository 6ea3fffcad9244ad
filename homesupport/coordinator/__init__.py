"""The coordinator service: receives monthly reports and publishes totals."""
