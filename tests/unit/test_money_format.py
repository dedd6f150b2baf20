"""One money formatter (penalty.money.format_cny / amount_text) for reasons, statements, the
observed-practice text and the app."""

from __future__ import annotations

from decimal import Decimal

from penalty.explain import fmt_en, fmt_zh
from penalty.export.statement import money as statement_money
from penalty.money import amount_text, format_cny


def test_whole_yuan_drop_the_fen_and_fen_stay():
    assert amount_text(Decimal("365000.00")) == "365,000"
    assert amount_text(Decimal("365000.50")) == "365,000.50"
    assert amount_text(1000) == "1,000"
    assert amount_text(Decimal("1000"), cents=True) == "1,000.00"


def test_both_languages():
    assert format_cny(Decimal("50000"), "en") == "CNY 50,000"
    assert format_cny(Decimal("50000"), "zh") == "50,000元"
    assert format_cny(Decimal("0.05"), "zh", cents=True) == "0.05元"


def test_the_callers_write_the_same():
    assert fmt_en(36_500_000) == "CNY 365,000"  # fen in, yuan out
    assert fmt_zh(36_500_050) == "365,000.50元"
    assert statement_money(Decimal("365000"), "en") == "CNY 365,000.00"
