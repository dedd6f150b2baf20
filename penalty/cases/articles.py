"""Articles cited in the free-text ``articles`` column, and article queries.

The column records articles as the source reports them, e.g. ``"CSL Art 47 (violation); Art 68
(penalty)"``, ``"DSL Art 27; Art 45 para 1"``, ``"DSL (article not quoted; Art 27/45 implied)"``,
``"MLPS Administrative Measures Art 14 para 1"`` or Chinese ``"《数据安全法》第四十五条"``.
:func:`cited_articles` reads them into ``(law, article)`` pairs:

* an article belongs to the law code written before it in the same ``;``-separated segment; a
  segment that starts with ``Art`` / ``第`` continues the previous segment's law;
* a segment that names an instrument in words without a law code (``"Provisions on ... Art 10"``)
  gives its articles no law (``None``), unless the case cites exactly one law code;
* ``Art 27/45`` and ``Art 10, Art 35`` give each number; paragraphs and items (``para 1``, ``(3)``)
  are ignored; Chinese ``第…条`` numbers are read in Chinese numerals or digits.

:func:`parse_article_query` reads what a user types for ``--article``: ``45``, ``Art 45``,
``DSL Art 45``, ``DSL 45`` or ``第四十五条``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_ART = r"(?i:Art(?:icles?|s)?)\.?\s*(?P<nums>\d+(?:\s*/\s*\d+)*)"
_CN_ART = r"第\s*(?P<cnnum>[零〇一二两三四五六七八九十百千\d]+)\s*条"


def chinese_number(text: str) -> int:
    """``"四十五"`` → 45, ``"一百零二"`` → 102, ``"十"`` → 10, digits as digits."""
    t = text.strip()
    if t.isdigit():
        return int(t)
    total, current = 0, 0
    for ch in t:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            raise ValueError(f"{text!r} is not a Chinese numeral; valid: e.g. 四十五 or 45")
    return total + current


@lru_cache(maxsize=256)
def _token_re(codes: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(sorted((re.escape(c) for c in codes), key=len, reverse=True))
    return re.compile(rf"(?P<code>\b(?:{alts})\b)|(?P<art>{_ART})|(?P<cn>{_CN_ART})")


def cited_articles(text: str, laws: Iterable[str], codes: Iterable[str]) -> frozenset[tuple[str | None, int]]:
    """``(law code or None, article number)`` pairs cited in an ``articles`` cell.

    ``laws`` are the case's law codes (used when a law-less article can only belong to one law);
    ``codes`` are every law code known (catalogue and extra codes).
    """
    laws = tuple(laws)
    pattern = _token_re(frozenset(codes) | frozenset(laws))
    only_law = laws[0] if len(laws) == 1 else None
    out: set[tuple[str | None, int]] = set()
    law: str | None = None
    for segment in re.split(r"[;；]", text or ""):
        pos = 0
        first = True
        for m in pattern.finditer(segment):
            if m.group("code"):
                law = m.group("code")
                first = False
                pos = m.end()
                continue
            if first:
                # A segment opening with words (an instrument named without a code) has no known law;
                # one opening directly with "Art"/"第" continues the previous segment's law.
                if re.search(r"[A-Za-z\u4e00-\u9fff]", segment[pos:m.start()]):
                    law = None
                first = False
            nums = ([int(n) for n in re.findall(r"\d+", m.group("nums"))] if m.group("art")
                    else [chinese_number(m.group("cnnum"))])
            for n in nums:
                out.add((law if law is not None else only_law, n))
            pos = m.end()
    return frozenset(out)


def parse_article_query(value: str | int, codes: Iterable[str]) -> tuple[str | None, int]:
    """What a user typed for an article → ``(law code or None, number)``.

    Accepts ``45``, ``"45"``, ``"Art 45"``, ``"DSL Art 45"``, ``"DSL 45"``, ``"第四十五条"``.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return None, value
    s = str(value).strip()
    if re.fullmatch(r"\d+", s):
        return None, int(s)
    codes = {c.upper() for c in codes}
    law = None
    m = re.match(r"^([A-Za-z][A-Za-z0-9]*)\b\s*", s)
    if m and m.group(1).upper() in codes:
        law = m.group(1).upper()
        s = s[m.end():]
    for pat in (rf"^{_ART}$", rf"^{_CN_ART}$", r"^(\d+)$"):
        mm = re.match(pat, s.strip(), flags=re.IGNORECASE)
        if mm:
            raw = mm.group(1)
            if "/" in raw:
                break
            return law, (int(raw) if raw.isdigit() else chinese_number(raw))
    raise ValueError(f"article {str(value)!r} is not understood; valid: a number (45), 'Art 45', "
                     f"'DSL Art 45', 'DSL 45' or '第四十五条'")
