from django.utils.translation import gettext as _

from alerts.rules.base import LegalBasis
from alerts.rules.common import CRIMINAL_RULES
from cases.choices import Gender, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_person
from ..probe import RuleProbe

CODE = "minor_guardian_absent"


def questioned(world, person, start="2026-09-05 10:00", **fields):
    return QuestioningSession.objects.create(
        external_id=f"XW-{person.pk}-{start}",
        unit=world.s1,
        case=person.case,
        person=person,
        kind=SessionKind.INQUIRY,
        location=SessionLocation.HANDLING_AREA,
        started_at=at(start),
        **fields,
    )


def test_minor_without_guardian_is_red_from_the_session(world):
    case = make_case(world.s1, world.off_s1a)
    minor = make_person(world.s1, case=case, is_minor=True)
    questioned(world, minor, guardian_present=True)
    questioned(world, minor, start="2026-09-06 10:00", guardian_present=False)
    probe = RuleProbe(CODE)
    probe.assert_due(minor, "2026-09-06 10:00")  # red from the session, nothing before
    row = probe.row(minor, at("2026-09-07 00:00"))
    assert row["officer_id"] == world.off_s1a.pk and row["case_id"] == case.pk
    assert probe.rule.basis[0] == LegalBasis(CRIMINAL_RULES, _("Art. 323–326"))  # the legal basis shown


def test_girl_needs_a_female_officer(world):
    girl = make_person(world.s1, is_minor=True, gender=Gender.FEMALE)
    questioned(world, girl, guardian_present=True, female_officer_present=False)
    probe = RuleProbe(CODE)
    assert probe.level(girl, "2026-09-06 00:00") == "red"
    QuestioningSession.objects.filter(person=girl).update(female_officer_present=True)
    assert probe.level(girl, "2026-09-06 00:00") is None


def test_guardian_present_or_adult_does_not_fire(world):
    with_guardian = make_person(world.s1, is_minor=True)
    questioned(world, with_guardian, guardian_present=True)
    adult = make_person(world.s1)
    questioned(world, adult, guardian_present=False)
    probe = RuleProbe(CODE)
    assert probe.level(with_guardian, "2026-09-06 00:00") is None
    assert probe.level(adult, "2026-09-06 00:00") is None
