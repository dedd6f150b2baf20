"""English and Chinese wording of the case package's explanations.

Every user-facing sentence of ``penalty.cases`` is produced in both languages: the English field
stays as it was (``reasons``, ``warnings``, ``computed_from``, ``explanation``, ``note``) and a
Chinese counterpart sits next to it (``reasons_zh``, ``warnings_zh``, ``computed_from_zh``,
``explanation_zh``, ``note_zh``); warnings are also given as :class:`Notice` objects carrying a
stable ``code``. Law names and article references in the Chinese text come from the catalogue
(``Provision.law_title_zh``, ``citation_zh``, the benchmark Provision's ``title_zh``); only the
connecting words are in the message catalogue. Labels of the dataset's own codes (sanctions,
authority type, level, party type, match level, a band above the maximum), place names and the
authorities' Chinese names are data: ``data/case_labels.yaml`` (``penalty.cases.labels``); band
names come from the catalogue.
"""

from __future__ import annotations

import re
from typing import Literal

from penalty.base import Strict
from penalty.cases.labels import authority_rules, case_labels
from penalty.cases.schema import RowError
from penalty.catalogue.wording import article_zh
from penalty.messages import t

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


class Notice(Strict):
    """One warning in both languages, with a stable code the app can key on."""

    code: str
    en: str
    zh: str


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not valid; valid: {', '.join(LANGS)}")
    return lang


def code_label(kind: str, code: str, lang: str = "en") -> str:
    """The label of a case-set code from ``data/case_labels.yaml`` (``kind``: ``sanctions``,
    ``authority_types``, ``levels``, ``party_types``, ``match_levels``, ``fine_of``, ``bands``,
    ``regions``), or the code itself when it has none."""
    label = getattr(case_labels(), kind).get(code)
    if label is None:
        return code
    return label.zh if lang == "zh" else label.en


_ART = re.compile(r"Art\.?\s*(\d+)(?:\s*\((\d+)\))?")


def citation_zh_of(citation_en: str, title_zh: str) -> str:
    """A citation such as ``"Provision Art. 12"`` or ``"Provision Art. 5, Art. 12"`` in Chinese,
    with the instrument's catalogue title: ``《…》第十二条``. Falls back to the title alone."""
    arts = [article_zh(int(a), int(p) if p else None) for a, p in _ART.findall(citation_en)]
    return f"《{title_zh}》" + "、".join(arts)


def label_zh(kind: str, code: str) -> str:
    """The Chinese label of a dataset code, or the code itself when it has none."""
    return code_label(kind, code, "zh")


def sanction_label(code: str, lang: str = "en") -> str:
    return code_label("sanctions", code, lang)


def _place(name: str) -> str:
    return case_labels().places.get(name, name)


def authority_zh(name: str) -> str:
    """The dataset's English authority name in Chinese, from the first pattern of
    ``data/case_labels.yaml`` that matches and the place names there; a name no pattern knows
    stays in English."""
    notes = case_labels().notes
    for pattern, template in authority_rules():
        m = pattern.match(name)
        if m:
            text = template.format(**{k: _place(v) for k, v in m.groupdict().items()})
            note = re.search(r"\(([^()]*)\)\s*$", name)
            if note and note.group(1) in notes:
                text = t("name_with_note", "zh", name=text, note=notes[note.group(1)])
            return text
    return name


def region_zh(region: str) -> str:
    """'Hubei (inferred ...)' -> '湖北（推定）'; 'undisclosed' -> '未披露' (names from
    ``data/case_labels.yaml``)."""
    if region in ("undisclosed", "", None):
        return code_label("regions", "undisclosed", "zh")
    head, _, rest = str(region).partition(" (")
    if head.startswith("national"):
        return code_label("regions", "national", "zh")
    inferred = "inferred" in rest
    if " or " in head:
        first, *others = [_place(x.strip()) for x in head.split(" or ")]
        for other in others:
            first = t("place_either", "zh", a=first, b=other)
        head, inferred = first, True
    else:
        head = _place(head)
    return t("name_with_note", "zh", name=head, note=case_labels().notes["inferred"]) if inferred else head


_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")  # a name left (partly) in English


def unnamed_in_chinese(rows: list[dict[str, str]]) -> list[RowError]:
    """The ``authority`` and ``region`` cells of case records (as read from the CSV; the header is
    row 1) that have no Chinese name in ``data/case_labels.yaml``: Chinese mode would show them in
    English. Add the place to ``places`` or a pattern to ``authorities``."""
    problems: list[RowError] = []
    for i, raw in enumerate(rows):
        cid = str(raw.get("case_id") or "").strip()
        for column, to_zh in (("authority", authority_zh), ("region", region_zh)):
            value = str(raw.get(column) or "").strip()
            if value and _LATIN_WORD.search(to_zh(value)):
                problems.append(RowError(i + 2, cid, column, value,
                                         f"has no Chinese name (shown as {to_zh(value)!r}); add it to "
                                         "data/case_labels.yaml (places, or a pattern under authorities)"))
    return problems
