"""Citations in Chinese, and article numbers written the Chinese way.

The data gives most citations in both languages (``citation_zh``); a few notes carry an English
citation only (assumption notes, method text). :func:`citation_zh` writes such a citation the way
a Chinese lawyer cites: 《规定》第九条第（五）项, 《中华人民共和国行政处罚法》第三十六条第二款. Law
titles come from the catalogue (each provision's Chinese citation, the benchmark Provision's short
title, the APL's title); only the connecting words are here.

:func:`zh_numeral` and :func:`parse_zh_numeral` convert article numbers (66 <-> 六十六), so a
search for 第六十六条 finds Art. 66.
"""

from __future__ import annotations

import re
from functools import lru_cache

from penalty.catalogue import Catalogue
from penalty.catalogue.wording import zh_number

_DIGITS = "零一二三四五六七八九"
_UNITS = {"十": 10, "百": 100, "千": 1000}


def zh_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 66 -> 六十六, 105 -> 一百零五, 120 -> 一百二十 (1-9999); the
    catalogue's one helper (:func:`penalty.catalogue.wording.zh_number`)."""
    return zh_number(n)


def parse_zh_numeral(text: str) -> int | None:
    """六十六 -> 66, 十五 -> 15, 一百零五 -> 105; Arabic digits pass through; else None."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch != "两" for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _UNITS:
            total += (digit if digit is not None else 1) * _UNITS[ch]
            digit = None
        else:
            digit = 2 if ch == "两" else _DIGITS.index(ch)
    return total + (digit or 0)


_ZH_ARTICLE = re.compile(r"第([零一二三四五六七八九十百千两\d]+)条")


def articles_in_query(text: str) -> list[int]:
    """Article numbers a search text names the Chinese way (第六十六条, 第66条)."""
    return [n for n in (parse_zh_numeral(m) for m in _ZH_ARTICLE.findall(text)) if n]


# Phrases some notes use instead of a citation (product wording, not law).
_PHRASES = {
    "Fine basis of the applied provision": "所适用条款的罚款计算基础",
    "Catalogue entry of the applied provision": "所适用条款的目录条目",
}
_PART = re.compile(r"^(?P<law>.*?)\s*(?P<arts>Art\..*)$")
_ART = re.compile(r"Art\.?\s*(\d+)((?:\s*\(\d+\))*)")
_SUB = re.compile(r"\((\d+)\)")


@lru_cache(maxsize=8)
def _titles(cat: Catalogue) -> dict[str, tuple[str, bool]]:
    """Law abbreviation as English citations write it -> (Chinese title in 《》, whether its
    numbered sub-divisions are items 项 rather than paragraphs 款)."""
    titles: dict[str, tuple[str, bool]] = {}
    for p in cat.provisions.values():
        prefix = p.citation_en.split(" Art")[0].split(" (")[0].strip()
        title = p.citation_zh.split("》")[0] + "》"
        titles.setdefault(prefix, (title, False))
        titles.setdefault(prefix.rsplit(" ", 1)[0], (title, False))  # "PIPL 2021" -> "PIPL"
        titles.setdefault(p.law_title_en, (title, False))
    titles["Provision"] = (cat.benchmark.provision.short_zh, True)
    # The data's own Chinese citations name the APL by its short title (《行政处罚法》).
    titles["APL"] = ("《" + cat.apl.title_zh.removeprefix("中华人民共和国") + "》", False)
    mor = next((v for k, v in titles.items() if k.startswith("MOR")), None)
    if mor is not None:
        titles.setdefault("Minors Online Regulations", mor)
    return titles


def _part_zh(part: str, titles: dict[str, tuple[str, bool]]) -> str:
    part = part.strip()
    if part in _PHRASES:
        return _PHRASES[part]
    m = _PART.match(part)
    if not m or m.group("law") not in titles:
        return part
    title, items = titles[m.group("law")]
    arts = []
    for num, subs in _ART.findall(m.group("arts")):
        text = f"第{zh_numeral(int(num))}条"
        for s in _SUB.findall(subs):
            text += f"第（{zh_numeral(int(s))}）项" if items else f"第{zh_numeral(int(s))}款"
        arts.append(text)
    return title + "、".join(arts) if arts else part


def citation_zh(citation_en: str, cat: Catalogue) -> str:
    """An English citation ("Provision Art. 8; APL Art. 32") in Chinese
    ("《规定》第八条；《中华人民共和国行政处罚法》第三十二条"); parts it cannot read stay as given."""
    titles = _titles(cat)
    # the caveat on reconstructed Provision article numbers is written again in Chinese
    caveat = f" ({cat.benchmark.provision.numbering_caveat_en})"
    plain = citation_en.replace(caveat, "")
    zh = "；".join(_part_zh(p, titles) for p in plain.split(";") if p.strip())
    return cat.numbering_caveat(zh, "zh") if plain != citation_en else zh
