"""The law references the pages' messages take as fields, read from the catalogue data
(``data/benchmark.yaml``, ``data/provisions/``): a message never writes an article number or a
law's name itself (``penalty/messages/app.yaml``). Each function returns the fields of one message
in the page's language."""

from __future__ import annotations

import re
from typing import Any

from penalty.catalogue.wording import article_en, article_zh
from penalty.messages import t

# A provision the search box offers as its example (a stable catalogue id; see data/README.md).
SEARCH_EXAMPLE_ID = "pipl-66-2-entity-serious"

_ART_EN = re.compile(r"Arts?\.\s*(\d+)")
_TITLE_ZH = re.compile(r"^《[^》]*》")
_NATIONAL = "中华人民共和国"  # national laws are cited without it (《行政处罚法》)
_NATIONAL_EN = " of the People's Republic of China"


def short_title(title: str, lang: str) -> str:
    """A national law's title as it is usually cited: without "of the People's Republic of
    China" / "中华人民共和国" (Data Security Law, 数据安全法)."""
    return title.removeprefix(_NATIONAL) if lang == "zh" else title.replace(_NATIONAL_EN, "")


def article_part(citation: str, lang: str) -> str:
    """The citation without its instrument: ``"Provision Art. 9(5)"`` -> ``"Art. 9(5)"``,
    ``"《规定》第九条第（五）项"`` -> ``"第九条第（五）项"``."""
    if lang == "zh":
        return _TITLE_ZH.sub("", citation, count=1)
    m = _ART_EN.search(citation)
    return citation[m.start():] if m else citation


def article_number(citation_en: str) -> int:
    """The first article a citation names (``"Provision Art. 12"`` -> 12)."""
    m = _ART_EN.search(citation_en)
    if m is None:
        raise ValueError(f"citation {citation_en!r} names no article")
    return int(m.group(1))


def law_part(citation: str, lang: str) -> str:
    """The instrument of a citation: ``"APL Art. 36"`` -> ``"APL"``, ``"《行政处罚法》第三十六条"`` ->
    ``"《行政处罚法》"``."""
    if lang == "zh":
        m = _TITLE_ZH.match(citation)
        return m.group(0) if m else ""
    m = _ART_EN.search(citation)
    return citation[:m.start()].strip() if m else citation


def fine_help(cat: Any, lang: str) -> dict[str, object]:
    """The split rule's article (Provision Art. 12), as the band range's help names it."""
    cite = cat.split.citation
    return {"art": article_part(cat.split.citation_zh, "zh") if lang == "zh" else article_number(cite)}


def derived_mark(cat: Any, lang: str) -> dict[str, object]:
    """The repeat-offence rule's article (Provision Art. 9(5))."""
    ro = cat.benchmark.repeat_offence
    return {"art": article_part(ro.citation_zh if lang == "zh" else ro.citation, lang)}


def also_help(cat: Any, lang: str) -> dict[str, object]:
    """The one-act-several-norms rule (APL Art. 29)."""
    return {"cite": cat.apl.one_act_citation_zh if lang == "zh" else cat.apl.one_act_citation}


def search_placeholder(cat: Any, lang: str) -> dict[str, object]:
    """An example query for the provision search: a law and article of the catalogue, as a user
    would type them (``PIPL 66, 第六十六条`` / ``个人信息保护法 第六十六条``)."""
    p = cat.provisions.get(SEARCH_EXAMPLE_ID) or next(iter(cat.provisions.values()))
    art = article_zh(p.article)
    if lang == "zh":
        return {"example": f"{short_title(p.law_title_zh, 'zh')} {art}"}
    return {"example": f"{p.law} {p.article}, {art}"}


def _range(first: str, last: str, lang: str) -> str:
    """Two citations of one law as a span: ``APL Arts. 30–33`` / ``《行政处罚法》第三十条至第三十三条``."""
    if lang == "zh":
        ends: tuple[object, object] = (article_part(first, "zh"), article_part(last, "zh"))
    else:
        ends = (article_number(first), article_number(last))
    return t("citation_span", lang, law=law_part(first, lang), first=ends[0], last=ends[1])


def method_computes(cat: Any, lang: str) -> dict[str, object]:
    """The Method page's summary: the APL's articles on the law version, limitation, the
    circumstances (ages to no penalty) and confiscation; the Provision's title and the first
    article whose number is reconstructed."""
    apl, meta = cat.apl, cat.benchmark.provision
    zh = lang == "zh"

    def cite(name: str) -> str:
        return str(getattr(apl, f"{name}_citation_zh" if zh else f"{name}_citation"))

    first_open = meta.numbering_confirmed_up_to + 1
    if zh:
        version = f"《{apl.title_zh}》{article_part(cite('law_version'), 'zh')}"
        limitation = article_part(cite("limitation"), "zh")  # the same law, named just before
        provision = t("provision_defined", "zh", title=meta.title_zh, short=meta.short_zh)
        reconstructed = meta.short_zh + article_zh(first_open)
    else:
        version, limitation = cite("law_version"), cite("limitation")
        provision, reconstructed = meta.short_en, article_en(first_open)
    return {"version_cite": version, "limitation_cite": limitation, "provision": provision,
            "circumstances_cite": _range(cite("age"), cite("no_penalty"), lang),
            "confiscation_cite": cite("confiscation"), "reconstructed_from": reconstructed}


def method_caveats(cat: Any, lang: str) -> dict[str, object]:
    """The first article of the Provision whose number is reconstructed (Art. 6 / 第六条)."""
    first_open = cat.benchmark.provision.numbering_confirmed_up_to + 1
    return {"reconstructed_from": article_zh(first_open) if lang == "zh" else article_en(first_open)}


def opt_apl_2021(cat: Any, lang: str) -> dict[str, object]:
    """The APL text in force today (the 2021 revision), for the option on its new grounds."""
    year = cat.param("apl.texts").latest[0].year
    if lang == "zh":
        return {"revision": t("apl_revision", "zh", year=year)}
    return {"revision": f"{year} {law_part(cat.apl.limitation_citation, 'en')}"}


_FIELDS = {"fine_help": fine_help, "derived_mark": derived_mark, "also_help": also_help,
           "search_placeholder": search_placeholder, "m_computes_body": method_computes,
           "m_caveats_body": method_caveats, "opt_apl_2021": opt_apl_2021}


def fields(key: str, lang: str) -> dict[str, object]:
    """The law fields of message ``key`` in ``lang`` (none for a message that names no law)."""
    make = _FIELDS.get(key)
    if make is None:
        return {}
    from app_pages.common import catalogue

    return make(catalogue(), lang)
