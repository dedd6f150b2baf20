"""English and Chinese wording of the case package's explanations.

Every user-facing sentence of ``penalty.cases`` is produced in both languages: the English field
stays as it was (``reasons``, ``warnings``, ``computed_from``, ``explanation``, ``note``) and a
Chinese counterpart sits next to it (``reasons_zh``, ``warnings_zh``, ``computed_from_zh``,
``explanation_zh``, ``note_zh``); warnings are also given as :class:`Notice` objects carrying a
stable ``code``. Law names and article references in the Chinese text come from the catalogue
(``Provision.law_title_zh``, ``citation_zh``, the benchmark Provision's ``title_zh``); only the
connecting words are here. Labels for the dataset's own codes (authority type, level, party type,
match level, implied band) are product vocabulary, not law; band names come from the catalogue.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


class Notice(BaseModel):
    """One warning in both languages, with a stable code the app can key on."""

    model_config = ConfigDict(frozen=True)

    code: str
    en: str
    zh: str


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not valid; valid: {', '.join(LANGS)}")
    return lang  # type: ignore[return-value]


MATCH_LEVEL_ZH = {"provision": "同一条款", "article": "同一条", "law_tier": "同一法律同一层级", "law": "同一法律"}
MATCH_LEVEL_EN = {"provision": "same provision", "article": "same article", "law_tier": "same law and tier",
                  "law": "same law"}

AUTHORITY_TYPE_ZH = {"cac": "网信部门", "public_security": "公安机关", "market_regulation": "市场监管部门",
                     "financial_regulator": "金融监管部门", "other": "其他部门"}
LEVEL_ZH = {"national": "国家级", "provincial": "省级", "city": "市级", "district": "区县级"}
PARTY_TYPE_ZH = {"company": "企业", "public_institution": "事业单位等公共机构", "individual": "个人"}
FINE_OF_ZH = {"entity": "单位罚款", "individual": "个人罚款"}
# Bands outside the catalogue's five (a fine above the statutory maximum).
EXTRA_BAND = {"above_maximum": ("above the maximum", "超过法定最高额")}

_ART = re.compile(r"Art\.?\s*(\d+)(?:\s*\((\d+)\))?")


def citation_zh_of(citation_en: str, title_zh: str) -> str:
    """A citation such as ``"Provision Art. 12"`` or ``"Provision Art. 5, Art. 12"`` in Chinese,
    with the instrument's catalogue title: ``《…》第12条``. Falls back to the title alone."""
    arts = [f"第{a}条" + (f"第{p}款" if p else "") for a, p in _ART.findall(citation_en)]
    return f"《{title_zh}》" + "、".join(arts)


def label_zh(mapping: dict[str, str], code: str) -> str:
    """The Chinese label of a dataset code, or the code itself when it has none."""
    return mapping.get(code, code)
