from cases.models import VenueMovement

from ..factories import at, make_case, make_visit
from ..probe import RuleProbe

CODE = "taken_out_unapproved"


def taken_out(visit, **fields):
    return VenueMovement.objects.create(
        external_id=f"MV-{visit.pk}-{len(fields)}",
        unit=visit.unit,
        visit=visit,
        out_at=at("2026-09-05 14:00"),
        **fields,
    )


def test_unapproved_taking_out_is_red(world):
    visit = make_visit(world.s1, case=make_case(world.s1, world.off_s1a), entered_at=at("2026-09-05 10:00"))
    movement = taken_out(visit)
    probe = RuleProbe(CODE)
    probe.assert_due(visit, "2026-09-05 14:00")
    assert probe.row(visit, at("2026-09-05 15:00"))["officer_id"] == world.off_s1a.pk
    movement.approved_at, movement.approved_by = at("2026-09-05 13:00"), "刘队长"
    movement.save()
    assert probe.level(visit, "2026-09-05 15:00") is None


def test_approval_after_the_taking_out_is_red_in_the_area_is_not(world):
    late = make_visit(world.s1, entered_at=at("2026-09-05 10:00"))
    taken_out(late, approved_at=at("2026-09-05 16:00"), approved_by="刘队长")
    stayed = make_visit(world.s1, entered_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(late, "2026-09-05 17:00") == "red"
    assert probe.level(stayed, "2026-09-05 17:00") is None
