from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_document, make_measure, make_person
from ..probe import RuleProbe

CODE = "continued_questioning_family"


def questioning(world, **fields):
    defaults = {"started_at": at("2026-09-05 09:50"), "decided_at": at("2026-09-05 10:00")}
    return make_measure(world.s1, kind=MeasureKind.CONTINUED_QUESTIONING, **{**defaults, **fields})


def test_red_one_hour_after_the_approval(world):
    measure = questioning(world)
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-05 10:59") is None  # red only
    probe.assert_due(measure, "2026-09-05 11:00")
    no_approval_time = questioning(world, decided_at=None)
    probe.assert_due(no_approval_time, "2026-09-05 10:50")


def test_notice_in_time_never_red_late_notice_is_a_breach(world):
    noted = questioning(world, family_notified_at=at("2026-09-05 10:30"))
    served = questioning(world)
    make_document(world.s1, DocumentKind.FAMILY_NOTICE, measure=served, issued_at=at("2026-09-05 10:40"))
    late = questioning(world, family_notified_at=at("2026-09-05 11:30"))
    probe = RuleProbe(CODE)
    assert probe.level(noted, "2026-09-05 12:00") is None
    assert probe.level(served, "2026-09-05 12:00") is None
    assert probe.row(late, at("2026-09-05 12:00"))["late"]


def test_not_counted_reason_unknown_identity_or_released(world):
    waived = questioning(world, family_notice_waiver="无家属")
    unknown = questioning(world, person=make_person(world.s1, identity_unknown=True))
    released = questioning(world, ended_at=at("2026-09-05 10:40"))
    probe = RuleProbe(CODE)
    for measure in (waived, unknown, released):
        assert probe.level(measure, "2026-09-05 12:00") is None
