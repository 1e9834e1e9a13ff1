import datetime

from cases.choices import MeasureKind, RoomKind

from ..factories import at, make_measure, make_person, make_visit
from ..probe import RuleProbe

CODE = "continued_questioning_vulnerable_4h"


def questioning(world, person, **fields):
    return make_measure(
        world.s1,
        person=person,
        kind=MeasureKind.CONTINUED_QUESTIONING,
        started_at=at("2026-09-05 10:00"),
        **fields,
    )


def born(world, day, **fields):
    return make_person(world.s1, birth_date=datetime.date.fromisoformat(day), **fields)


def test_under_sixteen_four_hours(world):
    measure = questioning(world, born(world, "2010-09-06", is_minor=True))  # 16 tomorrow
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 12:59": None, "2026-09-05 13:00": "blue", "2026-09-05 13:30": "yellow"}
    )
    probe.assert_due(measure, "2026-09-05 14:00")


def test_who_is_protected(world):
    sixteen = questioning(world, born(world, "2010-09-05", is_minor=True))  # 16 today
    seventy = questioning(world, born(world, "1956-09-05"))
    sixty_nine = questioning(world, born(world, "1956-09-06"))
    pregnant = questioning(world, born(world, "1996-01-01", is_pregnant=True))
    minor_without_birth_date = questioning(world, make_person(world.s1, is_minor=True))
    probe = RuleProbe(CODE)
    assert probe.level(sixteen, "2026-09-05 15:00") is None
    assert probe.level(sixty_nine, "2026-09-05 15:00") is None
    for measure in (seventy, pregnant, minor_without_birth_date):
        assert probe.level(measure, "2026-09-05 15:00") == "red"


def test_waiting_room_is_red_at_once(world):
    person = born(world, "1950-03-01")
    measure = questioning(world, person)
    make_visit(world.s1, person=person, entered_at=at("2026-09-05 10:05"), room_kind=RoomKind.WAITING)
    probe = RuleProbe(CODE)
    probe.assert_due(measure, "2026-09-05 10:00", as_of="2026-09-05 10:30", boundary=False)
    assert probe.level(measure, "2026-09-05 10:04") is None  # not yet in the waiting room
    assert probe.level(measure, "2026-09-05 10:30") == "red"
    assert "候问室" in probe.explain(measure, "2026-09-05 10:30") or "waiting room" in probe.explain(
        measure, "2026-09-05 10:30"
    )


def test_finished_in_time_never_red(world):
    person = born(world, "2012-01-01", is_minor=True)
    measure = questioning(world, person, ended_at=at("2026-09-05 13:30"))
    make_visit(world.s1, person=person, entered_at=at("2026-09-05 10:05"), room_kind=RoomKind.INQUIRY)
    late = questioning(world, born(world, "2012-01-01", is_minor=True), ended_at=at("2026-09-05 14:30"))
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-06 00:00") is None
    assert probe.row(late, at("2026-09-06 00:00"))["late"]
