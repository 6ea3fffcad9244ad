"""Use cases: what a supporter does, one unit of work each."""
