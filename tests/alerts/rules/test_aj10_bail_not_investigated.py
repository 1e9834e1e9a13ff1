from cases.choices import DecidingOrgan, MeasureEndReason, MeasureKind

from ..factories import at, make_case, make_measure
from ..probe import RuleProbe

CODE = "bail_not_investigated"


def on_bail(world, *, case_fields=None, **fields):
    # The case's last investigative act is the bail itself unless told otherwise.
    case_defaults = {"filed_at": at("2026-03-01 10:00"), "last_activity_at": at("2026-03-04 10:00")}
    case = make_case(world.s1, world.off_s1a, **{**case_defaults, **(case_fields or {})})
    defaults = {"kind": MeasureKind.BAIL, "started_at": at("2026-03-04 10:00")}
    return make_measure(world.s1, case=case, **{**defaults, **fields})


def test_ninety_idle_days_on_bail(world):
    measure = on_bail(world)  # Wednesday 4 March + 90 days = Tuesday 2 June
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure,
        {"2026-04-03 23:59": None, "2026-04-04 00:00": "blue", "2026-05-04 00:00": "yellow"},
    )
    probe.assert_due(measure, "2026-06-02 24:00")
    row = probe.row(measure, at("2026-06-03 08:00"))
    assert (row["officer_id"], row["case_id"], row["label"]) == (
        world.off_s1a.pk,
        measure.case_id,
        measure.person.name,
    )


def test_activity_on_the_case_starts_the_count_again(world):
    measure = on_bail(world, case_fields={"last_activity_at": at("2026-04-20 10:00")})
    RuleProbe(CODE).assert_due(measure, "2026-07-20 24:00")  # 19 July is a Sunday
    surveillance = on_bail(world, kind=MeasureKind.RESIDENTIAL_SURVEILLANCE)
    RuleProbe(CODE).assert_due(surveillance, "2026-06-02 24:00")


def test_ended_or_concluded_in_time_or_not_police_never_fires(world):
    ended = on_bail(world, ended_at=at("2026-05-01 10:00"), end_reason=MeasureEndReason.CHANGED)
    transferred = on_bail(world, case_fields={"transferred_for_prosecution_at": at("2026-05-20 10:00")})
    by_court = on_bail(world, decided_by=DecidingOrgan.COURT)
    detention = on_bail(world, kind=MeasureKind.CRIMINAL_DETENTION)
    probe = RuleProbe(CODE)
    for measure in (ended, transferred, by_court, detention):
        assert probe.level(measure, "2026-06-10 00:00") is None
