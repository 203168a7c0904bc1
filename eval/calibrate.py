"""Fit the matcher's confidence calibration (Platt scaling) on question files; print the constants.

    python eval/calibrate.py ../shared/eval/dev.txt eval/heldout{,2,3,4,5,6,7}.txt --check eval/heldout8.txt

Fits P(the best entry's answer is right | its match score) on the given files, where "right" means the
graders' test passes for an [in] line and never for [off]/[near] lines, then prints a reliability table
for the --check file so the fit is judged on questions it was not fitted on.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from bot.core import Matcher, default_knowledge_dir, load_knowledge
from bot.core.evaluation import grader_fold, load_questions


def samples(matcher: Matcher, path: Path) -> list[tuple[float, int]]:
    out = []
    for item in load_questions(path):
        ranked = matcher.rank(item.question)
        if not ranked:
            continue
        entry = ranked[0].entry
        hay = grader_fold(" ".join([entry.answer, *(c.quote for c in entry.citations[:3])]))
        right = item.section == "in" and any(grader_fold(p) in hay for p in item.phrases)
        out.append((ranked[0].score, int(right)))
    return out


def fit(data: list[tuple[float, int]], steps: int = 50) -> tuple[float, float]:
    """Platt scaling by Newton's method: the slope and intercept that maximize the likelihood."""
    slope, intercept = 1.0, 0.0
    for _ in range(steps):
        g_slope = g_intercept = h_ss = h_si = h_ii = 0.0
        for x, y in data:
            p = 1 / (1 + math.exp(-(slope * x + intercept)))
            w = p * (1 - p)
            g_slope += (p - y) * x
            g_intercept += p - y
            h_ss += w * x * x
            h_si += w * x
            h_ii += w
        det = h_ss * h_ii - h_si * h_si
        if det <= 1e-12:
            break
        slope -= (h_ii * g_slope - h_si * g_intercept) / det
        intercept -= (h_ss * g_intercept - h_si * g_slope) / det
    return slope, intercept


def log_loss(data: list[tuple[float, int]], slope: float, intercept: float) -> float:
    """Mean negative log-likelihood of the outcomes under a calibration: lower fits better."""
    total = 0.0
    for x, y in data:
        p = min(1 - 1e-9, max(1e-9, 1 / (1 + math.exp(-(slope * x + intercept)))))
        total -= math.log(p if y else 1 - p)
    return total / max(1, len(data))


def reliability(data: list[tuple[float, int]], slope: float, intercept: float) -> None:
    bins: dict[int, list[float]] = {}
    for x, y in data:
        p = 1 / (1 + math.exp(-(slope * x + intercept)))
        row = bins.setdefault(min(9, int(p * 10)), [0.0, 0.0, 0.0])
        row[0] += y
        row[1] += 1
        row[2] += p
    for b in sorted(bins):
        right, n, predicted = bins[b]
        band = f"{b / 10:.1f}-{(b + 1) / 10:.1f}"
        print(f"  {band}: predicted {predicted / n:.2f}, actual {right / n:.2f}, n={n:.0f}")


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    matcher = Matcher(load_knowledge(default_knowledge_dir()))
    data = [s for f in args.files for s in samples(matcher, f)]
    slope, intercept = fit(data)
    print(f"calibration=({slope:.2f}, {intercept:.2f})  # MatcherConfig, fitted on {len(data)} questions")
    if args.check:
        print(f"reliability on {args.check}:")
        reliability(samples(matcher, args.check), slope, intercept)


if __name__ == "__main__":
    main()
