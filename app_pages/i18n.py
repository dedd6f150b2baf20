"""UI strings in English and Chinese. Law names, articles, circumstance and band labels come from
the catalogue data, never from here."""

from __future__ import annotations

from penalty.messages import catalogue
from penalty.messages import t as _t

LANGS = {"en": "English", "zh": "中文"}

S = catalogue()  # key -> (en, zh): the whole message catalogue, penalty/messages/*.yaml

LIABLE = {"entity": ("entity", "单位"), "individual": ("individual", "个人"),
          "responsible_person": ("responsible persons", "直接责任人员")}
BASIS = {"none": ("no fine", "无罚款"), "fixed": ("fixed range", "固定幅度"),
         "gain_multiple": ("multiple of illegal gains", "违法所得倍数"),
         "procurement_multiple": ("multiple of procurement amount", "采购金额倍数"),
         "fixed_or_turnover": ("fixed or % of turnover", "固定金额或营业额比例")}
MODALITY = {"shall": ("mandatory", "应当并处"), "may": ("optional", "可以并处"),
            "alternative": ("one option", "选择适用"), "none": ("—", "—")}
CONF = {"high": ("high", "高"), "medium": ("medium", "中"), "low": ("low", "低")}


def t(key: str, lang: str = "en", **kw: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``kw`` (``penalty.messages.t``) and, for a
    message that names a law, its article fields from the catalogue (``app_pages.cites``)."""
    from app_pages.cites import fields

    lang = "zh" if lang == "zh" else "en"
    return _t(key, lang, **fields(key, lang), **kw)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]
