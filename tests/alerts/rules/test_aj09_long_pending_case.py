from cases.choices import CaseKind

from ..factories import at, make_case
from ..probe import RuleProbe

CODE = "long_pending_case"


def filed(world, when="2025-09-01 10:00", **fields):
    return make_case(world.s1, world.off_s1a, accepted_at=at(when), filed_at=at(when), **fields)


def test_twelve_calendar_months_from_the_filing(world):
    case = filed(world)  # 1 Sept 2025 + 12 months = Tuesday 1 Sept 2026
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {
            "2026-03-01 23:59": None,
            "2026-03-02 00:00": "blue",  # about six months
            "2026-06-02 00:00": "yellow",  # about nine months
        },
    )
    probe.assert_due(case, "2026-09-01 24:00")


def test_last_day_on_a_holiday_rolls_over(world):
    case = filed(world, "2025-10-03 10:00")  # 3 Oct 2026 is National Day
    RuleProbe(CODE).assert_due(case, "2026-10-08 24:00")


def test_months_are_a_parameter(world):
    case = filed(world, "2025-12-01 10:00")
    RuleProbe(CODE, params={"months": 9}).assert_due(case, "2026-09-01 24:00")


def test_concluded_or_suspended_cases_never_fire(world):
    transferred = filed(world, transferred_for_prosecution_at=at("2026-02-01 10:00"))
    concluded = filed(world, investigation_concluded_at=at("2026-08-30 10:00"))
    suspended = filed(world, suspended_at=at("2026-01-15 10:00"))
    not_filed = make_case(world.s1, accepted_at=at("2025-09-01 10:00"))
    administrative = filed(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe(CODE)
    for case in (transferred, concluded, suspended, not_filed, administrative):
        assert probe.level(case, "2026-09-10 00:00") is None
