"""What an entry must give to answer a question, as one table of named rules.

Sharing words with a question is not answering it: "Who placed the February 12 call?" shares every word
but one with the entry about that call, which never says who placed it. Each rule looks at what the
question asks (`Asked`, read once per question), what an entry gives (`Gives`, read once at start-up)
and the curated phrasing that matched (`Matched`). A rule that applies lowers the entry's score by its
factor (`MatcherConfig.factors`); the names of the rules that applied are kept on the candidate for
`faqbot ask --explain`, and the first one's `missing` sentence tells the person what the article
doesn't say.

An entry "says" a word when its answer or passages have it, or when the curated phrasing that matched
asks about it: a curator's phrasing is a promise that the answer answers it. Other alternates of the
entry don't count, or an entry with many phrasings would seem to answer anything near its topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from bot.core.chinese import joined
from bot.core.text import stem

__all__ = ["KIND_GAPS", "RULES", "Asked", "Gives", "Matched", "Rule", "gap_note", "markers"]

_EMPTY: frozenset[str] = frozenset()
_EMPTY_TRADES: frozenset[tuple[str, str]] = frozenset()

# A judgement the article leaves to the people it quotes: "should Ukraine...", "is Rubio right", "was it a
# mistake". Emphasis ("did he really say") is not one: people add it to plain questions of fact.
_VERDICT = re.compile(
    r"^\W*should\b|\b(?:is|was|are|were) (?!(?:that|it|this) )[a-z]+ (?:right|wrong|correct)\b|\bmistakes?\b"
    r"|\b(?:is|was|are|were) (?:the |that )?[a-z]+ [a-z]+ (?:right|wrong|correct) (?:to|that|about|in)\b"
    r"|\b(?:better|worse) than\b|\b(?:good|bad) (?:idea|thing|move)\b|\bbias(?:ed)?\b|\b(?:over|under)rated\b"
    r"|\blying\b|\bbetray\w*|\bmore (?:dangerous|important|powerful)\b"
    # "is Zelensky really a dictator"; not "is this actually a new strategy" (the article's own question)
    r"|^(?:is|was|are|were) (?!(?:it|this|that)\b)[a-z ]+ (?:really|actually|truly) an?\b"
)
# More detail than a summary gives: "the exact figure", "who else attended", "which X specifically".
_DETAIL = re.compile(
    r"\bexact\b(?! (?:words?|wording|quote|phrase|phrasing)\b)|\b(?:in detail|full text)\b"  # words: a quote
    r"|\b(?:where|which) exactly\b"  # "when exactly" asks for the day (answer_kinds)
    # "which territories exactly", "what exactly did Biden promise" (what someone said is no more detail)
    r"|\b(?:which|what) (?!(?:did|does|do|is|was|are|were|has|have|had|he|she|they|to|about|of|for|in|on)\b)"
    r"(?:[a-z]+(?<!ed)(?<!happens) ){1,2}(?:exactly|specifically|precisely)\b"  # not "what happened exactly"
    r"|\bwhat exactly (?:did|does|do|would|will)\b(?!.*\b(?:say|said|tell|told|mean)\b)"
    r"|\b(?:who|anyone|anybody) else\b"  # "...or someone else?" only checks a fact
    r"|\b(?:which|who) [a-z]+ (?:besides|other than|apart from)\b"
    r"|^\W*name (?:the|all|them|some|every)\b|\bnames? (?:pls|plz|please)\b"  # "name the China hawks"
)
# The same asks in Chinese ("卢比奥说得对吗", "他的原话是什么", "还有谁"): "真的" alone only checks a fact.
_VERDICT_ZH = re.compile(
    "对不对|说得对|对吗|正确吗|错了吗|错没错|有没有道理|有道理吗|该不该|应不应该|应该.{0,8}吗|是好事|是坏事"
    "|值不值|值得吗|靠谱吗|可信吗|明智吗|高明吗|聪明吗|愚蠢|失误|错误吗|背叛"
)
_DETAIL_ZH = re.compile("完整版|全文|具体怎么说|还有谁|还有哪些人|除了.{1,12}还有")  # 原话: a quote kind
# Beyond what is named: "which other countries", "what else", "besides China" (not "each other"). A facet
# that asks this ("which components other than semiconductors") is not what a question without it asks.
_BEYOND = re.compile(
    r"\b(?:(?<!each )others?|else|besides|beyond|except|(?<!one )another"
    r"|apart from|aside from|in addition to)\b"
)
_BEYOND_ZH = re.compile("除了|其他|其它|别的|另外|以外|之外")
# What came of it after the article: "did Zelensky end up accepting", "has Putin visited yet", "were the
# peacekeepers eventually deployed", "has Putin visited the White House since the call", "the next UN
# vote", "did Rubio answer after?". Not "would Russia end up a vassal" (a prediction), "what did he say
# afterwards", "is it clear yet" (the state the article reports), nor a trend since a time the article
# gives ("has trade grown since 2022", "since then"): the article reports those.
_TREND = (
    r"grown|grow|grew|risen|rise|rose|fallen|fall|fell|dropped|increased|decreased|changed|developed"
    r"|evolved|improved|worsened|shifted|expanded|doubled|surged|climbed|gone|go|went|been|done|kept"
    r"|continued|stayed|remained"
)
_LATER = re.compile(
    r"^\W*(?:did|has|have|had)\b.*\b(?:yet|end(?:ed)? up|finally|eventually)\b"
    rf"|^\W*(?:did|has|have|had)\b(?!.*\b(?:{_TREND})\b).*\bsince (?!then\b)"
    r"|^\W*(?:was|were|is|are)\b.*\b(?:end(?:ed)? up|finally|eventually)\b"
    r"|\b(?:next|subsequent|follow-up) (?:un )?(?:vote|call|meeting|summit|round)\b|\bafter\W*$"
    # a yes-no question about a deed after the event the article reports: "did they meet afterwards"
    # (not "before or after the call", which asks the order of two things the article reports)
    r"|^\W*(?:did|has|have|had|was|were)\b.*\b(?:afterwards?|later on|since that"
    r"|(?<!before or )after (?:that|the (?:call|interview|meeting|vote|summit|talks))\b)"
    # the same asked after the event: "right after the putin call did trump ring zelensky"
    r"|^\W*(?:right |just |soon |shortly )?after (?:the|that|their|his) "
    r"(?:(?!(?:what|who|how|when|where|why|which)\b)[a-z0-9]+ ){1,5}?(?:did|has|have|had|was|were)\b"
    # "did they talk again", "was there a second call": another one, after the one the article reports
    r"|^\W*(?:did|has|have|had|was there|were there|is there)\b.*\b(?:again"
    r"|(?:another|second|2nd|follow up) (?:call|phone call|meeting|vote|summit|round|conversation))\b"
)
# What someone did before the role the article gives them ("what did Welle do before LSE", "Rubio's job
# before he was secretary of state"); not before a date or an event ("what did they do before 1972").
_EARLIER = re.compile(
    r"\bwhat (?:did|was|were)\b.*\b(?:do|job|work|role|position|career)\b.*\bbefore (?!\d)"
    r"|\bwhat (?:job|work|role|position|career|post)s? (?:did|was|were|had)\b.*\bbefore (?!\d)"
    r"|\b(?:job|work|role|position|career|background|post)s? before\b"
    r"|\bbefore (?:he|she|they) (?:became|was|were|joined|went|got)\b"
    r"|\bbefore (?:becoming|joining|teaching|working|taking)\b"
)
_EARLIER_ZH = re.compile(
    "(?:之前|以前|此前|早前)(?:是|在)?(?:做什么|干什么|做啥|干啥|的工作|的职务|的职位|担任)"
    "|(?:之前|以前|此前|早前)在[^，。？?]{0,8}(?:工作过|任职过|待过|做过)"  # "以前在哪些机构工作过"
)
# A person's life beyond the role the article gives them: "where did Allin get his doctorate", "is Yang
# Cheng married", "what books has Welle written". (Where someone teaches or works is the role itself.)
_BACKGROUND = re.compile(
    r"\b(?:was|were|is) [a-z ]{1,30} born\b|\bborn (?:in|where)\b"
    r"|\b(?:birthplace|grew up|nationality|background|studied|degree|doctorate|phd|education|educated"
    r"|alma mater|married|wife|husband|kids|children|hometown|salary|books?|publications?)\b"
)
_BACKGROUND_ZH = re.compile(
    "出生|出身|国籍|背景|学历|毕业|博士学位|学位|结婚|妻子|丈夫|孩子|子女|家乡|老家|薪水|工资|出版|著作|写过"
)
# When someone took up the role the article gives them, or something became what it reports: "when did
# Rubio become secretary of state". The article reports the state, not its start.
_BEGAN = re.compile(
    r"\bwhen (?:did|was|were|has|have)\b.*\b(?:become|became|join|joined|take office|took office"
    r"|appointed|elected|named|sworn in)\b"
)
_BEGAN_ZH = re.compile(
    "(?:什么时候|何时|哪一年|哪年|几时)(?:开始)?(?:成为|当上|当选|担任|上任|出任|加入|就任)"
)
# Whether something is really so: "did Russia actually meddle", "was it ever proven". Of an accusation
# the article reports, that is a verdict it leaves to the accusers and the accused (`_ACCUSATION`).
_REALLY = re.compile(
    r"^\W*(?:did|does|do|is|was|were|are|has|have|had)\b.*\b(?:actually|really|truly|in fact|for real)\b"
    r"(?! (?:say|said|tell|told|call|called|claim|claimed|mention|mentioned|write|wrote)\b)"  # words reported
    r"|\b(?:ever (?:been )?proven|proven|proved|guilty|real or|true or)\b"
)
_REALLY_ZH = re.compile("是不是真的|真的有|到底有没有|究竟有没有|确实有|属实|坐实|证实")
# What the article reports as an accusation, not a fact: "accused", "suspected", "allegations", "hoax".
_ACCUSATION = frozenset(stem(w) for w in "accused suspected alleged allegations hoax claimed".split())
# "通话之后普京去美国了吗": a yes-no question about what came after; not a trend ("之后贸易增加了吗").
_LATER_ZH = re.compile(
    "(?:后来|之后|此后|事后|随后|最终|最后|终于)(?!.*(?:增|减|涨|跌|升|降|变|多了|少了))"
    ".*(?:吗|有没有|是否|了没|没有[？?]?$)"
    "|下一次|下次|下一轮|再次(?:通话|见面|会面|投票)"  # the next one: "下一次见面会在哪里"
)
_MARKERS = (
    ("verdict", _VERDICT, _VERDICT_ZH),
    ("detail", _DETAIL, _DETAIL_ZH),
    ("beyond", _BEYOND, _BEYOND_ZH),
    ("later", _LATER, _LATER_ZH),
    ("earlier", _EARLIER, _EARLIER_ZH),
    ("really", _REALLY, _REALLY_ZH),
    ("began", _BEGAN, _BEGAN_ZH),
    ("background", _BACKGROUND, _BACKGROUND_ZH),
)


def markers(text: str) -> frozenset[str]:
    """The kinds of ask beyond a fact that normalized `text` makes: a verdict, more detail, something
    beyond what it names."""
    if text.isascii():  # no Chinese to look for
        found = frozenset(name for name, english, _ in _MARKERS if english.search(text))
        return found or _EMPTY
    chinese = joined(text)
    found = frozenset(name for name, english, zh in _MARKERS if english.search(text) or zh.search(chinese))
    return found or _EMPTY


@dataclass(frozen=True, slots=True)
class Asked:
    """What one question asks for, read once; each part can rule an entry out."""

    text: str  # normalized, for the fuzzy signal
    kinds: frozenset[str]  # kinds of fact wanted: a year, an amount, a duration (answer_kinds)
    things: frozenset[str]  # "which city", "the name of": what an entry must name to answer
    thing: str  # the first of those, as typed, for the honest reply
    off_subject: str  # a name or measure neither the article nor the FAQ has, as typed; "" if none
    speakers: frozenset[str]  # whose words are wanted (or a stranger's)
    speaker: str  # that person as typed, for the honest reply
    named: frozenset[str]  # people the question names
    years: frozenset[str]  # years the question names
    markers: frozenset[str]  # "verdict", "detail", "beyond", "later"
    about: frozenset[str]  # "what did X say about Y": Y's weightiest word
    topic: str  # Y as typed
    voice: frozenset[str] = _EMPTY  # a body whose words are asked for: "the Carnegie Endowment"
    body: frozenset[str] = _EMPTY  # a country whose words are asked for ("the Kremlin"): its people count
    action: frozenset[str] = _EMPTY  # "who initiated the call": what someone did, which the entry must say
    action_text: str = ""  # "initiated the call", as typed
    agent: frozenset[str] = _EMPTY  # "who accused Russia...": the deed whose doer is asked for ("accus")
    shape: str = ""  # the question word it asks with: "why", "who", "yes-no" (answer_kinds.question_shape)
    trade: frozenset[tuple[str, str]] = _EMPTY_TRADES  # "does Russia sell chips to China": (seller, buyer)
    weighty: frozenset[str] = _EMPTY  # its words rarer than the commonest: what a year must be said with


@dataclass(frozen=True, slots=True)
class Gives:
    """What one entry can give, read once at start-up."""

    words: frozenset[str]  # every word it knows: phrasings, answer and passages
    says: frozenset[str]  # the words of its answer and passages
    kinds: frozenset[str]  # kinds of fact its answer and passages give
    speakers: frozenset[str]  # whose words it reports
    agentless: frozenset[str] = _EMPTY  # deeds it reports only in the passive, with no doer ("accus")
    voices: frozenset[str] = _EMPTY  # bodies it reports speaking, themselves or through their people
    trades: frozenset[tuple[str, str]] = _EMPTY_TRADES  # who sells to whom in its answer and passages
    dated: Mapping[str, frozenset[str]] = field(default_factory=dict)  # year -> words of its sentences


@dataclass(frozen=True, slots=True)
class Matched:
    """The curated phrasing that agreed best with the question, as far as the rules care."""

    words: Collection[str]  # few: a tuple is as fast to search as a set and costs nothing to build
    kinds: frozenset[str]  # kinds of fact it asks for: a curator's promise that the entry gives them
    markers: frozenset[str]
    gap: str = ""  # a facet of the entry the question agrees with better: what the entry doesn't answer
    trades: frozenset[tuple[str, str]] = _EMPTY_TRADES  # who sells to whom in it, read only when asked


NOTHING_MATCHED = Matched(_EMPTY, _EMPTY, _EMPTY)


def _says(gives: Gives, matched: Matched, words: frozenset[str]) -> bool:
    return all(w in gives.says or w in matched.words for w in words)


def _unpromised(marker: str) -> Callable[[Asked, Gives, Matched], bool]:
    """The question asks `marker` (a verdict, more detail, what came later...) and the entry's matched
    phrasing, which would promise it, doesn't."""
    return lambda asked, gives, matched: marker in asked.markers and marker not in matched.markers


_REALLY_UNPROMISED = _unpromised("really")  # "did Russia actually meddle": of an accusation, a verdict


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: when it `applies`, the entry can't give what is asked, and `missing` says what."""

    name: str
    applies: Callable[[Asked, Gives, Matched], bool]
    missing: Callable[[Asked], str]
    missing_zh: Callable[[Asked], str] = lambda asked: "文章没有提到这一点。"

    def note(self, asked: Asked, lang: str = "en") -> str:
        """What is missing, said in `lang` (English, or Chinese for a question asked in Chinese)."""
        return self.missing_zh(asked) if lang == "zh" else self.missing(asked)


# "The article doesn't say ..." for each kind of fact a question can ask for (answer_kinds).
KIND_GAPS = {  # most specific first: the reply names the narrowest kind asked for
    "year": "in which year",
    "month": "in which month",
    "day": "on which day",
    "time of day": "at what time of day",
    "future date": "when that will happen",
    "date": "when that happened",
    "age": "how old anyone is",
    "prediction": "what will happen",
    "share": "what share or percentage",
    "amount": "how much or how many",
    "length": "how long that lasted",
    "duration": "how long",
    "reaction": "how anyone reacted to that",
    "initiator": "who made the first move",
    "quote": "it word for word",
}


KIND_GAPS_ZH = {
    "year": "是哪一年",
    "month": "是哪个月",
    "day": "是哪一天",
    "time of day": "是几点",
    "future date": "这件事什么时候会发生",
    "date": "这件事是什么时候发生的",
    "age": "谁多大年纪",
    "prediction": "将来会怎样",
    "share": "所占的比例或百分比",
    "amount": "具体有多少",
    "length": "持续了多长时间",
    "duration": "持续了多久",
    "reaction": "有谁对此作出了什么反应",
    "initiator": "是谁主动的",
    "quote": "原话是什么",
}


def _missing_kind(asked: Asked) -> str:
    kind = next((k for k in KIND_GAPS if k in asked.kinds), "")
    return f"The article doesn't say {KIND_GAPS.get(kind, 'that')}."


def _missing_kind_zh(asked: Asked) -> str:
    kind = next((k for k in KIND_GAPS if k in asked.kinds), "")
    return f"文章没有说{KIND_GAPS_ZH[kind]}。" if kind else "文章没有提到这一点。"


def _undated(asked: Asked, gives: Gives, matched: Matched) -> bool:
    """ "Russian oil exports in 2022" of an entry whose 2022 is the year of another fact: the year is
    said, but in no sentence with the question's other weighty words."""
    return any(
        year in gives.dated and year not in matched.words and gives.dated[year].isdisjoint(asked.weighty)
        for year in asked.years
    )


def _trade_text(trade: frozenset[tuple[str, str]]) -> str:
    seller, buyer = (_country(c) for c in min(trade))
    return f"{seller} sells that to {buyer}"


def _country(word: str) -> str:
    return f"the {word.upper()}" if len(word) <= 2 else word.capitalize()  # "the US", "Russia"


def gap_note(facet: str, lang: str = "en") -> str:
    """What is missing, in the words of the entry's facet ("who placed the call")."""
    facet = facet.rstrip("。. ")  # "...the U.S." ends a sentence once
    return f"文章没有说{facet}。" if lang == "zh" else f"The article doesn't say {facet}."


RULES: tuple[Rule, ...] = (  # the first that applies says what is missing
    Rule(
        "off_subject",
        lambda asked, gives, matched: bool(asked.off_subject),
        lambda asked: f"The article doesn't mention {asked.off_subject}.",
        lambda asked: f"文章没有提到{asked.off_subject}。",
    ),
    Rule(
        # Next: a curator's facet names what is missing better than the rules reading the question can.
        "not_answered",
        lambda asked, gives, matched: bool(matched.gap),
        lambda asked: "The article doesn't say.",
    ),
    Rule(
        "kind",
        lambda asked, gives, matched: not asked.kinds <= gives.kinds | matched.kinds,
        _missing_kind,
        _missing_kind_zh,
    ),
    Rule(
        "speaker",
        lambda asked, gives, matched: (
            (bool(asked.speakers) and asked.speakers.isdisjoint(gives.speakers))
            or (bool(asked.voice) and not any(w in gives.says or w in matched.words for w in asked.voice))
            or not asked.body <= gives.voices
        ),
        lambda asked: f"The article doesn't quote {asked.speaker or 'them'} on that.",
        lambda asked: f"文章没有引用{asked.speaker or '他们'}对此的说法。",
    ),
    Rule(
        "person",
        lambda asked, gives, matched: bool(asked.named) and asked.named.isdisjoint(gives.words),
        lambda asked: "The article doesn't connect the people you name with that.",
        lambda asked: "文章没有把你提到的人和这件事联系起来。",
    ),
    Rule(
        "year",
        lambda asked, gives, matched: (
            not _says(gives, matched, asked.years) or _undated(asked, gives, matched)
        ),
        lambda asked: f"The article doesn't cover {', '.join(sorted(asked.years))} there.",
        lambda asked: f"文章没有谈到{'、'.join(sorted(asked.years))}年的这方面情况。",
    ),
    Rule(
        "thing",
        lambda asked, gives, matched: bool(asked.things) and not _says(gives, matched, asked.things),
        lambda asked: f"The article doesn't give the {asked.thing}.",
    ),
    Rule(
        "who",
        lambda asked, gives, matched: bool(asked.action) and not _says(gives, matched, asked.action),
        lambda asked: f"The article doesn't say who {asked.action_text}.",
    ),
    Rule(
        # "Who accused Russia of meddling?" of an entry that says only that Russia "was accused".
        "agent",
        lambda asked, gives, matched: not asked.agent.isdisjoint(gives.agentless),
        lambda asked: f"The article doesn't say who {asked.action_text}.",
    ),
    Rule(
        "verdict",
        _unpromised("verdict"),
        lambda asked: "The article reports what people said; it doesn't give a verdict on that.",
        lambda asked: "文章只报道了各方的说法，没有对此下结论。",
    ),
    Rule(
        "detail",
        _unpromised("detail"),
        lambda asked: "The article doesn't go into that much detail.",
        lambda asked: "文章没有讲得这么详细。",
    ),
    Rule(
        "later",
        _unpromised("later"),
        lambda asked: "The article doesn't say what came of it afterwards.",
        lambda asked: "文章没有说后来的结果。",
    ),
    Rule(
        "earlier",
        _unpromised("earlier"),
        lambda asked: "The article gives only their role at the time, not what they did before.",
        lambda asked: "文章没有说此前的经历。",
    ),
    Rule(
        "background",
        _unpromised("background"),
        lambda asked: "The article gives only their role at the time, not their background.",
        lambda asked: "文章只介绍了他们当时的职务，没有介绍个人背景。",
    ),
    Rule(
        "began",
        _unpromised("began"),
        lambda asked: "The article doesn't say when that began.",
        lambda asked: "文章没有说这是从什么时候开始的。",
    ),
    Rule(
        "proven",
        lambda asked, gives, matched: (
            _REALLY_UNPROMISED(asked, gives, matched) and not _ACCUSATION.isdisjoint(gives.says)
        ),
        lambda asked: "The article reports the accusation; it doesn't say whether it was true.",
        lambda asked: "文章只报道了这项指控，没有说它是否属实。",
    ),
    Rule(
        # "Does Russia sell chips to China?" of an entry in which only China sells to Russia.
        "direction",
        lambda asked, gives, matched: (
            bool(asked.trade and gives.trades) and not asked.trade & (gives.trades | matched.trades)
        ),
        lambda asked: f"The article doesn't say {_trade_text(asked.trade)}.",
        lambda asked: "文章没有提到这个方向的买卖。",
    ),
    Rule(
        "about",
        # Any word of the entry counts here: "what did Lin Jian say about Rubio's plan" is answered by
        # "U.S. attempts to sow discord...", which an alternate ties to the plan.
        lambda asked, gives, matched: bool(asked.about) and not asked.about <= gives.words,
        lambda asked: (
            f"The article doesn't quote {asked.speaker} about {asked.topic}."
            if asked.speaker
            else f"The article doesn't say that about {asked.topic}."
        ),
    ),
)
