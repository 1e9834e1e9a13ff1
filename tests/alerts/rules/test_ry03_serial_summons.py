from cases.choices import MeasureKind

from ..factories import at, make_measure, make_person
from ..probe import RuleProbe

CODE = "serial_summons"


def summons(world, person, start, end=None, kind=MeasureKind.CRIMINAL_SUMMONS):
    return make_measure(
        world.s1, person=person, kind=kind, started_at=at(start), ended_at=at(end) if end else None
    )


def test_a_summons_soon_after_the_previous_one_is_red(world):
    person = make_person(world.s1)
    first = summons(world, person, "2026-09-05 08:00", "2026-09-05 19:00")
    second = summons(world, person, "2026-09-06 06:59", "2026-09-06 15:00")
    probe = RuleProbe(CODE)
    probe.assert_due(second, "2026-09-06 06:59")  # red from its start on
    assert probe.level(first, "2026-09-07 00:00") is None
    assert RuleProbe(CODE, params={"min_interval_hours": 11}).level(second, "2026-09-07 00:00") is None


def test_a_full_interval_is_fine(world):
    person = make_person(world.s1)
    summons(world, person, "2026-09-05 08:00", "2026-09-05 19:00")
    second = summons(world, person, "2026-09-06 07:00")
    assert RuleProbe(CODE).level(second, "2026-09-07 00:00") is None


def test_same_id_number_across_records_and_kinds(world):
    first = make_person(world.s1, id_number="350102199001011234")
    again = make_person(world.s1, id_number="350102199001011234")
    summons(world, first, "2026-09-05 08:00", "2026-09-05 18:00", kind=MeasureKind.CONTINUED_QUESTIONING)
    second = summons(world, again, "2026-09-05 20:00", kind=MeasureKind.ADMIN_SUMMONS)
    stranger = summons(world, make_person(world.s1), "2026-09-05 20:00")
    probe = RuleProbe(CODE)
    assert probe.level(second, "2026-09-05 21:00") == "red"
    assert probe.level(stranger, "2026-09-05 21:00") is None


def test_detention_after_a_summons_is_not_serial(world):
    person = make_person(world.s1)
    summons(world, person, "2026-09-05 08:00", "2026-09-05 12:00")
    detention = summons(world, person, "2026-09-05 12:00", kind=MeasureKind.CRIMINAL_DETENTION)
    assert RuleProbe(CODE).level(detention, "2026-09-06 00:00") is None
