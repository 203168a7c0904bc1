"""The layers: bot/core is the Discord-free heart, importable and testable without discord.py; the client and
everything else outside bot/exts know no feature code (features depend on them, never the other way)."""

import ast
import subprocess
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
CORE = BOT / "core"
EXTS = BOT / "exts"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_discord() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] == "discord"
        )
        for path in CORE.rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_the_client_imports_no_feature_code() -> None:
    assert not {m for m in _imported_modules(BOT / "client.py") if m.startswith("bot.exts")}


def test_nothing_outside_the_extensions_imports_them() -> None:
    offenders = {
        str(path.relative_to(BOT)): sorted(m for m in _imported_modules(path) if m.startswith("bot.exts"))
        for path in BOT.rglob("*.py")
        if EXTS not in path.parents
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_offline_commands_run_without_loading_discord() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', 'who is henrik wachtmeister']);"
        "sys.exit(1 if 'discord' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
