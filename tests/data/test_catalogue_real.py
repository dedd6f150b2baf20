"""The real data/ folder: it loads, it covers the reference statute list, versions do not overlap,
every link and citation resolves, and the tables the engine relies on are complete."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import penalty
from penalty.catalogue import Catalogue
from penalty.catalogue.loader import forget_validated
from penalty.catalogue.yamlfile import safe_load

REPO = Path(__file__).resolve().parents[2]
_REFERENCE = Path("shared") / "reference" / "statutes.yaml"
# beside the repository, looked for upwards so that a git worktree in a subfolder finds it too
REFERENCE_STATUTES = next((p / _REFERENCE for p in REPO.parents if (p / _REFERENCE).exists()),
                          REPO.parent / _REFERENCE)
HORIZON = dt.date(2031, 1, 1)  # dates after the last known version are checked up to here

# issue 2, "The contract": the circumstance codes every case may use
ISSUE_CIRCUMSTANCES = [
    "minor_corrected_no_harm", "no_subjective_fault", "mental_incapacity",
    "first_offence_minor_harm_corrected", "eliminated_or_reduced_harm", "coerced_or_induced",
    "confessed_unknown_violation", "meritorious_cooperation", "partial_mental_capacity",
    "serious_network_security_harm", "serious_personal_information_violation",
    "serious_minors_protection_breach", "strong_public_reaction", "repeat_offence_within_year",
    "instigated_or_coerced_others", "evidence_tampering", "obstructed_enforcement", "retaliation",
    "egregious_other", "harm_to_life_health_or_finance",
]
CJK = re.compile(r"[\u4e00-\u9fff]")
CITATION = re.compile(r"^(Provision|APL) Art\. \d+(\(\d+\))?(; (Provision|APL) Art\. \d+(\(\d+\))?)*$")


@pytest.fixture(scope="module")
def reference() -> list[dict]:
    if not REFERENCE_STATUTES.exists():
        pytest.skip(f"reference file not available: {REFERENCE_STATUTES}")
    with open(REFERENCE_STATUTES, encoding="utf-8") as fh:
        return safe_load(fh.read())


def test_real_data_loads_fresh(data_dir):
    forget_validated()  # every file parsed and validated, even if a copy was read before
    cat = Catalogue(data_dir)  # not the cached one: a full validation run
    assert len(cat.provisions) > 150
    assert re.fullmatch(r"[0-9a-f]{64}", cat.digest)


# ------------------------------------------------------------------ coverage of the reference
def test_every_reference_provision_with_a_fine_is_in_the_catalogue(reference, catalogue):
    with_fine = [e["id"] for e in reference if e["fine"]["basis"] != "none"]
    assert with_fine, "the reference file lists no fine provision"
    missing = [i for i in with_fine if i not in catalogue.provisions and i not in catalogue.retired]
    assert missing == []


def test_every_reference_id_is_in_the_catalogue(reference, catalogue):
    # a retired id (e.g. CSL 2017 Art. 69, split by item) is covered by its successors
    missing = [e["id"] for e in reference
               if e["id"] not in catalogue.provisions and e["id"] not in catalogue.retired]
    assert missing == []


def _entries(reference: list[dict], catalogue) -> list[tuple[dict, object]]:
    """(reference entry, catalogue provision) pairs; a retired id pairs with each successor."""
    pairs = []
    for e in reference:
        ids = catalogue.retired[e["id"]].replaced_by if e["id"] in catalogue.retired else [e["id"]]
        pairs += [(e, catalogue.provisions[i]) for i in ids]
    return pairs


FINE_FIELDS = ["basis", "modality", "min_cny", "max_cny", "max_only", "min_multiple",
               "max_multiple", "multiple_of", "gain_threshold_cny", "fallback_min_cny",
               "fallback_max_cny", "turnover_pct_max"]


def _same(ref_value, ours) -> bool:
    if ref_value is None or ours is None:
        return ref_value is None and (ours is None or ours is False)
    if isinstance(ours, Decimal):
        return Decimal(str(ref_value)) == ours
    return ref_value == ours


def test_fines_transcribed_as_in_the_reference(reference, catalogue):
    diffs = []
    for e, p in _entries(reference, catalogue):
        for f in FINE_FIELDS:
            if not _same(e["fine"].get(f), getattr(p.fine, f)):
                diffs.append(f"{p.id}: fine.{f} reference {e['fine'].get(f)!r}, "
                             f"catalogue {getattr(p.fine, f)!r}")
    assert diffs == []


def test_articles_tiers_parties_and_dates_as_in_the_reference(reference, catalogue):
    diffs = []
    for e, p in _entries(reference, catalogue):
        ours = {"article": p.article, "paragraph": p.paragraph, "tier": p.tier,
                "liable": p.liable, "cac_enforced": p.cac_enforced,
                "version_effective": p.effective_from.isoformat(),
                "version_repealed": p.effective_to.isoformat() if p.effective_to else None}
        for k, v in ours.items():
            theirs = e[k] if e[k] is None or not k.startswith("version") else str(e[k])
            if theirs != v:
                diffs.append(f"{p.id}: {k} reference {theirs!r}, catalogue {v!r}")
        # links of the reference are kept (the catalogue makes them two-way); a link to or from
        # a retired id is kept by one of its successors
        def successors(i: str) -> set[str]:
            return set(catalogue.retired[i].replaced_by) if i in catalogue.retired else {i}
        linked = set(p.counterparts) | set(p.refers_to)
        if e["id"] in catalogue.retired:
            linked = set().union(*(set(catalogue.provisions[s].counterparts)
                                   for s in catalogue.retired[e["id"]].replaced_by))
        lost = {r for r in e.get("related") or [] if not successors(r) & linked}
        if lost:
            diffs.append(f"{p.id}: reference links {sorted(lost)} missing")
    assert diffs == []


# ----------------------------------------------------------------------------- versions
def _days(start: dt.date, end: dt.date) -> np.ndarray:
    return np.arange(np.datetime64(start, "D"), np.datetime64(end, "D"))


def test_exactly_one_version_of_each_law_in_force_on_every_covered_date(catalogue):
    by_law: dict[str, list] = {}
    for (code, _version), inst in catalogue.instruments.items():
        by_law.setdefault(code, []).append(inst)
    problems = []
    for code, versions in by_law.items():
        first = min(v.effective_from for v in versions)
        last = max((v.effective_to or HORIZON) for v in versions)
        days = _days(first, last)
        in_force = np.zeros(len(days), dtype=int)
        for v in versions:
            to = np.datetime64(v.effective_to or dt.date.max, "D")
            in_force += (days >= np.datetime64(v.effective_from, "D")) & (days < to)
        bad = days[in_force != 1]
        if len(bad):
            problems.append(f"{code}: {in_force[in_force != 1][0]} versions in force on {bad[0]} "
                            f"({len(bad)} such days)")
    assert problems == []


def test_each_provision_resolves_to_itself_while_in_force(catalogue):
    # "in force on date D" lookups: on its first and last day a provision is its own version,
    # and the day after its end its counterpart (if any) of the next version takes over.
    problems = []
    for p in catalogue.provisions.values():
        last = (p.effective_to - dt.timedelta(days=1)) if p.effective_to else HORIZON
        for day in (p.effective_from, last):
            if catalogue.version_in_force(p.id, day) != p.id:
                problems.append(f"{p.id} on {day}: {catalogue.version_in_force(p.id, day)}")
        if p.effective_from > dt.date(2000, 1, 1):
            before = catalogue.version_in_force(p.id, p.effective_from - dt.timedelta(days=1))
            if before is not None and catalogue.provisions[before].law_version == p.law_version:
                problems.append(f"{p.id}: same version in force before it started")
        if p.effective_to and p.counterparts:
            after = catalogue.version_in_force(p.id, p.effective_to)
            if after is None or catalogue.provisions[after].law_version == p.law_version:
                problems.append(f"{p.id}: no later counterpart in force on {p.effective_to}")
    assert problems == []


def test_in_force_lists_one_version_per_law(catalogue):
    for day in (dt.date(2025, 12, 31), dt.date(2026, 1, 1)):
        versions = {(p.law, p.law_version) for p in catalogue.in_force(day)}
        laws = [law for law, _ in versions]
        assert len(laws) == len(set(laws)), f"{day}: {sorted(versions)}"
    assert {p.law_version for p in catalogue.in_force(dt.date(2025, 12, 31), "CSL")} == {"2017"}
    assert {p.law_version for p in catalogue.in_force(dt.date(2026, 1, 1), "CSL")} == {"2026"}


# ------------------------------------------------------------------ links and citations
def test_counterparts_resolve_link_back_and_are_other_versions(catalogue):
    problems = []
    for p in catalogue.provisions.values():
        for c in p.counterparts:
            q = catalogue.provisions.get(c)
            if q is None:
                problems.append(f"{p.id}.counterparts: {c} does not exist")
                continue
            if p.id not in q.counterparts:
                problems.append(f"{p.id}.counterparts: {c} does not link back")
            if q.law != p.law or q.law_version == p.law_version:
                problems.append(f"{p.id}.counterparts: {c} is not another version of {p.law}")
        for r in p.refers_to:
            if r not in catalogue.provisions:
                problems.append(f"{p.id}.refers_to: {r} does not exist")
    assert problems == []


def test_responsible_person_links_share_article_and_tier(catalogue):
    linked = 0
    for p in catalogue.provisions.values():
        q = catalogue.persons_provision(p.id)
        if q is None:
            continue
        linked += 1
        assert p.liable == "entity" and q.liable == "responsible_person"
        assert (q.law, q.law_version, q.article, q.paragraph) == \
            (p.law, p.law_version, p.article, p.paragraph)
        # same tier, unless the entry names its persons' provision (the statute fines the
        # persons whatever the entity's tier)
        assert q.tier == p.tier or p.persons == q.id
    assert linked > 30


# Point 4 of issue 9: the statute fines responsible persons at every tier of the entity's fine.
@pytest.mark.parametrize("entity, persons", [
    ("csl2017-64-1-entity-serious", "csl2017-64-1-person-base"),
    ("mpl-127-0-entity-refuse_or_serious", "mpl-127-0-person-base"),
    ("mnpr-56-0-entity-refuse_or_serious", "mnpr-56-0-person-base"),
    ("csl2026-66-2-entity-base", "csl2026-66-2-person-base"),
    ("csl2026-68-2-entity-base", "csl2026-68-2-person-base"),
    ("ciir-43-2-entity-base", "ciir-43-2-person-base"),
    ("csl2017-67-2-entity-base", "csl2017-67-2-person-base"),
])
def test_persons_linked_at_every_tier(catalogue, entity, persons):
    assert catalogue.persons_provision(entity).id == persons


def test_persons_serious_tiers_exist(catalogue):
    # "情节较重": the persons are punished as individuals under the first paragraph
    for pid, lo, hi in (("csl2017-67-2-person-aggravated", 50_000, 500_000),
                        ("csl2026-68-2-person-aggravated", 50_000, 500_000),
                        ("csl2026-66-2-person-aggravated", 100_000, 1_000_000),
                        ("ciir-43-2-person-aggravated", 100_000, 1_000_000)):
        p = catalogue.get(pid)
        assert (p.liable, p.fine.min_cny, p.fine.max_cny) == ("responsible_person", lo, hi)
        assert p.fine.modality == "may" and not p.cac_enforced and p.enforcer_zh == "公安机关"


def test_persons_in_charge_only_entries(catalogue):
    flagged = sorted(p.id for p in catalogue.provisions.values() if p.persons_in_charge_only)
    assert flagged == sorted([
        "csl2017-59-1-person-refuse_or_harm", "csl2017-59-2-person-refuse_or_harm",
        "csl2017-60-0-person-refuse_or_harm", "csl2026-62-1-person-refuse_or_harm",
        "ciir-39-0-person-refuse_or_harm", "ciir-40-0-person-refuse_or_harm"])


def test_old_csl_69_split_by_item(catalogue):
    # item (1) -> 2026 Art. 69(1); items (2)-(3) -> 2026 Art. 70
    for tier in ("entity-base", "entity-refuse_or_serious", "person-refuse_or_serious"):
        one = catalogue.get(f"csl2017-69-0-item1-{tier}")
        rest = catalogue.get(f"csl2017-69-0-items2_3-{tier}")
        assert one.items == (1,) and rest.items == (2, 3)
        assert [c[:12] for c in one.counterparts] == ["csl2026-69-1"]
        assert [c[:12] for c in rest.counterparts] == ["csl2026-70-0"]
    assert catalogue.get("csl2017-69-0-item1-entity-base").citation_zh == \
        "《中华人民共和国网络安全法》第六十九条第（一）项"
    assert "csl2017-69-0-entity-base" in catalogue.retired


@pytest.mark.parametrize("old, new", [
    ("csl2017-68-2-entity-refuse_or_serious", "csl2026-69-3-entity-refuse_or_serious"),
    ("csl2017-64-1-entity-serious", "csl2026-71-1-referral"),
    ("csl2017-67-1-individual-aggravated", "csl2026-68-1-individual-aggravated"),
])
def test_missing_counterparts_added(catalogue, old, new):
    assert new in catalogue.get(old).counterparts and old in catalogue.get(new).counterparts


def test_strong_public_reaction_label(catalogue):
    assert catalogue.circumstances["strong_public_reaction"].zh.endswith(
        "引发群体性事件或者造成其他严重不良社会影响")


def test_every_provision_is_sourced_and_citable(catalogue):
    for p in catalogue.provisions.values():
        assert p.sources and all(s.startswith("http") for s in p.sources), p.id
        assert p.citation_en.startswith(f"{p.law} {p.law_version}"), p.id
        assert p.citation_zh.startswith("《"), p.id
        assert p.trigger.en and p.trigger.zh, p.id


def test_band_and_circumstance_citations_are_articles(catalogue):
    for c in catalogue.circumstances.values():
        assert CITATION.match(c.citation), f"{c.code}: {c.citation!r}"
    for b in catalogue.bands:
        assert re.match(r"^(Provision|APL) Art\. \d+", b.citation), f"{b.code}: {b.citation!r}"
    assert catalogue.split.citation == "Provision Art. 12"


def test_case_dataset_ids_resolve(catalogue, data_dir):
    cases = pd.read_csv(data_dir / "cases.csv", dtype=str)
    ids = {i for cell in cases["provision_ids"].dropna() for i in cell.split(";") if i}
    assert ids, "no case carries a provision id"
    assert sorted(ids - set(catalogue.provisions)) == []


def test_provision_ids_named_in_the_code_resolve(catalogue):
    # Any full catalogue id quoted in penalty/ (docstrings, messages) must exist.
    pattern = re.compile(r"\b[a-z]+[0-9]*-[0-9]+-[0-9]+-(?:entity|person|individual)-[a-z_]+\b")
    found = {}
    for path in (REPO / "penalty").rglob("*.py"):
        for m in pattern.findall(path.read_text(encoding="utf-8")):
            found.setdefault(m, path.name)
    unknown = {i: f for i, f in found.items() if i not in catalogue.provisions}
    assert unknown == {}


# ------------------------------------------------------------------ benchmark, circumstances
def test_benchmark_as_the_issue_states_it(catalogue):
    sp = catalogue.split_on(dt.date(2025, 8, 1))
    assert (sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp) == (30, 70, 10)
    assert sp.provision_from == catalogue.benchmark_from == dt.date(2025, 8, 1)
    assert catalogue.band_codes == ("no_penalty", "mitigated", "lenient", "standard",
                                    "aggravated")
    for b in catalogue.bands:
        assert b.en and CJK.search(b.zh) and b.citation


@pytest.mark.parametrize("code", ISSUE_CIRCUMSTANCES)
def test_issue_circumstance_exists_with_labels_and_citation(catalogue, code):
    c = catalogue.circumstances.get(code)
    assert c is not None, f"{code} missing from data/factors.yaml"
    assert c.en.strip()
    assert CJK.search(c.zh), f"{code}: zh label {c.zh!r} has no Chinese text"
    assert c.citation.strip()


def test_derived_circumstances_exist(catalogue):
    # the engine derives these from party.age (APL Art. 30)
    for code in ("under_14", "age_14_to_17"):
        assert catalogue.circumstances[code].derived


def test_every_assumption_used_by_the_rules_exists(catalogue):
    from penalty.rules.assumptions import CODES

    assert len(CODES) == len(set(CODES)) == 34
    assert sorted(set(CODES) - set(catalogue.assumptions)) == []


def test_every_assumption_has_both_languages_and_a_citation(catalogue):
    for a in catalogue.assumptions.values():
        assert a.en.strip() and CJK.search(a.zh) and a.citation.strip(), a.id
        if a.option:
            assert a.option in penalty.Case.model_fields["options"].annotation.model_fields, a.id
