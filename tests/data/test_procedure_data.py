"""data/procedure.yaml: it loads, agrees with the research notes' numbers, cites the working-day
article wherever "days" become working days, and a broken copy is refused with the entry named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import penalty
from penalty.catalogue.procedure import Procedure, load_procedure

PROC = load_procedure()


def reference(reference_dir: Path) -> dict[str, dict]:
    # beside the repository, or beside the folder holding a worktree of it
    found = [d / "procedure.yaml" for d in (reference_dir,
                                            reference_dir.parents[2] / "shared" / "reference")
             if (d / "procedure.yaml").exists()]
    if not found:
        pytest.skip(f"reference file not available: {reference_dir / 'procedure.yaml'}")
    raw = yaml.safe_load(found[0].read_text(encoding="utf-8"))
    return {r["id"]: r["numbers"] for r in raw["rules"]}


def period(code: str):
    return next(p for p in PROC.periods if p.code == code)


def test_numbers_agree_with_the_research_notes(reference_dir: Path):
    ref = reference(reference_dir)
    assert period("hearing_request").days == ref["apl-64-request"]["hearing_request_working_days"]
    assert period("earliest_hearing").days == ref["apl-64-notice"]["hearing_notice_working_days"]
    assert period("decision_due").days == ref["apl-60"]["decision_days_from_filing"]
    assert period("payment").days == ref["apl-67-payment"]["payment_days"]
    assert PROC.surcharge.rate_pct_per_day == ref["apl-72-surcharge"]["surcharge_pct_per_day"]
    assert PROC.surcharge.cap_pct_of_fine == 100  # "不得超出罚款的数额"
    assert period("publication").working_days == ref["pub-guobanfa-2018-118"][
        "publication_working_days"]
    assert period("reconsideration").days == ref["recon-20"]["apply_days"]
    assert period("reconsideration_absolute").years == ref["recon-20"]["absolute_years"]
    assert period("reconsideration_decision_due").days == ref["recon-acceptance-decision"][
        "decision_days"]
    assert period("lawsuit").months == ref["all-45-46"]["direct_suit_months"]
    assert period("lawsuit_after_reconsideration").days == ref["all-45-46"]["after_recon_days"]
    assert period("enforcement_window_closes").months == ref["acl-enforcement"][
        "court_application_months"]
    new = {c.class_: c for c in PROC.credit_regime(__import__("datetime").date(2026, 4, 1)).classes}
    n36 = ref["credit-ndrc-36"]
    assert (new["general"].min_months, new["general"].max_months) == (
        n36["general_min_months"], n36["general_max_months"])
    assert (new["serious"].min_months, new["serious"].max_months) == (
        n36["serious_min_months"], n36["serious_max_months"])
    assert new["minor"].max_months == n36["minor_max_months"]
    old = PROC.credit_regime(__import__("datetime").date(2026, 3, 31)).classes[0]
    assert (old.min_months, old.max_months) == (ref["credit-ndrc-58-legacy"]["min_months"],
                                                ref["credit-ndrc-58-legacy"]["max_months"])


def test_working_day_lengths_follow_each_instrument():
    assert PROC.instruments["APL"].working_day_lengths == (2, 3, 5, 7)   # APL Art. 85
    assert PROC.instruments["ARL"].working_day_lengths == (3, 5, 7, 10)  # ARL Art. 88
    assert max(PROC.instruments["ACL"].working_day_lengths) == 10        # ACL Art. 69
    assert 15 not in PROC.instruments["APL"].working_day_lengths          # payment: calendar


def test_a_period_turned_into_working_days_cites_the_article_that_does_it():
    for p in PROC.periods:
        inst = PROC.instruments[p.instrument]
        if p.days is not None and p.days in inst.working_day_lengths:
            art = inst.working_day_citation.split(" Art. ")[1]
            assert f"Art. {art}" in p.citation, p.code
            assert inst.working_day_citation_zh.strip("《》").split("》")[-1] in p.citation_zh, p.code


def test_every_period_is_bilingual_and_dated():
    for p in PROC.periods:
        assert p.en and p.zh and p.citation and p.citation_zh, p.code
        assert p.effective_from.year >= 2012


def test_every_assumption_a_timeline_can_report_is_defined():
    t = penalty.timeline({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                          "decision_date": "2026-04-15"}, notice_served="2026-03-02",
                         decision_received="2026-04-15", case_filed="2026-01-10")
    for a in t.assumptions:
        assert a.en and a.zh and a.citation and a.citation_zh


def _broken(tmp_path: Path, find: str, put: str) -> Path:
    src = Path(penalty.load_catalogue().root) / "procedure.yaml"
    text = src.read_text(encoding="utf-8")
    assert text.count(find) == 1, f"fixture out of date: {find!r}"
    (tmp_path / "procedure.yaml").write_text(text.replace(find, put), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("find, put, says", [
    ("  - code: payment\n", "  - code: reconsideration\n", "periods (id reconsideration): duplicate"),
    ("    runs_from: reconsideration_accepted\n", "    runs_from: acceptance\n",
     "'acceptance' is neither an event"),
    ("    days: 15\n    roll: true\n    kind: deadline\n    confidence: high\n    requires_fine",
     "    days: 15\n    months: 1\n    roll: true\n    kind: deadline\n    confidence: high\n"
     "    requires_fine", "give exactly one of days"),
    ("  rate_pct_per_day: 3\n", "  rate_pct_per_day: 3\n  rate_typo: 4\n", "rate_typo"),
    ("    assumptions: [statement_defence_period]\n", "    assumptions: [nonexistent]\n",
     "'nonexistent' is not defined"),
    ("      individual: {not_eligible_below_cny: 1000, eligible_from_cny: 10000}",
     "      individual: {not_eligible_below_cny: 10000, eligible_from_cny: 1000}",
     "eligible_from_cny must be at least"),
    ("      effective_to: 2026-04-01\n", "      effective_to: 2026-05-01\n",
     "credit.regimes (id ndrc-36-2025): overlaps ndrc-58-2023"),
])
def test_broken_copy_is_refused_naming_the_entry(tmp_path: Path, find: str, put: str, says: str):
    root = _broken(tmp_path, find, put)
    with pytest.raises(penalty.DataError) as exc:
        Procedure(root)
    assert "procedure.yaml" in str(exc.value)
    assert says in str(exc.value)
