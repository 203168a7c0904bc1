"""Speed, accuracy and start-up benchmarks: `python -m benchmarks [--quick]` (not part of CI)."""
