"""Selecting cases: the filters shared by the library, the app and the command line, and
matching a case to an article (linked provisions and the free-text ``articles`` column)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from penalty.cases._core import Core, default_core
from penalty.cases.schema import CaseRow, known_law_codes


@dataclass(frozen=True)
class CaseFilter:
    """Filters shared by the library and the CLI. Empty fields do not filter."""

    law: str | None = None
    # A number (45) or text ("Art 45", "DSL Art 45", "第四十五条"); matched against the linked
    # provisions and the free-text ``articles`` column (see ``article_matches``).
    article: int | str | None = None
    provision: str | None = None
    authority: str | None = None  # case-insensitive substring of the authority name
    level: str | None = None
    region: str | None = None  # case-insensitive substring
    authority_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    with_amount: bool = False

    def matches(self, c: CaseRow, core: Core | None = None) -> bool:
        if self.law and self.law.upper() not in c.laws:
            return False
        if self.provision:
            core = core or default_core()
            fam = core.family(self.provision) if core.has(self.provision) else {self.provision}
            if not fam & set(c.provision_ids):
                return False
        if self.article is not None:
            core = core or default_core()
            if not article_matches(c, self.article, self.law, core):
                return False
        if self.authority and self.authority.lower() not in c.authority.lower():
            return False
        if self.level and c.level != self.level:
            return False
        if self.region and self.region.lower() not in c.region.lower():
            return False
        if self.authority_type and c.authority_type != self.authority_type:
            return False
        if self.year_from is not None and (c.year is None or c.year < self.year_from):
            return False
        if self.year_to is not None and (c.year is None or c.year > self.year_to):
            return False
        return not (self.with_amount and not c.has_fine_amount)

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.__dict__.items() if v not in (None, False)]
        return ", ".join(parts) if parts else "no filter"


def case_articles(c: CaseRow, core: Core | None = None) -> frozenset[tuple[str | None, int]]:
    """``(law, article)`` pairs the case's free-text ``articles`` cell cites."""
    from penalty.cases.articles import cited_articles

    return cited_articles(c.articles, c.laws, known_law_codes(core))


def article_matches(c: CaseRow, article: int | str, law: str | None = None, core: Core | None = None) -> bool:
    """Whether a case concerns an article: one of its linked provisions has that article, or its
    ``articles`` text cites it. ``article`` may name the law ("DSL Art 45"); ``law`` (the --law
    filter) applies when it does not. An article cited without a recognisable law in the text (an
    instrument named in words) matches only when no law is asked for.
    Numbers are as the source reports them: CSL articles before 2026 use the 2017 numbering."""
    from penalty.cases.articles import parse_article_query

    core = core or default_core()
    q_law, number = parse_article_query(article, known_law_codes(core))
    want_law = q_law or (law.upper() if law else None)
    for pid in c.provision_ids:
        if core.has(pid):
            p = core.provision(pid)
            if p.article == number and (want_law is None or p.law == want_law):
                return True
    return any(a_num == number and (want_law is None or a_law == want_law)
               for a_law, a_num in case_articles(c, core))


def filter_cases(cases: Iterable[CaseRow], flt: CaseFilter, core: Core | None = None) -> list[CaseRow]:
    return [c for c in cases if flt.matches(c, core)]
