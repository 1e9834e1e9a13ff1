from cases.choices import CaseKind, DocumentDirection, DocumentKind, PersonRole, RecipientKind

from ..factories import at, make_case, make_document, make_person
from ..probe import RuleProbe


def opinion(world, received="2026-09-07 10:00", kind=CaseKind.ADMINISTRATIVE, victim=False):
    case = make_case(world.s1, world.off_s1a, kind=kind, cause="殴打他人")
    if victim:
        make_person(world.s1, case=case, role=PersonRole.VICTIM)
    return make_document(
        world.s1,
        DocumentKind.APPRAISAL_OPINION,
        case=case,
        direction=DocumentDirection.RECEIVED,
        issued_at=at(received),
    )


def notice(world, doc, when, recipient=RecipientKind.SUSPECT, **fields):
    return make_document(
        world.s1,
        DocumentKind.APPRAISAL_NOTICE,
        case=doc.case,
        issued_at=at(when),
        served_at=at(when),
        recipient_kind=recipient,
        **fields,
    )


def test_five_days_from_receipt(world):
    doc = opinion(world, received="2026-09-02 10:00")
    probe = RuleProbe("admin_appraisal_notice_late")
    probe.assert_levels(
        doc, {"2026-09-05 23:59": None, "2026-09-06 00:00": "blue", "2026-09-07 00:00": "yellow"}
    )
    probe.assert_due(doc, "2026-09-07 24:00")
    row = probe.row(doc, at("2026-09-08 09:00"))
    assert row["case_id"] == doc.case_id and row["officer_id"] == world.off_s1a.pk


def test_a_last_day_on_a_saturday_rolls_over(world):
    doc = opinion(world, received="2026-09-07 10:00")  # 5 days end on Saturday 12 September
    RuleProbe("admin_appraisal_notice_late").assert_due(doc, "2026-09-14 24:00")


def test_with_a_victim_both_must_be_served(world):
    doc = opinion(world, victim=True)
    notice(world, doc, "2026-09-08 10:00")
    probe = RuleProbe("admin_appraisal_notice_late")
    assert probe.level(doc, "2026-09-15 00:01") == "red"  # the victim has no copy
    notice(world, doc, "2026-09-09 10:00", recipient=RecipientKind.VICTIM)
    assert probe.level(doc, "2026-09-15 00:01") is None


def test_served_in_time_does_not_fire_late_service_is_a_breach(world):
    served = opinion(world)
    notice(world, served, "2026-09-08 10:00")
    to_everyone = opinion(world, victim=True)
    notice(world, to_everyone, "2026-09-10 10:00", recipient="")
    criminal = opinion(world, kind=CaseKind.CRIMINAL)
    late = opinion(world)
    notice(world, late, "2026-09-16 10:00")
    probe = RuleProbe("admin_appraisal_notice_late")
    for doc in (served, to_everyone, criminal):
        assert probe.level(doc, "2026-09-17 00:00") is None
    row = probe.row(late, at("2026-09-17 00:00"))
    assert row["level"] == "red" and row["late"]


def test_notice_before_the_opinion_does_not_count(world):
    doc = opinion(world)
    notice(world, doc, "2026-09-01 10:00")  # about an earlier opinion
    assert RuleProbe("admin_appraisal_notice_late").level(doc, "2026-09-15 00:01") == "red"
