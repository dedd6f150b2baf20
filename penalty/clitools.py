"""What every command-line entry point shares: exit with a one-line error, read a JSON file, print
JSON, the --lang choice. Loads no command-line framework itself (``penalty/__main__.py`` runs
``penalty assess CASE.json`` without it)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn


class Lang(str, Enum):
    """The language of a command's text output (``--lang``)."""

    en = "en"
    zh = "zh"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` to stderr and exit with ``code`` (no traceback)."""
    import typer

    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def dump(obj: Any) -> str:
    """The JSON text every command prints: indented, non-ASCII text as is, decimals and dates as
    strings."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def read_text(path: str) -> str:
    """The text in ``path`` (``-`` for standard input); unreadable input exits."""
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"{path}: cannot be read ({exc.strerror})")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text (byte {exc.start})")


def read_json(path: str) -> Any:
    """The JSON in ``path`` (``-`` for standard input), read by ``penalty.read_case_json``
    (exact decimals; size and nesting bounded); unreadable or malformed input exits."""
    from penalty.api import read_case_json
    from penalty.errors import InputError

    text = read_text(path)
    try:
        return read_case_json(text)
    except InputError as exc:
        fail(f"{path}: {exc}")
