"""What kind of fact a question asks for (a year, a share, an amount) and whether a text can supply it.

Lexical matching cannot tell "When did Trump call Putin?" from "What year did Trump host Miss Universe?"
by topic alone; it can tell that the second asks for a year its best entry never gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.chinese import has_han, joined
from bot.core.text import fold

__all__ = [
    "SPECIFIC_SHAPES",
    "asked_kinds",
    "question_shape",
    "same_shape",
    "shapes_agree",
    "supplied_kinds",
]

# "two-thirds" is a share; the "third anniversary" is not.
_FRACTION = r"\b(two|one)-thirds?\b|\ba third of\b|\bhalf\b"
_UNITS = "second|minute|hour|day|week|month|year|decade"
# "may" is a month only before a day ("May 9"): "Trump may not fully back it" gives no date.
_MONTHS = r"january|february|march|april|may(?= \d)|june|july|august|september|october|november|december"


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    asked: re.Pattern[str]
    supplied: re.Pattern[str]
    asked_zh: re.Pattern[str] | None = None  # the same question asked in Chinese


# Chinese question words of each kind (the passages that supply them are the article's English).
_ZH_ASKED = {
    # Mandarin, then Cantonese (几时, 边年: "when", "which year" in Hong Kong).
    "date": "什么时候|啥时候|何时|哪天|哪一天|几号|哪年|哪一年|几月|哪个月|什么日子|日期|时间点"
    "|几时|边年|边一年|边日|边天",
    # "几时去莫斯科": going or coming still to come; "什么时候去过" (been) is past.
    "future date": "(?:什么时候|啥时候|何时|几时)(?:会|将|要|打算|(?:去|来)(?![^，。？?]*[过了]))",
    "year": "哪年|哪一年|什么年份|哪个年份|几几年|边年|边一年",
    "day": "哪天|哪一天|几号|几月几|具体日期",
    "month": "几月|哪个月",
    "age": "多大年纪|几岁|多少岁|年龄|多大了",
    # 会谈, 会议, 会见 ("talks", "a meeting") are things, not "will".
    # 之后会 ("will ... afterwards"): what is still to come. 会不会 is also "could it be" (会不会只是因为).
    "prediction": "^(?:那|所以)?(?:会(?![谈议见面晤])|将会)|(?:未来|以后|将来|之后|今后|往后)会",
    "share": "百分之|百分比|比例|占多少|几成",
    "amount": "多少|(?<!哪)几个|多大|总共|数量|金额|总额|几多",  # 哪几个 asks which ones, not how many
    "time of day": "几点",
    # 原文 also names the original article ("原文是哪天发表的"): only its wording asked is a quote.
    "quote": "原话|逐字|一字不差|原文(?:怎么|点|里|中|说)",
    "duration": "多久|多长时间|多少年|几年了|持续了|几耐",
    "length": "(?:打|谈|开|聊|持续|进行)了?多久|多少分钟|几个小时|几分钟",
    "reaction": "回应|反应|怎么回|回复|反驳",
    # "跟谁打的电话" asks whom he called, which the article says.
    "initiator": "(?<![跟和给与同找])谁(?:先|主动|首先)(?:打|拨|联系|给|找|约|发起)|谁给谁"
    "|(?<![跟和给与同找])谁(?:打|拨)(?:给|了)?谁|(?:谁|哪一?方)(?:发起|主动)",
}


_ENGLISH_KINDS = (
    _Kind(
        "date",
        re.compile(r"\b(what|which|in what) (year|date|month|day)\b|\bwhen (did|was|were|will|is|does)\b"),
        re.compile(
            rf"\b(1[89]|20)\d\d\b|\b({_MONTHS})\b"
            r"|\b(anniversary|(first|second|his|last) term|before|after|ago)\b"
            rf"|\bsince ((19|20)\d\d|{_MONTHS}|the|his|her|their)\b"  # not "since then"
        ),
    ),
    _Kind(
        # A report says what happened; "when will they meet" needs a date still to come.
        "future date",
        re.compile(
            r"\bwhen (will|shall)\b|\bwhen (is|are|do|does) [a-z' -]{1,40} (going|expected|due|planned)\b"
            # "when is Putin coming to the US": an arrangement still to come
            r"|\bwhen (is|are) [a-z' -]{1,40} (coming|visiting|heading|travell?ing|arriving|signing)\b"
            r"|\b(what|which) (date|day|month|year) (will|shall)\b"  # "on what date will Trump visit"
        ),
        re.compile(
            rf"\b(scheduled|planned for|upcoming|next (week|month|year))\b"
            rf"|\bwill [a-z ]{{1,20}}? (in|on|by) ({_MONTHS}|(19|20)\d\d)\b"
        ),
    ),
    _Kind(
        "year",
        re.compile(r"\b(what|which|in what) year\b"),
        re.compile(r"\b(1[89]|20)\d\d\b"),
    ),
    _Kind(
        # "What date was the meeting?" wants the day itself, not "recently" or "after the call".
        "day",
        re.compile(
            r"\b(what|which|on what) (exact )?(date|day)\b|\bexact (date|day)\b"
            r"|\bwhen exactly\b|\bexactly when\b"
        ),
        re.compile(rf"\b({_MONTHS}) \d{{1,2}}\b|\b\d{{1,2}} ({_MONTHS})\b"),
    ),
    _Kind(
        "month",
        re.compile(r"\b(what|which|in what) month\b"),
        re.compile(rf"\b({_MONTHS})\b"),
    ),
    _Kind(
        "age",
        re.compile(r"\bhow old\b|\bwhat age\b|\bage of\b"),
        re.compile(r"\b\d+[- ]years?[- ]old\b|\baged? \d+\b|\b(\d+|eighty|ninety) years\b"),
    ),
    _Kind(
        "prediction",
        re.compile(r"^\W*((so|and|but|ok|okay) )?will\b|\bwhat will\b"),
        re.compile(r"\b(will|likely|unlikely|expected|may|might|could|would|probably|future)\b"),
    ),
    _Kind(
        "share",
        re.compile(r"\b(percent|percentage|proportion|what share|what fraction)\b|%"),
        re.compile(rf"%|\bpercent|{_FRACTION}"),
    ),
    _Kind(
        "amount",
        # "what discount does Russia give": how big a discount ("at what price" may be "cheap")
        re.compile(
            r"\bhow (much|many|big|large)\b|\b(total|amount|number of)\b|\bwhat (discount|markdown)s?\b"
        ),
        # A quantity, not any digit: "February 12" is a date, not an amount.
        re.compile(
            r"[$£€]\s?\d|\d\s*(%|billion|million|thousand|bn|percent)|\d+-(minute|hour|day|year)|"
            rf"\b\d+ (years|minutes|countries|percent)\b|{_FRACTION}|\b(eighty|ninety)\b"
        ),
    ),
    _Kind(
        "time of day",
        re.compile(r"\b(what|which|at what) (time|hour)\b"),
        re.compile(
            r"\b\d{1,2}(:\d\d)? ?([ap]m|[ap]\.m)\b|\b\d{1,2}:\d\d\b|o'?clock"
            r"|\b(morning|evening|midnight|noon)\b"
        ),
    ),
    _Kind(
        "duration",
        re.compile(r"\bhow long\b|\bfor how many\b"),
        re.compile(
            rf"\b\d+[- ]({_UNITS})s?\b|\b(decades?|years|months|weeks|long time|longstanding|long-standing)\b"
            r"|\b(since|until|lasted)\b"
        ),
    ),
    _Kind(
        # How long an event lasted ("how long was the meeting", "how long did the call last"): a length of
        # minutes or hours, not how long a state has held ("known him a long time", "decades of policy").
        "length",
        re.compile(
            r"\bhow long (was|were|will be|did|is) [a-z' -]{0,40}?\b(call|calls|meeting|meetings|conversation"
            r"|talks?|visit|trip|summit|interview|speech|session|phone)\b"
            r"|\bhow many (minutes|hours)\b"
        ),
        re.compile(r"\b\d+[- ](second|minute|hour)s?\b|\b(minutes|hours)\b|\blasted\b"),
    ),
    _Kind(
        "reaction",
        re.compile(
            r"\b(respond|responded|response|react|reacted|reaction|reply|replied|say back|hit back)\b"
        ),
        re.compile(r"\b(respon\w*|react\w*|repl\w*|object\w*|dismiss\w*|rebuff\w*|pushed back)\b"),
    ),
    _Kind(
        # Who made the first move: "who called whom", "who asked for the meeting". The article says a call
        # or meeting took place, not at whose request; an entry that says who reached out gives it.
        "initiator",
        re.compile(
            r"\bwho (called|rang|phoned|rung|contacted|dialed|dialled) (who|whom)\b"
            r"|\bwho (called|rang|phoned|reached out|made contact) first\b"
            r"|\bwho (reached out|made the first move)\b"
            # "did putin call trump or did trump call putin": either way round is asked
            r"|\b(?P<one>[a-z]+) (call|called|rang|ring|phoned|phone) (?P<other>[a-z]+) or (did )?(?P=other) "
            r"(call|called|rang|ring|phoned|phone) (?P=one)\b"
            r"|\bwho (initiated|placed|requested|arranged|asked for|set up|started|proposed|made) the "
            r"([a-z0-9]+ ){0,3}(call|meeting|talks|conversation|summit|interview)\b"
        ),
        re.compile(r"\b(initiat\w*|reached out|at [a-z']+ (request|invitation)|requested|invited)\b"),
    ),
    _Kind(
        # Someone's very words: a passage that quotes them gives them ("what were Rubio's exact words");
        # one that reports them in its own words doesn't ("the exact wording of the UN resolution").
        "quote",
        re.compile(
            r"\bexact (words?|wording|quote|phrase|phrasing)\b|\bword for word\b|\bverbatim\b"
            r"|\b(direct|full) quote\b|\bquote (exactly|directly)\b|\bin (his|her|their) own words\b"
        ),
        re.compile(r'"[^"]{12,}"'),  # folded: typographic quotation marks are plain ones
    ),
)


_KINDS = tuple(
    _Kind(k.name, k.asked, k.supplied, re.compile(_ZH_ASKED[k.name]) if k.name in _ZH_ASKED else None)
    for k in _ENGLISH_KINDS
)


def asked_kinds(question: str) -> frozenset[str]:
    """Kinds of fact `question` asks for: a date, year, day, age, prediction, amount, duration, reaction..."""
    text = fold(question)
    if text.isascii():  # no Chinese to look for: most questions, and every English phrasing indexed
        return frozenset(k.name for k in _KINDS if k.asked.search(text))
    chinese = joined(text)  # Chinese arrives split into words: "什么 时候" is "什么时候"
    return frozenset(
        k.name for k in _KINDS if k.asked.search(text) or (k.asked_zh and k.asked_zh.search(chinese))
    )


def supplied_kinds(text: str) -> frozenset[str]:
    """Kinds of fact `text` can supply."""
    folded = fold(text)
    return frozenset(k.name for k in _KINDS if k.supplied.search(folded))


# The shape of a question: which question word it asks with ("why did the US refuse..." and "did the US
# refuse..." share every content word and ask different things). The first one a text has decides.
_SHAPES = re.compile(
    r"\b(?:(how (?:much|many))|(how long)|(how old)|(who|whom|whose)|(when)|(where)|(why)|(how)"
    r"|(which)|(what)"
    r"|(whether))\b"
)
_SHAPE_NAMES = ("amount", "duration", "age", "who", "when", "where", "why", "how", "which", "what", "yes-no")
# Question words that say on their own what is wanted; "what" and yes-no questions need their words too.
SPECIFIC_SHAPES = frozenset({"amount", "duration", "age", "who", "when", "where", "why", "how", "which"})
_YES_NO = re.compile(r"^(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might)\b")
_ZH_SHAPES = (
    ("amount", "多少|几多|(?<!哪)几个"),
    ("duration", "多久|多长时间|几耐"),
    ("age", "几岁|多大年纪"),
    ("who", "谁|哪位|哪些人|边个"),
    ("when", "什么时候|啥时候|何时|哪年|哪一年|哪天|哪一天|几时|边年"),
    ("where", "哪里|哪儿|在哪|何处|边度"),
    ("why", "为什么|为何|为啥|凭什么|点解"),
    ("how", "怎么|怎样|如何|点样"),
    ("which", "哪[一几]?[个些家国所间种类款次场届项条份部本篇句张]|边间"),  # 哪 and a measure word
    ("what", "什么|啥|哪|咩|乜"),
    ("yes-no", "吗|是否|是不是|有没有|会不会|能不能|嘛|冇"),
)


def question_shape(text: str) -> str:
    """The question word a normalized question (or a facet: "why the US refused...") asks with: "who",
    "why", "amount"..., "yes-no" for "did/is ..." and "whether ...", "" when it has none ("nixon photo")."""
    if has_han(text):
        chinese = joined(text)
        return next((name for name, words in _ZH_SHAPES if re.search(words, chinese)), "")
    found = _SHAPES.search(text)
    if found:
        return _SHAPE_NAMES[found.lastindex - 1] if found.lastindex else ""
    return "yes-no" if _YES_NO.match(text) else ""


def same_shape(a: str, b: str) -> bool:
    """Whether two question words ask the same: "which" and "what" both ask to identify something ("which
    AI translator", "what AI translator"). Only "which" says so on its own (SPECIFIC_SHAPES): "what" also
    asks what someone said or thinks."""
    return a == b or {a, b} == {"what", "which"}


def shapes_agree(asked: str, facet: str) -> bool:
    """Whether a question of shape `asked` asks what a facet of shape `facet` names: the same question
    word; "what" or "which" also asks a yes-no question ("did Xi say anything" is "what Xi said"); a
    question with no question word could ask anything."""
    return (
        not asked
        or not facet
        or same_shape(asked, facet)
        or (facet in ("what", "which") and asked == "yes-no")
    )
