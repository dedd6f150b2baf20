"""The pages' door to the message catalogue (``penalty/messages/*.yaml``) and the language list.
No text lives here: messages are in the catalogue; law names, articles and the labels of data codes
(bands, circumstances, liable party, fine basis, modality, confidence) come from ``data/``."""

from __future__ import annotations

from penalty.messages import catalogue
from penalty.messages import t as _t

LANGS = {"en": "English", "zh": "中文"}

S = catalogue()  # key -> (en, zh): the whole message catalogue, penalty/messages/*.yaml


def t(key: str, lang: str = "en", **kw: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``kw`` (``penalty.messages.t``) and, for a
    message that names a law, its article fields from the catalogue (``app_pages.cites``)."""
    from app_pages.cites import fields

    lang = "zh" if lang == "zh" else "en"
    return _t(key, lang, **fields(key, lang), **kw)
