"""How a Chinese or English lawyer cites an article: one helper for every citation built from data.

Chinese citations use Chinese numerals (第六十八条第一款第（二）项), the title of the instrument in
book-title marks and no version suffix; the version is said in words where it matters
(修正前 / 修正后). English citations keep the law's code and Arabic numbers ("CSL 2017 Art. 68(1)").
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_VERSION_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$")


def zh_number(n: int) -> str:
    """A whole number from 0 to 9,999 in Chinese numerals as statutes write them
    (10 -> 十, 15 -> 十五, 68 -> 六十八, 105 -> 一百零五, 120 -> 一百二十)."""
    if not 0 <= n < 10000:
        raise ValueError(f"n: {n!r} is not valid; must be between 0 and 9999")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        else:
            zero = True
    return out


def title_zh(title: str) -> str:
    """The title as cited: without a trailing version note such as （2025年修正）."""
    return _VERSION_SUFFIX.sub("", title).strip()


def article_zh(article: int | None, paragraph: int | None = None,
               items: tuple[int, ...] | None = None) -> str:
    """第六十九条第一款第（二）项、第（三）项."""
    if article is None:
        return ""
    text = f"第{zh_number(article)}条"
    if paragraph:
        text += f"第{zh_number(paragraph)}款"
    if items:
        text += "、".join(f"第（{zh_number(i)}）项" for i in items)
    return text


def article_en(article: int | None, paragraph: int | None = None,
               items: tuple[int, ...] | None = None) -> str:
    """Art. 68(1), item (2) — or a note that the article is not confirmed."""
    if article is None:
        return "(article not confirmed)"
    text = f"Art. {article}" + (f"({paragraph})" if paragraph else "")
    if items:
        word = "item" if len(items) == 1 else "items"
        text += f", {word} " + ", ".join(f"({i})" for i in items)
    return text


__all__ = ["zh_number", "title_zh", "article_zh", "article_en"]
