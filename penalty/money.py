"""One reading of an amount of money in CNY, for every door into the library.

``parse_cny`` is used by the ``Case`` model (JSON, dicts, the app's shared links and uploads)
and by the frame reader (CSV, XLSX, ``assess_frame``), so an amount that one accepts the other
accepts, to the same fen, and an amount that one refuses the other refuses with the same words.

The grammar (after Unicode NFKC normalisation, so full-width digits and commas typed by a
Chinese input method read as their ASCII forms, and after trimming spaces):

    amount   = ["¥"] number [unit] ["元"]
    number   = ["+" | "-"] digits ["." [digits]] [exponent]  |  ["+" | "-"] "." digits [exponent]
    digits   = one or more digits, or groups of three digits separated by "," (1,000,000)
    unit     = "万" (x 10,000) | "亿" (x 100,000,000) | "万亿" (x 10**12)

The amount must be zero or positive, below ``MAX_CNY`` and have at most two decimals (fen)
once the unit is applied. A comma is only ever a thousands separator in well-formed groups of
three: "1,2,3" and "1,50" (a decimal comma, as written in much of Europe) are refused with a
message naming the field and the value, never read as 123 or 150. Booleans are not amounts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from penalty.errors import InputError

# Amounts stay below 10 trillion yuan, so every product of an amount and a statutory multiple
# fits in int64 fen.
MAX_CNY = 10**13
FEN_QUANTUM = Decimal("0.01")
MAX_TEXT = 64  # characters: no amount below MAX_CNY needs more; longer text is refused unread

SPELLINGS = ("a number of yuan, e.g. 120000, 99.50, 1,000,000, 5万, 2亿元 or 3.5万元 "
             "(a comma only separates thousands, in groups of three)")
SPELLINGS_ZH = "以元为单位的金额，如 120000、99.50、1,000,000、5万、2亿元 或 3.5万元（逗号只用作千位分隔，每组三位）"

_UNITS = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}
_AMOUNT = re.compile(r"""
    ¥?\s*
    (?P<sign>[+-])?
    (?P<int>\d{1,3}(?:,\d{3})+|\d*)
    (?:\.(?P<frac>\d*))?
    (?:[eE](?P<exp>[+-]?\d{1,6}))?
    \s*(?P<unit>万亿|万|亿)?
    \s*元?
""", re.VERBOSE | re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")


def shown(value: object) -> object:
    """The value as an error message may show it: very long text or integers are shortened
    (``repr`` of an integer of more than 4,300 digits raises in Python 3.11+)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        digits = int(math.log10(abs(value))) + 1
        return f"(an integer of about {digits} digits)"
    if isinstance(value, str) and len(value) > 80:
        return value[:60] + f"… ({len(value)} characters)"
    return value


def _refuse(field: str, value: object, allowed: str) -> InputError:
    return InputError(field, shown(value), allowed)


def parse_cny(value: object, field: str) -> Decimal:
    """The amount ``value`` (text, integer, float or Decimal) as an exact Decimal of yuan.

    Raises :class:`InputError` naming ``field``, the value and the valid spellings. Blank
    values are the caller's business (they mean "not given"): pass only a present value.
    """
    if isinstance(value, bool) or value is None:
        raise _refuse(field, value, f"must be {SPELLINGS}")
    if isinstance(value, int):
        if value < 0:
            raise _refuse(field, value, "must be zero or a positive number of yuan")
        if value >= MAX_CNY:
            raise _refuse(field, value, f"must be below {MAX_CNY:,} yuan")
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _refuse(field, value, "must be zero or a positive number of yuan")
        amount = Decimal(repr(value))  # the shortest text that reads back as this float
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        amount = _from_text(value, field)
    else:
        raise _refuse(field, value, f"must be {SPELLINGS}")
    return _checked(amount, value, field)


def _from_text(value: str, field: str) -> Decimal:
    if len(value) > MAX_TEXT:
        raise _refuse(field, value, f"must be {SPELLINGS}")
    text = unicodedata.normalize("NFKC", value).strip()
    m = _AMOUNT.fullmatch(text)
    if m is None or not (m["int"] or m["frac"]):
        if _DECIMAL_COMMA.fullmatch(text):
            raise _refuse(field, value, "uses a comma as the decimal mark; write the decimals "
                          f"with a point ({text.replace(',', '.')}) — a comma only separates "
                          "thousands, in groups of three (1,000,000)")
        raise _refuse(field, value, f"must be {SPELLINGS}")
    number = (m["sign"] or "") + (m["int"] or "0").replace(",", "")
    if m["frac"]:
        number += "." + m["frac"]
    if m["exp"]:
        number += "e" + m["exp"]
    try:
        amount = Decimal(number) * _UNITS[m["unit"] or ""]
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise _refuse(field, value, f"must be {SPELLINGS}") from None
    return amount


def _checked(amount: Decimal, value: object, field: str) -> Decimal:
    if not amount.is_finite() or amount < 0:
        raise _refuse(field, value, "must be zero or a positive number of yuan")
    if amount >= MAX_CNY:
        raise _refuse(field, value, f"must be below {MAX_CNY:,} yuan")
    if amount != amount.quantize(FEN_QUANTUM):
        raise _refuse(field, value, "may have at most two decimals (fen)")
    if amount == 0:
        return Decimal(0)  # "-0" and "0e5" are zero
    if amount.as_tuple().exponent > 0:  # type: ignore[operator]  # 1E+2 -> 100
        return amount.quantize(Decimal(1))
    return amount


def parse_fen(value: object, field: str) -> int:
    """The amount as exact integer fen (1 yuan = 100 fen)."""
    return int(parse_cny(value, field) * 100)


def amount_text(value: Decimal | int, cents: bool = False) -> str:
    """The one way an amount is written: ``365,000`` (fen shown only when not zero:
    ``365,000.50``), or always with two decimals when ``cents`` (``365,000.00``)."""
    text = f"{Decimal(value):,.2f}"
    return text if cents else text.removesuffix(".00")


def exact_text(value: Decimal) -> str:
    """An amount that may hold fractions of a fen (a share of an amount, before rounding),
    written with its decimals up to four and at least two: ``1,234.5678``, ``1,234.50``."""
    text = f"{value:,.4f}".rstrip("0")
    return text if len(text.split(".")[1]) >= 2 else f"{value:,.2f}"


def format_cny(value: Decimal | int, lang: str = "en", cents: bool = False) -> str:
    """An amount in yuan as a reader sees it: ``CNY 365,000`` in English, ``365,000元`` in
    Chinese (see :func:`amount_text`)."""
    return with_unit(amount_text(value, cents), lang)


def with_unit(text: str, lang: str = "en") -> str:
    """An amount already written as digits, with the currency as a reader sees it: ``CNY 1.2345``
    in English, ``1.2345元`` in Chinese (:func:`amount_text` or :func:`exact_text`)."""
    return f"{text}元" if lang == "zh" else f"CNY {text}"
