from django.utils.translation import gettext as _

from alerts.rules.base import LegalBasis
from alerts.rules.common import CPL
from cases.choices import CaseKind, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_visit
from ..probe import RuleProbe

CODE = "av_recording_gap_area"


def session(world, visit, start, *, link=True, location=SessionLocation.HANDLING_AREA, **fields):
    return QuestioningSession.objects.create(
        external_id=f"XW-{visit.pk}-{start}",
        unit=world.s1,
        case=visit.case,
        person=visit.person,
        visit=visit if link else None,
        kind=SessionKind.INQUIRY,
        location=location,
        started_at=at(start),
        **fields,
    )


def test_criminal_questioning_with_a_gap_is_red(world):
    visit = make_visit(world.s1, case=make_case(world.s1, world.off_s1a), entered_at=at("2025-09-05 10:00"))
    session(world, visit, "2025-09-05 11:00", av_recorded=True, av_complete=False)
    probe = RuleProbe(CODE)
    probe.assert_due(visit, "2025-09-05 11:00")
    assert probe.rule.basis[0] == LegalBasis(CPL, _("Art. 123"))  # the legal basis shown


def test_administrative_only_from_2026_and_within_the_stay(world):
    admin_case = make_case(world.s1, kind=CaseKind.ADMINISTRATIVE)
    old = make_visit(world.s1, case=admin_case, entered_at=at("2025-12-30 10:00"))
    session(world, old, "2025-12-30 11:00", av_recorded=False)
    new = make_visit(
        world.s1, case=admin_case, entered_at=at("2026-01-02 10:00"), exited_at=at("2026-01-02 18:00")
    )
    session(world, new, "2026-01-02 11:00", link=False, av_recorded=False)
    probe = RuleProbe(CODE)
    assert probe.level(old, "2026-01-03 00:00") is None
    assert probe.level(new, "2026-01-03 00:00") == "red"


def test_complete_recording_or_elsewhere_does_not_fire(world):
    case = make_case(world.s1)
    complete = make_visit(world.s1, case=case, entered_at=at("2026-09-05 10:00"))
    session(world, complete, "2026-09-05 11:00", av_recorded=True, av_complete=True)
    elsewhere = make_visit(world.s1, case=case, entered_at=at("2026-09-05 10:00"))
    session(world, elsewhere, "2026-09-05 11:00", location=SessionLocation.SCENE, av_recorded=False)
    probe = RuleProbe(CODE)
    assert probe.level(complete, "2026-09-06 00:00") is None
    assert probe.level(elsewhere, "2026-09-06 00:00") is None
