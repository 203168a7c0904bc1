"""`python -m benchmarks._footprint DIR`: load and index DIR in this fresh process; print times and RSS."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.synthetic import load_large
from bot.core import Matcher


def _status_mb(field: str) -> float:
    # VmRSS: resident memory now; VmHWM: the process's peak so far (what ru_maxrss reports).
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(directory: Path) -> dict[str, float]:
    imported = _status_mb("VmRSS")
    start = time.perf_counter_ns()
    knowledge = load_large(directory)
    loaded = time.perf_counter_ns()
    after_load = {"rss_after_load_mb": _status_mb("VmRSS"), "peak_rss_during_load_mb": _status_mb("VmHWM")}
    matcher = Matcher(knowledge)
    built = time.perf_counter_ns()
    return {
        "entries": len(matcher.knowledge.entries),
        "load_ms": (loaded - start) / 1e6,
        "build_ms": (built - loaded) / 1e6,
        "rss_after_imports_mb": imported,
        **after_load,
        "rss_after_build_mb": _status_mb("VmRSS"),
        # VmHWM, not ru_maxrss: on Linux ru_maxrss also counts the parent's resident set at the fork.
        "peak_rss_mb": _status_mb("VmHWM"),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
