"""Strategies for hostile input: cell texts, encodings, line endings, JSON values."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

# Texts a spreadsheet might turn into formulas or that break naive readers.
NASTY = [
    "=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "\t=1", "\r=1", "'=x", "''", "\0=HYPERLINK(\"x\")",
    "\x01+1", "\u200b=1", " =1", "\ufeff@x", "＝1+1", "=cmd|' /C calc'!A0", "#NAME?", "#VALUE!",
    "a,b", 'say "hi"', "line\nbreak", "cr\ronly", "[", "[[[]]]", "{}", '{"a": 1}', "null", "NaN",
    "1,50", "1,2,3", "5万", "2亿元", "１２０", "-0", "1e400", "9" * 40, "客户甲（上海）", "🙂",
    "\x7f", "\u202eevil", "<script>x</script>", "# heading", "![x](http://b/x.png)", "",
]
cell_text = st.one_of(st.sampled_from(NASTY),
                      st.text(max_size=30),
                      st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000))

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]
LINE_ENDINGS = ["\n", "\r\n", "\r"]


def gb2312_safe(text: str) -> bool:
    """Whether every non-ASCII character is in GB2312 (what the GB18030 reading accepts)."""
    try:
        for ch in set(text):
            if ord(ch) >= 128:
                ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def write_csv(header: list[str], rows: list[list[str]], encoding: str, newline: str,
              quote_all: bool) -> bytes:
    buf = io.StringIO()
    # Python's csv module leaves a lone CR unquoted when lines end in LF: such a file really
    # has a line break there, so quote everything when a cell holds one.
    quote_all = quote_all or any("\r" in c for r in rows for c in r)
    w = csv.writer(buf, lineterminator=newline,
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(NASTY),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12)
