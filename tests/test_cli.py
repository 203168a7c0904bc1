"""The command line contract: `faqbot ask --json -` is what graders and scripts rely on."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import format_answer, main
from bot.core import Matcher, passages
from bot.core.config import DEFAULT_CONFIG
from tests.conftest import KNOWLEDGE_DIR, SHARED

RECORD_KEYS = {
    "question",
    "answered",
    "answer",
    "faq_id",
    "score",
    "citations",
    "suggestions",
    "reason",
    "note",
    "closest",
    "lang",
}


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_json_mode_writes_one_object_per_input_line_in_order() -> None:
    questions = ["What did Lin Jian say?", "", "What's the best pizza in New York?", "   ", "reverse nixon"]
    result = run_cli("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == questions
    for record in records:
        assert set(record) == RECORD_KEYS
        assert isinstance(record["score"], float)
    assert records[0]["answered"] and records[0]["faq_id"] and records[0]["citations"]
    assert all(set(c) == {"quote", "paragraph", "paragraphs"} for c in records[0]["citations"])
    # Lin Jian's words come with the line that says they are his: one passage, two paragraphs.
    lead = records[0]["citations"][0]
    assert lead["quote"].startswith("In response, Chinese Foreign Ministry spokesperson Lin Jian")
    assert len(lead["paragraphs"]) == 2
    assert [r["answered"] for r in records[1:4]] == [False, False, False]
    assert records[1]["answer"] is None and records[1]["faq_id"] is None


@pytest.mark.parametrize("args", [("ask",), ("ask", "--json"), ("ask", "--explain", "  ")])
def test_ask_without_a_question_is_a_usage_error_with_a_hint(args: tuple[str, ...]) -> None:
    result = run_cli(*args, stdin="who is lin jian\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no question given" in result.stderr and "usage: faqbot ask" in result.stderr


def test_json_answers_stream_before_stdin_closes() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write("who is klaus welle\n")
    proc.stdin.flush()
    first = json.loads(proc.stdout.readline())
    proc.stdin.close()
    proc.wait(timeout=30)
    assert first["question"] == "who is klaus welle"


def test_human_answer_quotes_passages_with_paragraph_numbers(
    matcher: Matcher, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "What did Rubio tell Breitbart?"
    assert main(["ask", question]) == 0
    out = capsys.readouterr().out
    answer = matcher.answer(question)
    assert answer.entry is not None and answer.entry.question in out
    shown = passages(answer.citations)
    assert shown
    for passage in shown:
        first, last = passage.paragraphs[0], passage.paragraphs[-1]
        where = f"¶{first}" if first == last else f"¶{first}–{last}"
        assert f"  {where}: " in out


def printed_passages(out: str) -> list[str]:
    """The passages in `faqbot ask` output, each joined from its wrapped lines."""
    shown: list[str] = []
    for line in out.splitlines():
        if line.startswith("  ¶"):
            shown.append(line.split(": ", 1)[1])
        elif line.startswith("      ") and shown:
            shown[-1] += " " + line.strip()
    return shown


def quotes_balance(text: str) -> bool:
    """Every “ closed by a ” and every ‘ by a ’, properly nested (a ’ with no ‘ open is an apostrophe)."""
    open_marks: list[str] = []
    for char in text:
        if char in "“‘":
            open_marks.append(char)
        elif char == "”" and (not open_marks or open_marks.pop() != "“"):
            return False
        elif char == "’" and open_marks and open_marks[-1] == "‘":
            open_marks.pop()
    return not open_marks


def test_a_passage_with_curly_quotes_inside_is_printed_with_balanced_quotes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # ¶18 ends in a quote of its own: “... become China’s “vassal partner.”” opened twice and closed once.
    assert main(["ask", "What does Rubio not want Russia to become?"]) == 0
    shown = printed_passages(capsys.readouterr().out)
    rubio = "“U.S. Secretary of State Marco Rubio says he does not want Russia to become China’s "
    assert rubio + "‘vassal partner.’”" in shown
    assert all(quotes_balance(passage) for passage in shown), shown


def test_every_shipped_passage_is_printed_with_balanced_quotes(matcher: Matcher) -> None:
    for entry in matcher.knowledge.entries:
        shown = printed_passages(format_answer(matcher.answer(entry.question)))
        assert shown and all(quotes_balance(passage) for passage in shown), (entry.id, shown)


def test_human_abstention_says_not_in_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Who painted the Mona Lisa?"]) == 0
    assert "not in the article" in capsys.readouterr().out


def test_a_question_the_article_doesnt_answer_says_what_is_missing_then_the_related_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "Who ordered the February 12 phone call?"]) == 0
    first, _, *rest = capsys.readouterr().out.splitlines()
    assert first == "The article doesn't say who ordered the February 12 phone call."
    assert rest[0].startswith("Related — what the article does say: ") and rest[0].endswith(
        "[trump-putin-call]"
    )
    assert any(line.lstrip().startswith("¶9: ") for line in rest)  # its lead passage, with its paragraph


def test_explain_shows_the_rules_that_applied_and_the_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "Who ordered the February 12 phone call?"]) == 0
    out = capsys.readouterr().out
    config = DEFAULT_CONFIG
    assert "not_in_article:" in out and f"× {config.factor('who'):.2f} (who)" in out
    assert f"{config.coverage_weight:.2f}×" in out and f"+ {config.keyword_weight:.2f}×" in out


def test_explain_shows_stage_scores_and_decision(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "who is dana allin"]) == 0
    out = capsys.readouterr().out
    assert "keywords" in out and "fuzzy" in out and ("answered:" in out or "abstained:" in out)
    assert "words (stemmed, weight): allin" in out  # what the matcher read, so a curator sees a bad word


@pytest.mark.parametrize(
    "question",
    ["who is lin jian", "Who ordered the February 12 phone call?", "What did Rubio tell Breitbart?"],
)
def test_explain_says_in_one_line_how_the_json_score_comes_from_the_raw_best_score(
    question: str, matcher: Matcher, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--json", question]) == 0
    score = json.loads(capsys.readouterr().out)["score"]
    assert main(["ask", "--explain", question]) == 0
    lines = capsys.readouterr().out.splitlines()
    best = matcher.answer(question).candidates[0].score
    assert round(best, 4) != score  # two different numbers, so the line is needed
    said = [line for line in lines if f"JSON score {score:.4f}" in line]
    assert len(said) == 1, lines
    assert "calibrated chance" in said[0] and f"raw best score {best:.3f}" in said[0]
    assert "not chances" in said[0]  # and the table's scores are the raw kind


def test_readme_json_contract_says_score_is_the_calibrated_chance_the_answer_is_right() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it answers, and how well", 1)[1].split("\n## ", 1)[0]
    contract = section.split("The JSON contract", 1)[1].split("\n\n", 1)[0]
    assert "`score` is the calibrated chance" in " ".join(contract.split())
    assert "answer is right" in " ".join(contract.split())


def chat(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *lines: str) -> list[str]:
    """What `faqbot chat` prints for `lines` typed, one reply per line typed (the banner dropped)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    replies = out.split("> ")[1:]
    assert len(replies) == len(lines) + 1  # and the prompt where it stopped at the end of input
    return [reply.strip() for reply in replies[:-1]]


def test_chat_numbers_suggestions_and_typing_a_number_answers_that_one(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    suggestions = matcher.answer("china").suggestions
    assert len(suggestions) >= 2
    listed, picked = chat(monkeypatch, capsys, "china", "2")
    for number, entry in enumerate(suggestions, 1):
        assert f"  {number}. {entry.question}  [{entry.id}]" in listed
    assert picked == format_answer(matcher.answer(suggestions[1].question)).strip()


def test_chat_numbers_the_related_entry_and_typing_its_number_answers_it(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    related, picked = chat(monkeypatch, capsys, "Who ordered the February 12 phone call?", "1")
    entry = matcher.knowledge.entry("trump-putin-call")
    assert entry is not None
    assert f"Related — what the article does say: 1. {entry.question}  [{entry.id}]" in related
    assert picked.splitlines()[0] == entry.question
    assert entry.answer.split()[:8] == picked.splitlines()[2].split()[:8]
    assert any(line.lstrip().startswith("¶10: ") for line in picked.splitlines())  # not only the lead one


@pytest.mark.parametrize("typed", ["help", "?"])
def test_chat_help_lists_what_you_can_type(
    typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (reply,) = chat(monkeypatch, capsys, typed)
    assert reply.startswith("What you can type:")
    for thing in ("question", "number", "tell me more", "help", "quit"):
        assert thing in reply
    assert len(reply.splitlines()) <= 8  # short


@pytest.mark.parametrize(
    "follow_up", ["what else did he say?", "tell me more", "What else?", "anything else"]
)
def test_chat_follow_up_after_an_answer_offers_its_related_entries_numbered(
    follow_up: str, matcher: Matcher, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answered = matcher.answer("What did Rubio tell Breitbart?").entry
    assert answered is not None and len(answered.related) >= 2
    related = [matcher.knowledge.entry(i) for i in answered.related]
    _, more, picked = chat(monkeypatch, capsys, "What did Rubio tell Breitbart?", follow_up, "2")
    assert "not in the article" not in more and "doesn't say" not in more
    assert answered.question in more.splitlines()[0]
    for number, entry in enumerate(related, 1):
        assert entry is not None and f"  {number}. {entry.question}  [{entry.id}]" in more
    assert related[1] is not None and picked.splitlines()[0] == related[1].question


def test_chat_follow_up_before_any_answer_says_to_ask_first_and_numbers_need_a_list(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    more, number = chat(monkeypatch, capsys, "tell me more", "1")
    assert "Ask a question first" in more
    assert "Nothing is numbered yet" in number


def test_chat_a_question_naming_something_new_is_not_taken_for_a_follow_up(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "What else did Rubio say about the Belt and Road Initiative?"
    _, reply = chat(monkeypatch, capsys, "who is lin jian", question)
    assert reply.startswith(format_answer(matcher.answer(question), numbered=True))


def test_chat_runs_on_the_core_matcher_without_loading_discord() -> None:
    code = (
        "import sys; from bot.cli import main; rc = main(['chat']);"
        "sys.exit(rc or (3 if 'discord' in sys.modules else 0))"
    )
    typed = "What did Rubio tell Breitbart?\ntell me more\n1\nhelp\n"
    result = subprocess.run(
        [sys.executable, "-c", code], input=typed, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Rubio" in result.stdout and "What you can type:" in result.stdout


def test_check_passes_on_shipped_knowledge_with_full_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(KNOWLEDGE_DIR), "--min-coverage", "100"]) == 0
    assert "100.0%" in capsys.readouterr().out


def test_check_fails_with_file_and_line_on_a_broken_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "k")
    faq = tmp_path / "k" / "faq.yaml"
    lines = faq.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if "citations:" in line) + 1
    lines[broken] = lines[broken].replace("Trump", "Trunp", 1).replace("Russia", "Rusia", 1)
    faq.write_text("\n".join(lines), encoding="utf-8")
    assert main(["check", str(tmp_path / "k")]) == 1
    assert f"faq.yaml:{broken + 1}:" in capsys.readouterr().err


SECOND_SOURCE = (
    "source:\n  title: Not the article\n  publisher: Nobody\n  date: 2025-01-01\n  translator: None\n"
)


def test_check_fails_on_a_second_source_block_appended_to_the_faq(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "k")
    faq = tmp_path / "k" / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("source:"))
    faq.write_text(text.rstrip("\n") + "\n" + SECOND_SOURCE, encoding="utf-8")
    assert main(["check", str(tmp_path / "k")]) == 1
    appended = len(text.rstrip("\n").splitlines()) + 1
    err = capsys.readouterr().err
    assert f"faq.yaml:{appended}: duplicate key 'source', already given on line {first}" in err


def test_check_fails_when_coverage_is_below_the_floor(tmp_path: Path) -> None:
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "k")
    with (tmp_path / "k" / "article.txt").open("a", encoding="utf-8") as article:
        article.write("\nA paragraph no entry cites.\n")
    assert main(["check", str(tmp_path / "k"), "--min-coverage", "100"]) == 1


def test_eval_prints_graders_figures_and_enforces_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text(
        "[in]\nWho is Lin Jian? | futile | Lin Jian\nwhat is the capital of peru | Lima\n"
        "[off]\nHow do you train a puppy?\n",
        encoding="utf-8",
    )
    assert main(["eval", str(questions)]) == 0
    out = capsys.readouterr().out
    assert "in=50.0% off_answered=0.0%" in out and "MISS" in out and "n=3" in out
    assert main(["eval", str(questions), "--min-in", "95"]) == 1


@pytest.mark.skipif(
    not (SHARED / "eval" / "grade.py").exists(), reason="../shared/eval is not beside the repo"
)
def test_faqbot_eval_agrees_with_the_shared_grader() -> None:
    dev = SHARED / "eval" / "dev.txt"
    ours = run_cli("eval", str(dev)).stdout.splitlines()[-1]
    grader = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "grade.py"),
            str(dev),
            str(KNOWLEDGE_DIR / "article.txt"),
            "--",
            sys.executable,
            "-m",
            "bot",
            "ask",
            "--json",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.splitlines()[-1]
    assert ours == grader


def test_eval_fails_when_off_topic_answers_exceed_the_ceiling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("[off]\nWho is Lin Jian?\nHow do you train a puppy?\n", encoding="utf-8")
    assert main(["eval", str(questions), "--max-off", "0"]) == 1
    assert "off_answered=50.0% is above --max-off 0" in capsys.readouterr().err
    assert main(["eval", str(questions), "--max-off", "50"]) == 0


def test_eval_of_a_missing_file_says_so_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run_cli("eval", str(missing))
    assert result.returncode == 1
    assert result.stderr == f"faqbot: cannot read {missing}: No such file or directory\n"


def run_into_closed_pipe(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """`faqbot ARGS | head` where head has already gone: stdout is a pipe nobody reads."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("eval", "QUESTIONS"), b""),
        (("ask", "--json", "-"), b"who is lin jian\nwho is klaus welle\n"),
        (("ask", "who is lin jian"), b""),
    ],
)
def test_a_reader_that_closes_the_pipe_stops_faqbot_quietly(
    tmp_path: Path, args: tuple[str, ...], stdin: bytes
) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text(
        "[in]\nWho is Lin Jian? | futile\n[off]\nHow do you train a puppy?\n", encoding="utf-8"
    )
    result = run_into_closed_pipe(*(str(questions) if a == "QUESTIONS" else a for a in args), stdin=stdin)
    assert result.stderr == b""  # no BrokenPipeError traceback, nor "Exception ignored" at exit
    assert result.returncode == 141  # as a shell reports a program stopped by SIGPIPE


@pytest.mark.parametrize(
    "url", [None, "sqlite:///{tmp}/nested/logs/bot.sqlite3"], ids=["default", "absolute"]
)
def test_suggest_without_a_database_says_where_it_looked_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str | None
) -> None:
    from bot.settings import Settings

    monkeypatch.chdir(tmp_path)  # no .env
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    if url is not None:
        monkeypatch.setenv("DATABASE_URL", url.format(tmp=tmp_path))
    assert main(["suggest"]) == 1
    looked = tmp_path / ("data/faqbot.sqlite3" if url is None else "nested/logs/bot.sqlite3")
    assert f"no database yet at {looked} " in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no data/ directory, no empty database


def test_json_mode_survives_bad_bytes_and_a_non_utf8_locale() -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input=b"\xff\xfe not utf-8\r\nwho is lin jian\n",
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    bad, good = (json.loads(line) for line in result.stdout.decode("utf-8").splitlines())
    assert not bad["answered"] and "\ufffd" in bad["question"]
    assert good["answered"] and "“" in good["answer"]  # curly quotes written as UTF-8, not escaped


# Run as a child of its own, so that the peak measured is that of `faqbot ask` alone (ru_maxrss in KiB).
PEAK_MEMORY = """
import resource, subprocess, sys
ask = [sys.executable, "-m", "bot", "ask", "--json", "-"]
with open(sys.argv[1], "rb") as stdin:
    done = subprocess.run(ask, stdin=stdin, capture_output=True)
sys.stderr.buffer.write(done.stderr)
sys.stdout.buffer.write(done.stdout)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def test_json_mode_reads_a_50_mb_line_in_bounded_pieces_and_still_answers_every_line(tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    with questions.open("wb") as file:
        file.write(b"who is lin jian " * (50_000_000 // 16) + "\u00e9".encode() + b"\r\n")
        file.write(b"\n" + b"x" * 50_000_000)  # an empty line, then a last line without a newline
        file.write(b"\n" + b"y" * 7999 + "\u20ac".encode() + b"\nwho is lin jian\n")
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(questions)], capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    *lines, peak = result.stdout.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["question"] for r in records] == [
        ("who is lin jian " * 125)[:2000],
        "",
        "x" * 2000,
        "y" * 2000,
        "who is lin jian",
    ]
    assert [r["answered"] for r in records] == [True, False, False, False, True]
    assert int(peak) < 80_000_000, f"{int(peak) / 1e6:.0f} MB for a 50 MB line"


def test_a_chinese_question_is_answered_in_chinese_on_the_command_line() -> None:
    answered = run_cli("ask", "特朗普和普京什么时候通的电话")
    assert answered.returncode == 0
    assert "2月12日" in answered.stdout and "¶9" in answered.stdout  # the Chinese answer, the English passage
    assert "February 12" in answered.stdout
    unclear = run_cli("ask", "卢比奥有几个孩子")
    assert "你是不是想问" in unclear.stdout or "相关内容" in unclear.stdout
    forced = run_cli("ask", "--json", "--lang", "zh", "when did trump call putin")
    record = json.loads(forced.stdout)
    assert record["lang"] == "zh" and record["answered"] and "2月12日" in record["answer"]


def test_ask_reads_the_chinese_knowledge_only_for_a_question_that_needs_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQBOT_CACHE_DIR", "")
    monkeypatch.delenv("DATABASE_URL", raising=False)  # with a database, every translation is read
    monkeypatch.chdir(tmp_path)  # nor a .env that names one
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "k")
    chinese = tmp_path / "k" / "faq.zh.yaml"
    chinese.write_text(
        chinese.read_text(encoding="utf-8").replace("version: 1", "version: 7", 1), encoding="utf-8"
    )
    knowledge = ["--knowledge", str(tmp_path / "k")]
    # An English question answered in English: the Chinese file is not read, so its fault is not in the way.
    assert main([*knowledge, "ask", "What did Rubio tell Breitbart?"]) == 0
    assert "Breitbart" in capsys.readouterr().out
    # A Chinese question, or a Chinese reply, reads it: its fault is reported with file and line.
    for question in (["卢比奥在采访里说了什么"], ["--lang", "zh", "What did Rubio tell Breitbart?"]):
        assert main([*knowledge, "ask", *question]) == 1
        assert "faq.zh.yaml" in capsys.readouterr().err
