"""Follow-up visits scheduled by the colour, overdue detection, the daily sweep, and the
resolution loop: no resolution without an outcome; the township's confirmation closes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disputes import services, warnings
from disputes.choices import DisputeStatus, NoticeFlag, RiskColour
from disputes.models import Dispute
from supervision.models import AuditEvent, JobRun

from .conftest import assess, at, make_incident

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def assessed(world, *, colour=None, reason="", days_ago=0, **kwargs) -> Dispute:
    make_incident(world.s1, received_at=at(days_ago), summary=kwargs.pop("summary", "邻里纠纷"), **kwargs)
    services.dispute_intake()
    dispute = Dispute.objects.latest("pk")
    assess(world.officer_s1, dispute, colour=colour, reason=reason)
    dispute.refresh_from_db()
    return dispute


@pytest.mark.parametrize(
    ("colour", "days"), [(RiskColour.RED, 1), (RiskColour.YELLOW, 3), (RiskColour.BLUE, 7)]
)
def test_first_visit_is_due_within_the_colours_interval(world, colour, days):
    dispute = assessed(world, colour=colour, reason="" if colour == RiskColour.BLUE else "研判认为风险更高")
    assert dispute.next_visit_due == TODAY() + datetime.timedelta(days=days)


def test_a_visit_schedules_the_next_one_and_may_not_push_it_beyond_the_interval(world):
    dispute = assessed(world, colour=RiskColour.YELLOW, reason="情绪激动", days_ago=2)
    visited = TODAY() - datetime.timedelta(days=1)
    services.dispute_visit_record(
        actor=world.officer_s1,
        dispute=dispute,
        visited_on=visited,
        method="home",
        situation="easing",
        outcome="双方同意由村委会调解",
        next_steps="下周调解",
    )
    dispute.refresh_from_db()
    assert dispute.next_visit_due == visited + datetime.timedelta(days=3)
    assert (dispute.last_visit_on, dispute.next_steps) == (visited, "下周调解")
    with pytest.raises(ValidationError) as exc:
        services.dispute_visit_record(
            actor=world.officer_s1,
            dispute=dispute,
            visited_on=TODAY(),
            method="phone",
            situation="stable",
            outcome="电话回访",
            next_due=TODAY() + datetime.timedelta(days=10),
        )
    assert "next_due" in exc.value.message_dict
    # Sooner is allowed.
    services.dispute_visit_record(
        actor=world.officer_s1,
        dispute=dispute,
        visited_on=TODAY(),
        method="phone",
        situation="stable",
        outcome="电话回访",
        next_due=TODAY() + datetime.timedelta(days=1),
    )
    dispute.refresh_from_db()
    assert dispute.next_visit_due == TODAY() + datetime.timedelta(days=1)
    assert AuditEvent.objects.filter(action="dispute.visit", target_id=str(dispute.pk)).count() == 2


def test_visits_need_an_assessment_and_an_outcome(world):
    make_incident(world.s1)
    services.dispute_intake()
    dispute = Dispute.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.dispute_visit_record(
            actor=world.officer_s1,
            dispute=dispute,
            visited_on=TODAY(),
            method="home",
            situation="stable",
            outcome="x",
        )
    assert exc.value.code == "not_assessed"
    dispute = assessed(world)
    with pytest.raises(ValidationError):
        services.dispute_visit_record(
            actor=world.officer_s1,
            dispute=dispute,
            visited_on=TODAY(),
            method="home",
            situation="stable",
            outcome=" ",
        )


def test_overdue_detection_and_the_daily_sweep(world):
    red = assessed(world, colour=RiskColour.RED, reason="扬言报复")
    blue = assessed(world)
    # Red was due tomorrow; two days on it is overdue, blue (due in 7 days) is not.
    later = TODAY() + datetime.timedelta(days=2)
    overdue = set(services.dispute_overdue_followups(today=later))
    assert overdue == {red}
    assert red.is_visit_overdue(later) and not blue.is_visit_overdue(later)
    assert not red.is_visit_overdue(TODAY() + datetime.timedelta(days=1))  # due today is not overdue
    rows = warnings.desired(today=later)
    assert [(r["fingerprint"], r["level"], r["unit_id"]) for r in rows] == [
        (f"dispute:followup:{red.pk}", "red", world.s1.pk)
    ]
    assert rows[0]["due_at"].date() == red.next_visit_due and rows[0]["detail"]["days_overdue"] == 1
    assert rows[0]["element_type"] == "incident" and rows[0]["element_id"] == red.incident_id
    run = services.dispute_sweep_run(business_date=later)
    assert run.status == "succeeded" and run.counts["overdue"] == 1 and run.counts["open"] == 1
    assert services.dispute_sweep_run(business_date=later) is None  # once per day
    assert JobRun.objects.filter(kind="dispute_sweep").count() == 1
    # Recording the visit takes it out of the overdue set.
    services.dispute_visit_record(
        actor=world.officer_s1,
        dispute=red,
        visited_on=TODAY(),
        method="home",
        situation="stable",
        outcome="已回访",
    )
    tomorrow = TODAY() + datetime.timedelta(days=1)
    assert Dispute.objects.get(pk=red.pk).next_visit_due == tomorrow
    assert not services.dispute_overdue_followups(today=tomorrow).exists()
    assert warnings.desired(today=tomorrow) == []


def test_cannot_resolve_without_an_outcome_or_a_township(world):
    dispute = assessed(world)
    with pytest.raises(ValidationError) as exc:
        services.dispute_resolve(
            actor=world.officer_s1,
            dispute=dispute,
            resolved_on=TODAY(),
            method="police_mediation",
            outcome="",
            township="",
        )
    assert set(exc.value.message_dict) == {"outcome", "township"}
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.IN_PROGRESS


def test_a_new_dispute_cannot_be_resolved_before_assessment(world):
    make_incident(world.s1)
    services.dispute_intake()
    with pytest.raises(ValidationError) as exc:
        services.dispute_resolve(
            actor=world.officer_s1,
            dispute=Dispute.objects.get(),
            resolved_on=TODAY(),
            method="police_mediation",
            outcome="调解成功",
            township="东街街道",
        )
    assert exc.value.code == "not_assessed"


def test_the_loop_closes_when_the_township_confirms(world):
    dispute = assessed(world, colour=RiskColour.RED, reason="扬言报复")
    services.dispute_resolve(
        actor=world.officer_s1,
        dispute=dispute,
        resolved_on=TODAY(),
        method="peoples_mediation",
        outcome="经人民调解委员会调解，双方达成协议并履行",
        township="东街街道",
    )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED and dispute.next_visit_due is None
    assert not services.dispute_overdue_followups(today=TODAY() + datetime.timedelta(days=30)).exists()
    with pytest.raises(ValidationError):  # not confirming needs a reason
        services.dispute_township_confirm(
            actor=world.officer_s1,
            dispute=dispute,
            confirmed=False,
            confirmed_by="王主任",
            confirmed_on=TODAY(),
        )
    services.dispute_township_confirm(
        actor=world.officer_s1,
        dispute=dispute,
        confirmed=False,
        confirmed_by="王主任",
        confirmed_on=TODAY(),
        note="一方仍有异议，协议未履行完毕",
    )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_PROGRESS and dispute.resolved_on is None
    assert dispute.next_visit_due == TODAY() + datetime.timedelta(days=1)  # red again: visit tomorrow
    services.dispute_resolve(
        actor=world.officer_s1,
        dispute=dispute,
        resolved_on=TODAY(),
        method="township",
        outcome="街道牵头，赔偿款已付清",
        township="东街街道",
    )
    services.dispute_township_confirm(
        actor=world.officer_s1,
        dispute=dispute,
        confirmed=True,
        confirmed_by="东街街道 王主任",
        confirmed_on=TODAY(),
    )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.CLOSED
    assert (dispute.closed_on, dispute.township_confirmed_by) == (TODAY(), "东街街道 王主任")
    actions = list(
        AuditEvent.objects.filter(target_type="disputes.dispute", target_id=str(dispute.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "dispute.intake",
        "dispute.classify",
        "dispute.checklist",
        "dispute.assess",
        "dispute.resolve",
        "dispute.township_reject",
        "dispute.resolve",
        "dispute.township_confirm",
    ]
    with pytest.raises(ValidationError):
        services.dispute_visit_record(
            actor=world.officer_s1,
            dispute=dispute,
            visited_on=TODAY(),
            method="home",
            situation="stable",
            outcome="x",
        )


def test_listed_for_notice_when_long_unresolved_or_work_is_poor(world):
    from disputes.selectors import dispute_for_notice

    old = assessed(world, days_ago=40, summary="宅基地纠纷")
    make_incident(world.s1, received_at=at(3))  # never assessed
    services.dispute_intake()
    unassessed = Dispute.objects.get(status=DisputeStatus.NEW)
    fresh = assessed(world)
    rows = {row.dispute.pk: row for row in dispute_for_notice(fetched_by=world.branch_legal)}
    assert set(rows) == {old.pk, unassessed.pk}
    assert rows[old.pk].flags == [str(NoticeFlag.LONG_UNRESOLVED.label)]
    assert rows[unassessed.pk].flags == [str(NoticeFlag.NOT_ASSESSED.label)]
    assert fresh.pk not in rows
    assert dispute_for_notice(fetched_by=world.officer_s2) == []
