from cases.choices import AdminCaseType, AdminDecision, CaseKind, DocumentKind, PersonRole

from ..factories import at, make_case, make_document, make_person
from ..probe import RuleProbe


def victim(world, decision=AdminDecision.PENALTY, decided="2026-09-07 10:00", **case_fields):
    defaults = {
        "kind": CaseKind.ADMINISTRATIVE,
        "admin_type": AdminCaseType.PUBLIC_ORDER,
        "decided_at": at(decided),
        "decision": decision,
    }
    case = make_case(world.s1, world.off_s1a, **{**defaults, **case_fields})
    return make_person(world.s1, case=case, role=PersonRole.VICTIM)


def copy(world, victim_of, **fields):
    case = victim_of.case
    return make_document(
        world.s1, DocumentKind.DECISION_COPY_TO_VICTIM, case=case, issued_at=case.decided_at, **fields
    )


def test_two_days_from_the_decision(world):
    person = victim(world)
    probe = RuleProbe("victim_copy_late")
    probe.assert_levels(
        person, {"2026-09-07 23:59": None, "2026-09-08 00:00": "blue", "2026-09-09 00:00": "yellow"}
    )
    probe.assert_due(person, "2026-09-09 24:00")
    assert probe.row(person, at("2026-09-10 08:00"))["label"] == person.name


def test_decision_not_to_punish_counts_and_holidays_roll_over(world):
    person = victim(world, decision=AdminDecision.NO_PENALTY, decided="2026-09-23 11:00")
    RuleProbe("victim_copy_late").assert_due(person, "2026-09-28 24:00")


def test_copy_served_or_noted_unservable_does_not_fire(world):
    served = victim(world)
    copy(world, served, person=served, served_at=at("2026-09-08 15:00"))
    noted = victim(world)
    copy(world, noted, person=noted, service_impossible_reason="被侵害人拒绝提供地址")
    on_the_case = victim(world)
    copy(world, on_the_case, served_at=at("2026-09-09 09:00"))
    mediated = victim(world, decision=AdminDecision.MEDIATED)
    other = victim(world, admin_type=AdminCaseType.OTHER_PENALTY)
    probe = RuleProbe("victim_copy_late")
    for person in (served, noted, on_the_case, mediated, other):
        assert probe.level(person, "2026-09-12 00:00") is None


def test_copy_served_after_two_days_is_a_breach(world):
    person = victim(world)
    copy(world, person, person=person, served_at=at("2026-09-11 10:00"))
    row = RuleProbe("victim_copy_late").row(person, at("2026-09-12 00:00"))
    assert row["level"] == "red" and row["late"]
