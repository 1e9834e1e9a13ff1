"""Automatic intake: every dispute incident becomes one dispute record, set-based and
idempotent; parties are matched against person flags and earlier disputes; repeat calls
from the same party, address or caller are linked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Incident
from disputes import services
from disputes.choices import Answer, DisputeOrigin, DisputeStatus, DisputeType, LinkReason
from disputes.models import ChecklistAnswer, Dispute, DisputeLink, DisputeParty
from supervision.models import AuditEvent, JobRun

from .conftest import at, make_incident, make_person

pytestmark = pytest.mark.django_db


def test_every_dispute_incident_becomes_one_record_and_a_rerun_adds_nothing(world):
    a = make_incident(world.s1, summary="楼上漏水，邻居之间争吵", officer=world.off_s1b)
    b = make_incident(world.s2, summary="拖欠工资，工人讨薪")
    make_incident(world.s1, is_dispute=False, summary="盗窃电动车")

    first = services.dispute_intake()
    assert first.created == 2
    assert Dispute.objects.count() == 2
    da = Dispute.objects.get(incident=a)
    assert (da.unit, da.origin, da.status) == (world.s1, DisputeOrigin.INTAKE, DisputeStatus.NEW)
    assert da.community_officer == world.off_s1b
    assert da.dispute_type == DisputeType.NEIGHBOURHOOD  # guessed from the summary …
    assert da.classified_by is None  # … and still to be confirmed
    assert Dispute.objects.get(incident=b).dispute_type == DisputeType.LABOUR
    assert AuditEvent.objects.filter(action="dispute.intake").count() == 2

    again = services.dispute_intake()
    assert again.created == 0
    assert Dispute.objects.count() == 2
    assert AuditEvent.objects.filter(action="dispute.intake").count() == 2


@pytest.mark.needs_postgres
def test_intake_is_set_based(world):
    """The number of queries does not grow with the number of incidents (on PostgreSQL;
    SQLite splits bulk inserts into more statements by its parameter limit)."""

    def queries_for(n: int) -> int:
        Dispute.objects.all().delete()
        Incident.objects.all().delete()
        for i in range(n):
            make_incident(
                world.s1,
                location_key=f"addr-{i % 3}",
                caller_phone=f"1380000{i % 4:04d}",
                persons=[{"name": f"当事人{i}", "id_number": f"33010219900101{i % 5:04d}"}],
            )
        with CaptureQueriesContext(connection) as ctx:
            result = services.dispute_intake()
        assert result.created == n
        return len(ctx.captured_queries)

    small, large = queries_for(10), queries_for(40)
    assert large == small


def test_parties_are_matched_against_every_person_record_with_their_id_number(world):
    released = "330102198001011111"
    user = "330102198502022222"
    # The registers: the same people in other records (another station's case, say).
    make_person(unit=world.s3, name="刑释人员", id_number=released, is_released_prisoner=True)
    make_person(unit=world.s3, name="吸毒人员", id_number=user, is_drug_user=True)
    incident = make_incident(
        world.s1,
        persons=[
            {"name": "王某", "id_number": released},
            {"name": "李某", "id_number": user},
            {"name": "赵某", "id_number": "330102199003033333"},
        ],
    )
    services.dispute_intake()
    dispute = Dispute.objects.get(incident=incident)
    parties = {p.name: p for p in DisputeParty.objects.filter(dispute=dispute)}
    assert parties["王某"].is_released_prisoner and not parties["王某"].is_drug_user
    assert parties["李某"].is_drug_user
    assert not parties["赵某"].is_flagged
    # The data answered the 八必查 items it can answer; the officer confirms them.
    auto = {a.item.code: a.answer for a in ChecklistAnswer.objects.filter(dispute=dispute, answered_by=None)}
    assert auto["p-released-prisoner"] == Answer.YES
    assert auto["p-drug-user"] == Answer.YES
    assert auto["p-mental-disorder"] == Answer.NO
    assert "p-eight-losses" not in auto  # no data for that: left to the officer

    # A flag recorded later is picked up by the next run.
    make_person(unit=world.s2, name="精神障碍", id_number="330102199003033333", has_mental_disorder_risk=True)
    services.dispute_intake()
    assert DisputeParty.objects.get(dispute=dispute, name="赵某").has_mental_disorder_risk


def test_a_party_without_id_number_leaves_the_flag_items_unanswered(world):
    incident = make_incident(world.s1, persons=[{"name": "无名氏", "id_number": ""}])
    services.dispute_intake()
    dispute = Dispute.objects.get(incident=incident)
    auto = {a.item.code for a in ChecklistAnswer.objects.filter(dispute=dispute)}
    assert "p-released-prisoner" not in auto


def test_repeat_calls_are_linked_by_party_address_and_phone(world):
    party = "330102197707077777"
    first = make_incident(
        world.s1,
        received_at=at(20),
        location_key="幸福小区3-201",
        persons=[{"name": "甲", "id_number": party}],
    )
    second = make_incident(world.s1, received_at=at(10), caller_phone="13900000001")
    third = make_incident(
        world.s1,
        received_at=at(1),
        location_key="幸福小区3-201",
        caller_phone="13900000001",
        persons=[{"name": "甲", "id_number": party}],
    )
    unrelated = make_incident(world.s1, received_at=at(1), location_key="别处")
    services.dispute_intake()
    d1, d2, d3, d4 = (Dispute.objects.get(incident=i) for i in (first, second, third, unrelated))
    links = set(DisputeLink.objects.values_list("dispute_id", "earlier_id", "reason"))
    assert links == {
        (d3.pk, d1.pk, LinkReason.SAME_ADDRESS),
        (d3.pk, d1.pk, LinkReason.SAME_PARTY),
        (d3.pk, d2.pk, LinkReason.SAME_PHONE),
    }
    assert DisputeParty.objects.get(dispute=d3).earlier_disputes == 1
    assert not DisputeLink.objects.filter(dispute=d4).exists()
    # Re-running links nothing twice.
    services.dispute_intake()
    assert DisputeLink.objects.count() == 3


def test_threat_language_in_the_summary_is_detected(world):
    incident = make_incident(world.s1, summary="男子扬言要和对方同归于尽")
    services.dispute_intake()
    dispute = Dispute.objects.get(incident=incident)
    assert dispute.threat_to_kill
    assert dispute.proposed_colour == "red"


def test_new_persons_on_an_incident_are_taken_in_on_the_next_run(world):
    incident = make_incident(world.s1, persons=[{"name": "甲", "id_number": "330102197707077777"}])
    services.dispute_intake()
    make_person(incident=incident, name="乙", id_number="330102197808088888")
    result = services.dispute_intake()
    assert result.parties == 1
    assert DisputeParty.objects.filter(dispute__incident=incident).count() == 2


def test_daily_intake_records_one_job_run_per_day(world):
    make_incident(world.s1)
    import datetime

    day = datetime.date(2026, 5, 4)
    run = services.dispute_intake_run(business_date=day)
    assert run.status == "succeeded" and run.counts["created"] == 1
    assert services.dispute_intake_run(business_date=day) is None  # the day is done
    extra = services.dispute_intake_run(business_date=day, occasion="ingestion-7")
    assert extra.period == "2026-05-04#ingestion-7"
    assert JobRun.objects.filter(kind="dispute_intake").count() == 2


def test_going_live_on_history_closes_old_disposed_incidents(world, monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(services, "INTAKE_CHUNK", 2)  # several chunks
    old_done = [
        make_incident(world.s1, received_at=at(200 + i), location_key="老地方", caller_phone="13800000000")
        for i in range(3)
    ]
    for incident in old_done:
        incident.disposal = "mediated"
        incident.save()
    old_pending = make_incident(world.s1, received_at=at(150))
    recent = make_incident(world.s1, received_at=at(2), location_key="老地方")
    result = services.dispute_intake(historical_before=timezone.localdate() - datetime.timedelta(days=90))
    assert result.created == 5
    historical = Dispute.objects.filter(historical=True)
    assert set(historical.values_list("incident_id", flat=True)) == {i.pk for i in old_done}
    assert set(historical.values_list("status", flat=True)) == {DisputeStatus.CLOSED}
    assert Dispute.objects.get(incident=old_pending).status == DisputeStatus.NEW  # not disposed of: to triage
    fresh = Dispute.objects.get(incident=recent)
    assert fresh.status == DisputeStatus.NEW and not fresh.historical
    # History still links repeat calls (beyond the 30-day window: earlier disputes, not repeats).
    assert DisputeLink.objects.filter(dispute=fresh).count() == 3
    assert services.dispute_intake().created == 0
