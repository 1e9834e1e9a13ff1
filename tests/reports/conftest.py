"""A small hand-built October 2026 for the assessment tests (exact figures in test_indicators)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from alerts.models import Warning
from cases.choices import AdminDecision, CaseKind, DocumentKind, FilingReviewTier
from tests.conftest import World

from .factories import at, make_case, make_document, make_hit, make_item, make_patrol_warning, make_problem


@dataclass
class October:
    world: World
    problems: dict[str, Warning]
    cases: dict


def build_october(world: World) -> October:
    s1, s2 = world.s1, world.s2
    w = {}
    # S1's problems (see the docstring of test_indicators for what each one is).
    w["w1"] = make_problem(
        s1, created="2026-10-03 09:00", due="2026-10-10 18:00", closed="2026-10-09 10:00", element_type="case"
    )
    w["w2"] = make_problem(
        s1,
        created="2026-10-05 09:00",
        due="2026-10-12 18:00",
        closed="2026-10-15 10:00",
        element_type="person",
    )
    w["w3"] = make_problem(s1, created="2026-10-20 09:00", due="2026-10-27 18:00", element_type="property")
    w["w4"] = make_problem(
        s1, created="2026-10-25 09:00", due="2026-11-03 18:00", element_type="incident", regression_of=w["w1"]
    )
    w["w5"] = make_problem(s1, created="2026-10-06 09:00", due="2026-10-13 18:00", exempted=True)
    w["w6"] = make_problem(s1, created="2026-10-07 09:00", due="2026-10-14 18:00", kind="reminder")
    w["w7"] = make_problem(s1, created="2026-09-20 09:00", due="2026-09-30 18:00", element_type="case")
    w["w8"] = make_problem(s1, created="2026-09-25 09:00", due="2026-10-02 18:00", closed="2026-11-05 10:00")
    # S2: one problem rectified on time, and a custody overrun (veto).
    w["s2"] = make_problem(
        s2, created="2026-10-01 09:00", due="2026-10-08 18:00", closed="2026-10-08 18:00", element_type="case"
    )
    w["veto"] = make_patrol_warning(
        s2, rule_code="custody_2m_expiring", raised="2026-10-15 02:00", element_type="measure"
    )

    c = {}
    c["c1"] = make_case(
        s1,
        kind=CaseKind.CRIMINAL,
        accepted_at=at("2026-10-02 10:00"),
        filed_at=at("2026-10-04 10:00"),
        filing_review_tier=FilingReviewTier.STANDARD,
    )
    c["c2"] = make_case(
        s1,
        kind=CaseKind.CRIMINAL,
        accepted_at=at("2026-10-10 10:00"),
        filed_at=at("2026-10-20 10:00"),
        filing_review_tier=FilingReviewTier.STANDARD,
    )
    c["c3"] = make_case(
        s1,
        kind=CaseKind.ADMINISTRATIVE,
        accepted_at=at("2026-10-03 10:00"),
        decided_at=at("2026-10-15 10:00"),
        decision=AdminDecision.PENALTY,
        litigation_lost=True,
    )
    c["c4"] = make_case(s1, kind=CaseKind.ADMINISTRATIVE, accepted_at=at("2026-10-20 10:00"))
    c["c5"] = make_case(
        s1,
        kind=CaseKind.ADMINISTRATIVE,
        accepted_at=at("2026-09-01 10:00"),
        decided_at=at("2026-09-10 10:00"),
        decision=AdminDecision.PENALTY,
    )
    c["s2"] = make_case(s2, kind=CaseKind.CRIMINAL, accepted_at=at("2026-10-05 10:00"))
    make_document(s1, DocumentKind.ARREST_APPROVAL, case=c["c1"], received_at=at("2026-10-08 10:00"))
    make_document(s1, DocumentKind.NO_ARREST_DECISION, case=c["c2"], received_at=at("2026-10-12 10:00"))
    make_document(s1, DocumentKind.ARREST_APPROVAL, case=c["c2"], received_at=at("2026-11-02 10:00"))

    item1, item2 = make_item(1, "5.00"), make_item(2, "2.50")
    make_hit(item1, s1, decided="2026-10-10", chief=world.off_s1a, case=c["c1"])
    make_hit(item2, s1, decided="2026-10-20", officers=[world.off_s1b, world.off_s1a])
    make_hit(item1, s1, decided="2026-09-30", chief=world.off_s1a)
    return October(world=world, problems=w, cases=c)


@pytest.fixture
def october(world) -> October:
    return build_october(world)


# The bulletin tests' week of problems (a fixture, registered here for the whole package).
from .bulletin_data import week_data  # noqa: E402, F401
