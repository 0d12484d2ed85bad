"""Benchmarks for issue 5, run by `make bench`: scripts that print figures, not tests."""
