"""Which language a question is in, and Chinese text made ready for the matcher: simplified characters,
split into words with spaces between them, the knowledge's own names never split.

Chinese has no spaces, so a word index needs a segmenter. The knowledge's names and terms (its synonyms:
特朗普, 川普, 反向基辛格) are cut out first, longest first, because a general dictionary doesn't know them
("卢比奥在" is not "卢比 / 奥在"); the rest is left to jieba's dictionary (rjieba, its Rust binding).
Traditional characters are made simplified with OpenCC first, so 川普與普丁 meets 川普与普丁.
Both libraries load on the first Chinese text, never for an English question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from types import ModuleType
from typing import Literal

__all__ = [
    "CHINESE_CHATTER",
    "CHINESE_STOPWORDS",
    "ZH_FRAMED_END",
    "ZH_FRAMED_START",
    "Language",
    "Segmenter",
    "asked_of_english",
    "has_han",
    "joined",
    "language_of",
    "names",
    "to_simplified",
    "to_traditional",
]

Language = Literal["en", "zh", "ja", "ko"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{_HAN}]+")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")

# Grammar and question words, and adverbs of degree and frequency (as English "very", "always", "still"):
# every phrasing has some, so they say nothing about which fact is asked. (著: 着 as Taiwan writes it, which
# OpenCC leaves: "叫什麼來著".)
CHINESE_STOPWORDS = frozenset(
    """
    的 了 吗 呢 啊 吧 嘛 呀 哦 喔 哇 啦 么 么样 是 在 有 和 与 跟 同 及 或 或者 还是 就 都 也 又 还 才
    我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们 大家 这 那 这个 那个 这些 那些 这里 那里 这样 那样
    什么 啥 甚么 怎么 怎样 怎么样 咋 如何 哪 哪个 哪些 哪里 哪儿 谁 为什么 为啥 干嘛 多少 几 是否 是不是
    有没有 能不能 会不会 吗 请 请问 一下 一个 个 些 把 被 给 对 对于 关于 从 向 往 到 为 因为 所以 但 但是
    而 而且 并 并且 如果 虽然 可以 可能 会 能 要 想 应该 得 地 着 过 之 其 所 以 于 上 下 里 中 内 说说
    告诉 知道 问 问题 一 吗吗 呗 嗯 哈 诶 欸 喂 啊啊 咧 捏 滴
    哪天 哪一天 哪年 哪一年 几号 几月 哪边 哪方 哪一方 哪位 哪国 哪家 哪种 哪一个 什么样 啥样 怎么回事
    咋回事 算不算 对不对 是不是 有没有 能不能 会不会 要不要 为何 何时 这番话 这件事 那件事 这事 那事 那次
    这次 到底 究竟 真的 其实 只是 就是 还是 也是 都是 可是 以及 然后 当时 当年 一下子 一些 有些 有点
    现在 目前 如今 那时 当下
    很 蛮 非常 十分 相当 超级 一直 总是 始终 仍然 依然 甚至 基本上 著
    什么时候 啥时候 啥时 几时 什么时间 几月几号 几月几日 什么日子 哪一日
    系 喺 嘅 咗 嘢 乜嘢 乜 边个 点解 咁 㗎 嚟 啲 唔 冇 佢 佢哋 咩 噉 哋 边度 点样 系咪 系唔系 有冇 几多 咋
    边 即系 畀 几耐 好耐 呢个 嗰个 嗰 啫 咪 都系 就系 而家 同埋 点 仲 俾 喇 依家
    """.split()
)
# "这场", "那位", "一篇": a demonstrative or number with a measure word points at a thing, it doesn't name it.
_POINTERS, _MEASURES = "这那哪一两几每某该此呢嗰", "个位场次种些张篇条件份项名家所本句段届轮番通回"
CHINESE_STOPWORDS |= frozenset(d + m for d in _POINTERS for m in _MEASURES)
# Chat that carries no question: greetings, thanks, laughter. With nothing else, the bot explains how to ask.
CHINESE_CHATTER = frozenset(
    """
    你好 您好 大家好 早上好 早安 晚上好 晚安 午安 在吗 在不在 有人吗 有人 谢谢 多谢 感谢 谢啦 谢了 辛苦
    哈哈 哈哈哈 哈哈哈哈 呵呵 嘿嘿 嘻嘻 笑死 好的 好吧 收到 明白 懂了 厉害 牛 不错 加油 拜拜 再见 机器人
    bot 小助手 助手 朋友 各位 兄弟 姐妹 老铁 群友 早 晚 嗨 哈喽 你们好 干啥 无聊 聊天 聊聊 今天 明天
    昨天 最近 一起 东西 事情 事 情况 意思 简单 详细 具体 介绍 解释 讲讲 讲 说 说明 看看 看 听说 觉得
    认为 觉得呢 怎么看 知道吗 内容
    根据 据 据报道 报道称 文中 文章中 该文 本文 提到 提及 指出 称 表示 声称 那么 何种 有何 对此 因此 这一
    曾 曾经 进行 看待 如何看待 显得 所谓
    而言 来说 同时 方式 最为 方面 层面 角度 性质 这块 那块 这方面 那方面 说白了 白话 讲白话
    喺度 喺唔喺度 有冇人 早晨 多谢晒 唔该 点睇 睇 讲咗 讲下 话 谂
    """.split()
)


# How a Chinese chat message frames its question ("小白求问，", "各位大佬，", "……求解答，在线等"): the
# framing is cut off before the question is read (text.unframed), as English framing is.
_ZH_SEPARATORS = "[\\s,，:：、。.!！?？~～…]*"
_ZH_OPENING = (
    "请问(?:一下)?|想问(?:问|一下|下)?|(?:弱弱|小小|冒昧)地?问(?:一句|一下|下)?|问(?:个|一个)问题|有(?:个|一个)问题"
    "|求(?:科普|解答|解释|教|问|助)|(?:小白|萌新|新人)(?:求问|请教|提问|问一下|想问)?"
    "|(?:各位|大家|诸位)(?:大佬|大神|朋友|老师|好)?们?|大佬们?|大神们?|打扰(?:一下)?|不好意思|好奇(?:问一下)?"
    "|话说(?!回来)|那个|嗯+|额+|呃+|哈+|在吗"
    "|我(?:刚|刚刚|才)?(?:看完|读完|看了|读了|看到)(?:这篇|那篇)?(?:文章|报道|新闻)(?:之后|以后)?"
)
_ZH_CLOSING = (
    "哈+|呵+|嘿+|嘻+|谢谢(?:大家|各位|啦|了)?|多谢|感谢|蟹蟹|求解答|求科普|求解释|求教|在线等(?:挺急的|急)?|急+"
    "|有人知道吗|谁知道|[啊呀呢哦喔啦]+"
)
ZH_FRAMED_START = re.compile(f"^(?:{_ZH_SEPARATORS}(?:{_ZH_OPENING}){_ZH_SEPARATORS})+")
ZH_FRAMED_END = re.compile(f"(?:{_ZH_SEPARATORS}(?:{_ZH_CLOSING}))+{_ZH_SEPARATORS}$")


_BETWEEN_HAN = re.compile(f"(?<=[{_HAN}]) +(?=[{_HAN}])")

# A Chinese question about an English phrase of the article ("“Russia hoax”是什么意思", "\"...\"是谁说的")
# asks what the English question would: its phrase is the article's words, which the English FAQ knows.
_ENGLISH_PHRASE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,.]+[A-Za-z][A-Za-z'’-]*)+")
_ASKED_OF_PHRASE = (
    (
        "what does {} mean",
        "(?:是|指)?(?:什么|啥|咩)(?:意思|梗)|是指(?:什么|啥)|指的是(?:什么|啥)|(?:怎么|如何)理解",
    ),
    ("who said {}", "(?:是)?(?:谁|哪位|边个)(?:说|讲)的|出自(?:谁|哪位)"),
    ("which are the {}", "指的是哪|是指哪|说的是哪"),
)


def joined(text: str) -> str:
    """Segmented Chinese with its words joined again ("什么 时候" is "什么时候"), for phrase patterns."""
    return _BETWEEN_HAN.sub("", text)


def asked_of_english(question: str) -> str:
    """The English question a Chinese question about one English phrase asks ("ceding territory是什么意思"
    -> "what does ceding territory mean"), or "" when it asks something else or names no phrase of two
    words or more ("Rubio说了什么" is a question about Rubio, read in Chinese)."""
    phrases = _ENGLISH_PHRASE.findall(question)
    if len(phrases) != 1:
        return ""
    rest = joined(question.replace(phrases[0], " "))
    for template, asks in _ASKED_OF_PHRASE:
        if re.search(asks, rest):
            return template.format(phrases[0].strip(" ,."))
    return ""


def has_han(text: str) -> bool:
    return HAN_RUN.search(text) is not None


def language_of(text: str) -> Language:
    """The question's language from its script: kana means Japanese (which writes kanji too), hangul
    Korean, other Han characters Chinese ("Rubio 说了什么" is Chinese), anything else English."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    return "zh" if has_han(text) else "en"


@cache
def _converter(config: str) -> object:
    import opencc  # loaded on the first Chinese text

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional characters (Taiwan and Hong Kong forms too) as simplified ones; other text unchanged."""
    return _convert("t2s", text) if has_han(text) else text


def to_traditional(text: str) -> str:
    """Simplified Chinese as Taiwan readers write it (s2twp: characters and common words, and the names
    Taiwan's press gives the article's people): for zh-TW."""
    if not has_han(text):
        return text
    return _TAIWAN_NAMES.sub(lambda m: _TAIWAN_NAME_FORMS[m.group(0)], _convert("s2twp", text))


# OpenCC converts characters, not transliterations: Taiwan writes other names for these people.
_TAIWAN_NAME_FORMS = {
    "特朗普": "川普",
    "普京": "普丁",
    "澤連斯基": "澤倫斯基",
    "盧比奧": "盧比歐",
    "基辛格": "季辛吉",
    "尼克松": "尼克森",
}
_TAIWAN_NAMES = re.compile("|".join(_TAIWAN_NAME_FORMS))


def _convert(config: str, text: str) -> str:
    text = _LONE_SURROGATE.sub("\ufffd", text)  # OpenCC takes UTF-8, which a lone surrogate can't be
    return str(_converter(config).convert(text))  # type: ignore[attr-defined]


class Segmenter:
    """Splits the Han runs of a text into words separated by spaces; everything else is left as it is.

    `terms` (the knowledge's names and phrases) are never split. A question's slip of one character in a
    name of three or more (`names`: 基辛各, 鲁比傲) is read as the name, as English reads "Kisinger".
    Built once per knowledge; callable.
    """

    def __init__(
        self, terms: Iterable[str], for_index: bool = False, names: Mapping[str, str] | None = None
    ) -> None:
        # An index also keeps the words inside long words (jieba's search mode: 客座教授 gives 客座 and 教授
        # too), so a question that says only part of one still meets it.
        self._for_index = for_index
        self._vocabulary: frozenset[str] = frozenset()
        simplified = {to_simplified(t) for t in terms if has_han(t)}
        runs = sorted({run for t in simplified for run in HAN_RUN.findall(t) if len(run) > 1}, key=len)
        self._terms = (
            re.compile("|".join(re.escape(t) for t in reversed(runs))) if runs else re.compile(r"(?!)")
        )
        # Each name with one character blanked -> the name; a blank two names share is no one's slip, unless
        # both write one person and the blank is inside the name (泽?斯基: 泽连斯基 or 泽伦斯基, Zelensky
        # either way); at an end it may be another word and a character (卢比? is also 卢比 + 是).
        slips: dict[str, tuple[str, str] | None] = {}
        for name, person in sorted({to_simplified(n): p for n, p in (names or {}).items()}.items()):
            if not HAN_RUN.fullmatch(name) or len(name) < 3:
                continue
            for i in range(len(name)):
                key = f"{name[:i]}?{name[i + 1 :]}"
                found = slips.get(key, (name, person))
                inside = 0 < i < len(name) - 1
                same = found is not None and (found[0] == name or (inside and found[1] == person))
                slips[key] = found if same else None
        self._slips = {key: found[0] for key, found in slips.items() if found}
        self._slip_lengths = sorted({len(k) for k in self._slips}, reverse=True)
        # Each name's sound -> the name: 杨诚 and 楊承 are 杨成 (yang cheng) typed by ear, as people do with
        # names they have only heard, and as a pinyin keyboard offers (半导题 for 半导体). A term of three
        # characters or more, and a name of two, is seldom another word's sound; a sound two share is no one's
        people = {to_simplified(n): p for n, p in (names or {}).items()}
        heard = {**{t: t for t in simplified if len(t) >= 3}, **people} if names is not None else {}
        sounds: dict[tuple[str, ...], tuple[str, str] | None] = {}
        for name, person in sorted(heard.items()):
            if HAN_RUN.fullmatch(name) and len(name) >= 2:
                sound = _sound(name)
                found = sounds.get(sound, (name, person))
                sounds[sound] = found if found is not None and found[1] == person else None
        self._sounds = {key: found[0] for key, found in sounds.items() if found}
        self._written = frozenset(heard)
        self._people = frozenset(people)
        self._sound_lengths = sorted({len(k) for k in self._sounds}, reverse=True)

    def learn(self, vocabulary: Iterable[str]) -> None:
        """The index's words: a question's word the index lacks is re-cut into words it has, when it can
        be (jieba reads "亲俄是" as one word; the index knows 亲俄 and 是)."""
        self._vocabulary = frozenset(vocabulary)

    def __call__(self, text: str) -> str:
        if not has_han(text):
            return text
        return HAN_RUN.sub(self._split_run, to_simplified(text))

    def _split_run(self, match: re.Match[str]) -> str:
        run = self._mend_slips(match.group(0))
        words: list[str] = []
        at = 0
        for term in self._terms.finditer(run):
            words += _cut(run[at : term.start()], self._for_index)
            words.append(term.group(0))
            at = term.end()
        words += _cut(run[at:], self._for_index)
        words = _pointers_joined(words)
        if self._vocabulary:
            words = [part for word in words for part in self._recut(word)]
        return " " + " ".join(words) + " "

    def _mend_slips(self, run: str) -> str:
        """`run` with each name written one character wrong, or with characters of its sound, written
        right."""
        if not (self._slips or self._sounds) or self._terms.fullmatch(run):
            return run
        mended, at = [], 0
        heard = _sounds_of(run) if self._sounds else ()
        while at < len(run):
            name = next(
                (
                    self._sounds[sound]
                    for length in self._sound_lengths
                    if (sound := tuple(heard[at : at + length])) in self._sounds
                ),
                None,
            )
            written = run[at : at + len(name)] if name else ""
            if name and not self._grammar_slip(written, name):
                mended.append(written if written in self._written else name)  # 基辛格 stays, not 基辛各
                at += len(name)
                continue
            for length in self._slip_lengths:
                window = run[at : at + length]
                name = (
                    next(
                        (
                            self._slips[key]
                            for i in range(len(window))
                            if (key := f"{window[:i]}?{window[i + 1 :]}") in self._slips
                        ),
                        None,
                    )
                    if len(window) == length
                    else None
                )
                if name:
                    mended.append(name)
                    at += length
                    break
            else:
                mended.append(run[at])
                at += 1
        return "".join(mended)

    def _grammar_slip(self, written: str, term: str) -> bool:
        """Whether `written` differs from a term (not a person's name) by a grammar word of the same
        sound: 翻译这 ("translate this") is no slip for 翻译者 ("translator")."""
        return term not in self._people and any(
            a != b and a in CHINESE_STOPWORDS for a, b in zip(written, term, strict=True)
        )

    def _recut(self, word: str) -> list[str]:
        """`word` as the longest words of the vocabulary it is made of, or as it is when it isn't."""
        if len(word) < 2 or word in self._vocabulary:
            return [word]
        parts: list[str] = []
        at = 0
        while at < len(word):
            end = next(
                (e for e in range(len(word), at + 1, -1) if word[at:e] in self._vocabulary),
                at + 1 if word[at] in CHINESE_STOPWORDS else None,
            )
            if end is None:
                return [word]
            parts.append(word[at:end])
            at = end
        if len(word) == 2 and not any(p in CHINESE_STOPWORDS for p in parts):
            return [word]  # two known words glued ("打折") may be a word of their own; grammar glued is not
        return parts


def _sound(text: str) -> tuple[str, ...]:
    return tuple(_sounds_of(text))


def _sounds_of(run: str) -> list[str]:
    """Each character's sound in pinyin without tones (a run of Han characters: one sound each), each
    character on its own: reading a run's words for their sounds costs a hundred times more per question."""
    return [_sound_of(character) for character in run]


@lru_cache(maxsize=8192)
def _sound_of(character: str) -> str:
    from pypinyin import lazy_pinyin  # loaded with the first Chinese question, not at start-up

    return lazy_pinyin(character)[0]


def _pointers_joined(words: list[str]) -> list[str]:
    """ "那 张" as one word, 那张, as the stopwords have it: jieba's dictionary has some of these pairs and
    cuts the others in two, leaving the measure word (张, also a surname) to weigh as a word of its own."""
    joined: list[str] = []
    for word in words:
        if len(word) == 1 and word in _MEASURES and joined and joined[-1] in _POINTERS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def names(text: str) -> list[str]:
    """The people, places and bodies jieba's tagger finds in the Han of `text` (毛泽东, 印度, 金正恩): a
    name the knowledge doesn't know is what a question is about, as a capitalized word is in English.
    The same dictionary as the cutting (`_jieba`), so the two read a question alike."""
    tag = _jieba().tag
    return [
        w
        for run in HAN_RUN.findall(joined(text))
        for w, kind in tag(run)
        if kind[:2] in _NAME_TAGS and not w.startswith(_NOT_NAME_STARTS)
    ]


_NAME_TAGS = frozenset({"nr", "ns", "nt"})  # jieba's tags for person, place and organization names
# The tagger takes some time words for names ("那阵子", "that while"): a name never starts with "that".
_NOT_NAME_STARTS = ("那", "这", "哪")


@lru_cache(maxsize=1)
def _jieba() -> ModuleType:
    """rjieba (jieba's dictionary, in Rust), loaded on the first Chinese text, knowing the chat words
    above as words: Cantonese 喺度 ("there?") is otherwise 喺 and 度 ("degree"), a subject."""
    import rjieba

    for word in sorted(CHINESE_CHATTER):
        if len(word) > 1 and has_han(word) and not rjieba.has_word(word):
            rjieba.add_word(word, None, None)
    return rjieba


def _cut(text: str, for_index: bool) -> list[str]:
    if not text:
        return []
    rjieba = _jieba()
    # Dictionary words only: jieba's guesses at new words (its HMM) glue grammar onto words ("采访中说了"
    # gives 中说), which no phrasing has; the knowledge's own terms are cut out before this.
    words = rjieba.cut_for_search(text, False) if for_index else rjieba.cut(text, False)
    return [w for w in words if w.strip()]
