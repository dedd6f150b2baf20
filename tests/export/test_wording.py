"""The exported documents speak only through the message catalogue: their modules hold no
Chinese text and no citation of their own in string literals (docstrings and comments aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

EXPORT = Path(__file__).resolve().parents[2] / "penalty" / "export"
CJK = re.compile(r"[\u4e00-\u9fff]")
CITATION = re.compile(r"\bArts?\.\s*\d|第[零一二三四五六七八九十百\d]+条|\b(?:APL|PIPL|CSL|DSL)\b")


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and n.body and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    # a bare string after an assignment documents it (attribute docstring)
    docstrings |= {id(n.value) for n in ast.walk(tree)
                   if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


@pytest.mark.parametrize("name", ["statement.py", "xlsx.py", "scenarios.py"])
def test_no_wording_or_citation_written_into_the_export_modules(name):
    found = [(line, text) for line, text in _literals(EXPORT / name)
             if CJK.search(text) or CITATION.search(text)]
    assert found == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""Doc 中文 APL Art. 5."""\nX = "从轻"\nY = f"see APL Art. {n}"\n', encoding="utf-8")
    assert [line for line, _ in _literals(bad) if CJK.search(_) or CITATION.search(_)] == [2, 3]
