"""MatcherConfig.calibration must fit the scores the matcher gives now (eval/calibrate.py refits it)."""

from __future__ import annotations

from pathlib import Path

from bot.core import Matcher
from bot.core.config import DEFAULT_CONFIG
from eval.calibrate import fit, log_loss, samples

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "eval" / f"heldout{n}.txt" for n in ("", 2, 3, 4, 5, 6, 7)] + [ROOT / "eval/train/trap-a.txt"]


def test_the_calibration_fits_the_current_scores(matcher: Matcher) -> None:
    data = [s for path in FILES for s in samples(matcher, path)]
    best = log_loss(data, *fit(data))
    # A scoring change that moves scores makes the shipped calibration fit measurably worse than a refit.
    assert log_loss(data, *DEFAULT_CONFIG.calibration) <= best * 1.05


def test_a_calibration_from_other_scores_is_caught(matcher: Matcher) -> None:
    data = [s for path in FILES for s in samples(matcher, path)]
    slope, intercept = DEFAULT_CONFIG.calibration
    assert log_loss(data, slope, intercept - 2.0) > log_loss(data, *fit(data)) * 1.05
