from ..factories import at, make_visit
from ..probe import RuleProbe

CODE = "security_check_missing"


def test_missing_body_check_or_belongings_red_after_the_grace(world):
    no_body = make_visit(world.s1, entered_at=at("2026-09-05 10:00"), check_belongings=True)
    no_belongings = make_visit(world.s1, entered_at=at("2026-09-05 10:00"), check_body=True)
    probe = RuleProbe(CODE)
    assert probe.level(no_body, "2026-09-05 10:30") is None
    probe.assert_due(no_body, "2026-09-05 11:00")
    assert probe.level(no_belongings, "2026-09-05 11:01") == "red"


def test_both_checks_recorded_do_not_fire(world):
    checked = make_visit(world.s1, entered_at=at("2026-09-05 10:00"), check_body=True, check_belongings=True)
    assert RuleProbe(CODE).level(checked, "2026-09-05 12:00") is None
