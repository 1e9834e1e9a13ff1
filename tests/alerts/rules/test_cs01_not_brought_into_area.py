from cases.choices import MeasureKind, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_measure, make_visit
from ..probe import RuleProbe

CODE = "not_brought_into_area"


def summoned(world, **fields):
    return make_measure(
        world.s1,
        case=make_case(world.s1, world.off_s1a),
        kind=MeasureKind.CRIMINAL_SUMMONS,
        started_at=at("2026-09-05 10:00"),
        **fields,
    )


def test_no_entry_is_red_after_the_grace(world):
    measure = summoned(world)
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-05 10:30") is None
    probe.assert_due(measure, "2026-09-05 11:00")
    assert probe.row(measure, at("2026-09-05 12:00"))["officer_id"] == world.off_s1a.pk
    make_visit(world.s1, person=measure.person, entered_at=at("2026-09-05 13:00"))
    assert probe.level(measure, "2026-09-05 14:00") is None  # the entry clears it


def test_entered_or_questioned_at_home_or_other_measures_do_not_fire(world):
    entered = summoned(world)
    make_visit(world.s1, person=entered.person, entered_at=at("2026-09-05 10:05"))
    at_home = summoned(world)
    QuestioningSession.objects.create(
        external_id="XW-home",
        unit=world.s1,
        person=at_home.person,
        kind=SessionKind.INTERROGATION,
        location=SessionLocation.RESIDENCE,
        started_at=at("2026-09-05 10:10"),
    )
    bail = make_measure(world.s1, kind=MeasureKind.BAIL, started_at=at("2026-09-05 10:00"))
    old_visit = summoned(world)
    make_visit(world.s1, person=old_visit.person, entered_at=at("2026-08-01 10:00"))
    probe = RuleProbe(CODE)
    for measure in (entered, at_home, bail):
        assert probe.level(measure, "2026-09-05 12:00") is None
    assert probe.level(old_visit, "2026-09-05 12:00") == "red"
