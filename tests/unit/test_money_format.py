"""One money formatter (penalty.money.format_cny / amount_text) for reasons, statements, the
observed-practice text and the app."""

from __future__ import annotations

from decimal import Decimal

from penalty.explain import money as reason_money
from penalty.export.statement import money as statement_money
from penalty.money import amount_text, exact_text, format_cny


def test_whole_yuan_drop_the_fen_and_fen_stay():
    assert amount_text(Decimal("365000.00")) == "365,000"
    assert amount_text(Decimal("365000.50")) == "365,000.50"
    assert amount_text(1000) == "1,000"
    assert amount_text(Decimal("1000"), cents=True) == "1,000.00"


def test_an_exact_share_keeps_up_to_four_decimals():
    assert exact_text(Decimal("1234.5678")) == "1,234.5678"
    assert exact_text(Decimal("1234.5")) == "1,234.50"
    assert exact_text(Decimal("1234")) == "1,234.00"
    assert exact_text(Decimal("0.0125")) == "0.0125"


def test_both_languages():
    assert format_cny(Decimal("50000"), "en") == "CNY 50,000"
    assert format_cny(Decimal("50000"), "zh") == "50,000元"
    assert format_cny(Decimal("0.05"), "zh", cents=True) == "0.05元"


def test_the_callers_write_the_same():
    assert reason_money(36_500_000) == ("CNY 365,000", "365,000元")  # fen in, yuan out
    assert reason_money(36_500_050) == ("CNY 365,000.50", "365,000.50元")
    assert statement_money(Decimal("365000"), "en") == "CNY 365,000.00"


def test_no_amount_is_written_past_the_formatter():
    # An amount (a name ending in _cny) formatted in place with a thousands separator, e.g.
    # f"{x.fine_cny:,}" or f"{total_cny:,.2f}", would bypass penalty.money.
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\{[^{}]*_cny[^{}:]*:[^{}]*,[^{}]*\}")
    found = [f"{path.relative_to(root)}:{n}: {line.strip()}"
             for folder in ("penalty", "app_pages")
             for path in sorted((root / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == []
