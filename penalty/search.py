"""Find provisions by what a lawyer types: a law, an article (Art. 66, 第六十六条, 第66条), a
keyword in English or Chinese (turnover, 营业额, minors, 未成年人), across every law.

Every word of the query must match (AND); an article number matches the provision's article, any
other word is looked up in the provision's citations, law titles, tier, trigger, summaries,
subject, enforcer and notes, in both languages, case-insensitively.
"""

from __future__ import annotations

import re
from functools import lru_cache

from penalty.catalogue import Catalogue
from penalty.citations import parse_zh_numeral

_ZH_ARTICLE = re.compile(r"第\s*([零一二三四五六七八九十百千两\d]+)\s*条")
_EN_ARTICLE = re.compile(r"\b(?:art(?:icle)?\.?)\s*(\d+)\b", re.IGNORECASE)


@lru_cache(maxsize=8)
def _haystacks(cat: Catalogue) -> dict[str, str]:
    out = {}
    for p in cat.provisions.values():
        out[p.id] = " ".join(str(x) for x in (
            p.id, p.law, p.citation_en, p.citation_zh, p.law_title_en, p.law_title_zh, p.tier,
            p.trigger.en, p.trigger.zh, p.summary_en, p.summary_zh, p.liable, p.liable_subject,
            p.enforcer, p.notes or "")).lower()
    return out


def parse_query(query: str) -> tuple[list[int], list[str]]:
    """The article numbers and the other words of a search text."""
    text = query.strip().lower()
    arts = [n for n in (parse_zh_numeral(m) for m in _ZH_ARTICLE.findall(text)) if n]
    text = _ZH_ARTICLE.sub(" ", text)
    arts += [int(m) for m in _EN_ARTICLE.findall(text)]
    text = _EN_ARTICLE.sub(" ", text)
    words = []
    for w in text.split():
        if w.isdigit():
            arts.append(int(w))
        else:
            words.append(w)
    return arts, words


def search_provisions(query: str, cat: Catalogue, liable: tuple[str, ...] | None = None) -> list[str]:
    """Ids of the provisions matching ``query`` (all of them for a blank query), in catalogue
    order; ``liable`` keeps only those liable kinds (e.g. ``("entity", "individual")``)."""
    arts, words = parse_query(query)
    hay = _haystacks(cat)
    out = []
    for p in cat.provisions.values():
        if liable is not None and p.liable not in liable:
            continue
        if arts and p.article not in arts:
            continue
        if all(w in hay[p.id] for w in words):
            out.append(p.id)
    return out
