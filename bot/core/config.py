"""The matcher's tuning in one frozen value, passed to `Matcher(knowledge, config)`.

Every number that changes which questions get answered lives here, with why it is what it is, so that
calibration and experiments can try other values without editing the matcher (as rapidfuzz takes
`scorer=` and `score_cutoff=`). Bounds on work (how many candidates are scored) stay in matcher.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["DEFAULT_CONFIG", "MatcherConfig"]

# How much each rule (bot/core/rules.py) lowers the score of an entry that cannot give what is asked.
# 0.6 takes even a perfect match (1.0) below the threshold: a rule that applies means "not this entry".
# `person` only hints (the people named may be in another entry's words about the same event).
_FACTORS = {
    "not_answered": 0.6,  # the question is closer to a facet the entry doesn't answer than to its phrasings
    "off_subject": 0.6,  # a name or measure neither the article nor the FAQ knows
    "kind": 0.6,  # a kind of fact (a year, a figure, a duration) the entry never gives
    "speaker": 0.6,  # someone's words where the entry quotes someone else
    "person": 0.8,  # people the entry never mentions
    "year": 0.6,  # a year the entry doesn't cover
    "thing": 0.6,  # "which city", "the name of": a thing the entry never names
    "who": 0.6,  # "who initiated the call" of an entry that never says who initiated anything
    "agent": 0.6,  # "who accused Russia" of an entry that says only that Russia "was accused"
    "verdict": 0.6,  # "should", "is he right": a judgement the article leaves to its sources
    "detail": 0.6,  # "the exact wording", "who else": more detail than the entry's curated question promises
    "later": 0.6,  # "did he end up...", "has it happened yet": what came after the article
    "earlier": 0.6,  # "what did Welle do before LSE": what came before the role the article gives
    "began": 0.6,  # "when did Rubio become secretary of state": the start of what the article reports
    "background": 0.6,  # "where did Allin get his doctorate": a life beyond the role the article gives
    "proven": 0.6,  # "did Russia actually meddle": whether an accusation it reports was true
    "direction": 0.6,  # "does Russia sell chips to China" of an entry where China sells them to Russia
    "about": 0.6,  # "what did X say about Y": Y is not what the entry's words are about
}


@dataclass(frozen=True, slots=True)
class MatcherConfig:
    """Scores are in 0..1. Set on the development sets, checked on held-out and trap sets."""

    threshold: float = 0.64  # below this the best entry shares too little with the question to answer it
    sure: float = 0.85  # at or above this, answer even when a related entry is close behind
    margin: float = 0.04  # the clear-winner rule: how far ahead of the runner-up the best must be
    suggest_floor: float = 0.2  # suggestions below this are noise, not "did you mean"
    on_subject: float = 0.5  # a best match this good before the rules is about the article's subject
    curated_ratio: int = 80  # "whats this article about" is the curated "what is this article about"
    vague_weight: float = 1.5  # a question weighing less is one common word ("china"): suggest, don't guess
    # Platt scaling of the best match score into the chance its answer is right: eval/calibrate.py, fitted
    # on dev, heldout{,2..7} and train/trap-a (1,490 questions), checked on heldout8.
    calibration: tuple[float, float] = (16.08, -10.89)
    coverage_weight: float = 0.45  # an entry must know what the question is about...
    keyword_weight: float = 0.35  # ...and one curated phrasing should say it...
    fuzzy_weight: float = 0.20  # ...in roughly the same words and order
    query_recall_beta: float = 1.0  # a phrasing must be covered as well as the question
    min_weight: float = 1.0  # even the commonest word ("Russia") costs something when it is missing
    chatter_weight: float = 1.0  # an unknown word from the CHATTER list ("role", "hearing")
    # An ordinary word the FAQ never uses weighs by its rarity in English (wordfreq's Zipf scale, 0..8):
    # "interpreters" (3.1) is what a question is about, "done" (6.0) is not.
    unknown_weight_max: float = 3.5
    unknown_weight_slope: float = 1.0  # weight gained per Zipf point below `common_zipf`
    common_zipf: float = 6.5  # a word at least this common weighs `chatter_weight`
    short_question_words: int = 5  # content words up to which an unknown word costs full weight
    everyday_zipf: float = 5.0  # this common in English, a word ties a question only if the article has it
    real_word_zipf: float = 3.0  # a word this common in English is never taken for a slip of another one
    dropped_g_gap: float = 1.5  # "talkin" is "talking" when that is this much commoner ("thin" is no "thing")
    typo_cutoff: float = 0.75  # OSA similarity: one slip in a 4-letter word ("raod") is 0.75
    misspelt_cutoff: float = 0.7  # two slips in a 6+ letter word: "artical" for "article"
    factors: Mapping[str, float] = field(default_factory=lambda: MappingProxyType(dict(_FACTORS)))

    def factor(self, rule: str) -> float:
        return self.factors[rule]


DEFAULT_CONFIG = MatcherConfig()
