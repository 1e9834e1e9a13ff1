from cases.choices import CaseKind

from ..factories import at, make_case
from ..probe import RuleProbe

CODE = "filed_not_investigated"


def filed(world, **fields):
    defaults = {"accepted_at": at("2026-03-03 10:00"), "filed_at": at("2026-03-04 10:00")}
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_ninety_idle_days_from_the_filing(world):
    case = filed(world)  # Wednesday 4 March + 90 days = Tuesday 2 June
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {
            "2026-04-03 23:59": None,
            "2026-04-04 00:00": "blue",  # 30 idle days
            "2026-05-04 00:00": "yellow",  # 60 idle days
        },
    )
    probe.assert_due(case, "2026-06-02 24:00")
    assert probe.row(case, at("2026-06-03 08:00"))["officer_id"] == world.off_s1a.pk


def test_an_investigative_act_starts_the_count_again(world):
    case = filed(world, last_activity_at=at("2026-04-20 10:00"))  # + 90 = Sunday 19 July → Monday 20
    probe = RuleProbe(CODE)
    probe.assert_due(case, "2026-07-20 24:00")
    assert probe.level(case, "2026-06-03 00:01") == "blue"
    before_filing = filed(world, last_activity_at=at("2026-03-03 12:00"))  # a pre-filing act does not count
    probe.assert_due(before_filing, "2026-06-02 24:00")


def test_the_limit_is_a_parameter(world):
    case = filed(world)
    RuleProbe(CODE, params={"idle_days": 60}).assert_due(case, "2026-05-06 24:00", boundary=False)


def test_concluded_in_time_or_not_filed_never_fires(world):
    concluded = filed(world, investigation_concluded_at=at("2026-05-20 10:00"))
    suspended = filed(world, suspended_at=at("2026-04-01 10:00"))
    withdrawn = filed(world, withdrawn_at=at("2026-05-01 10:00"))
    not_filed = make_case(world.s1, accepted_at=at("2026-03-03 10:00"))
    administrative = filed(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe(CODE)
    for case in (concluded, suspended, withdrawn, not_filed, administrative):
        assert probe.level(case, "2026-06-10 00:00") is None


def test_closed_after_the_limit_is_a_late_breach(world):
    case = filed(world, closed_at=at("2026-06-05 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-06-04 00:00") == "red"
    row = probe.row(case, at("2026-06-05 12:00"))
    assert row["level"] == "red" and row["late"]
