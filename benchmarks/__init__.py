"""Benchmark commands (`make bench-...`): they print figures; they are never timed tests."""
