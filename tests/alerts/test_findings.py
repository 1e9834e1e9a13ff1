"""People's findings (spot-checks, petition back-checks) → problems; routing; the negative
list; their pages and API endpoints, scoped."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alerts import findings, negative_list
from alerts.choices import Department, ItemKind, Sanction, WarningSource, WorkflowState
from alerts.models import ChecklistItem, Finding, NegativeListHit, NegativeListItem, Warning, WarningRoute
from supervision.models import AuditEvent

from .factories import at, make_case

pytestmark = pytest.mark.needs_postgres

P_START, P_END = datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)


@pytest.fixture
def cases(world):
    s1 = [make_case(world.s1, world.off_s1b, accepted_at=at(f"2026-09-{d:02d} 10:00")) for d in range(1, 26)]
    s2 = [make_case(world.s2, world.off_s2a, accepted_at=at("2026-09-10 10:00")) for _ in range(5)]
    late = make_case(world.s1, world.off_s1b, accepted_at=at("2026-10-02 10:00"))  # outside the period
    return {"s1": s1, "s2": s2, "late": late}


def draw(world, seed, unit=None, size=8):
    return findings.spot_check_draw(
        actor=world.branch_legal,
        unit=unit or world.s1,
        period_start=P_START,
        period_end=P_END,
        sample_size=size,
        seed=seed,
    )


def sample_of(check) -> list[int]:
    return list(check.sample.order_by("position").values_list("case_id", flat=True))


def test_sampling_is_reproducible_from_the_seed(world, cases):
    first, again, other = draw(world, "2026-Q3"), draw(world, "2026-Q3"), draw(world, "another seed")
    assert sample_of(first) == sample_of(again) and len(sample_of(first)) == 8
    assert sample_of(first) != sample_of(other)
    assert set(sample_of(first)) <= {c.pk for c in cases["s1"]}  # the unit's, in the period
    assert first.population == 25
    # Same draw from a function that anyone can rerun, and recorded in the audit trail.
    assert findings.spot_check_sample_ids(
        unit=world.s1, period_start=P_START, period_end=P_END, size=8, seed="2026-Q3"
    ) == sample_of(first)
    event = AuditEvent.objects.get(action="spot_check.draw", target_id=str(first.pk))
    assert event.changes["seed"] == [None, "2026-Q3"] and event.changes["sample"][1] == sample_of(first)
    # A larger sample keeps the smaller one as its prefix (the order is the seed's).
    assert sample_of(draw(world, "2026-Q3", size=12))[:8] == sample_of(first)


def test_draw_rejects_bad_input_and_foreign_units(world, cases):
    with pytest.raises(ValidationError):
        findings.spot_check_draw(
            actor=world.branch_legal, unit=world.s1, period_start=P_END, period_end=P_START, sample_size=5
        )
    with pytest.raises(ValidationError):
        draw(world, "x", size=0)
    with pytest.raises(PermissionDenied):
        draw(world, "x", unit=world.s3)  # branch B1's legal officer, station of branch B2


def test_a_spot_check_finding_opens_a_problem(world, cases):
    check = draw(world, "seed")
    sampled = check.sample.first()
    item = ChecklistItem.objects.get(number=2)
    finding = findings.finding_record(
        actor=world.branch_legal, sampled=sampled, checklist_item=item, text="讯问笔录缺少签名"
    )
    problem = finding.warning
    assert problem.kind == ItemKind.PROBLEM and problem.source == WarningSource.SPOT_CHECK
    assert problem.workflow_state == WorkflowState.NEW and problem.next_action_at is not None
    assert problem.next_action_at <= timezone.now() and problem.cleared_at is None
    assert problem.unit == world.s1 and problem.case == sampled.case and problem.officer == world.off_s1b
    assert problem.fingerprint == f"spot_check:finding:{finding.pk}"
    assert problem.detail["finding"] == "讯问笔录缺少签名" and problem.detail["checklist_item"] == 2
    assert problem.element_type == "case" and problem.element_id == sampled.case_id
    # Two findings on one case are two problems.
    findings.finding_record(actor=world.branch_legal, sampled=sampled, text="告知书未附卷")
    assert Warning.objects.filter(source=WarningSource.SPOT_CHECK, case=sampled.case).count() == 2
    with pytest.raises(ValidationError):
        findings.finding_record(actor=world.branch_legal, sampled=sampled, text="   ")
    findings.sampled_case_review(actor=world.branch_legal, sampled=sampled)
    assert check.sample.filter(reviewed_at__isnull=False).count() == 1


def test_a_petition_back_check_finding_opens_a_problem(world, cases):
    case = cases["s1"][0]
    petition = findings.petition_record(
        actor=world.branch_legal,
        unit=world.s1,
        received_on=datetime.date(2026, 10, 8),
        petitioner="陈某",
        channel="visit",
        content="报警后一个月无人联系",
        case=case,
    )
    finding = findings.finding_record(
        actor=world.branch_legal, petition=petition, text="受案后未开展调查", department=Department.PETITION
    )
    assert finding.warning.source == WarningSource.PETITION and finding.warning.case == case
    assert finding.warning.department == Department.PETITION
    findings.petition_conclude(actor=world.branch_legal, petition=petition, conclusion="信访属实，已交办整改")
    petition.refresh_from_db()
    assert petition.back_checked_at is not None
    with pytest.raises(ValidationError):  # a case of another station cannot be linked
        findings.petition_record(
            actor=world.branch_legal,
            unit=world.s1,
            received_on=datetime.date(2026, 10, 8),
            petitioner="x",
            channel="letter",
            content="x",
            case=cases["s2"][0],
        )


def test_routing_moves_the_item_and_keeps_its_history(world, cases):
    check = draw(world, "seed")
    problem = findings.finding_record(
        actor=world.branch_legal, sampled=check.sample.first(), text="x"
    ).warning
    before = problem.updated_at
    findings.warning_route(
        actor=world.city_legal, warning=problem, to_department=Department.DISCIPLINE, note="涉嫌违纪"
    )
    findings.warning_route(actor=world.city_legal, warning=problem, to_department=Department.LEGAL)
    problem.refresh_from_db()
    assert problem.department == Department.LEGAL and problem.updated_at > before
    routes = list(
        WarningRoute.objects.filter(warning=problem).values_list("from_department", "to_department")
    )
    assert routes == [("legal", "discipline"), ("discipline", "legal")]
    assert AuditEvent.objects.filter(action="warning.route", target_id=str(problem.pk)).count() == 2
    with pytest.raises(ValidationError):
        findings.warning_route(actor=world.city_legal, warning=problem, to_department=Department.LEGAL)
    with pytest.raises(ValidationError):
        findings.warning_route(actor=world.city_legal, warning=problem, to_department="mayor")


def test_default_negative_list_and_item_management(world):
    assert NegativeListItem.objects.count() >= 10
    assert NegativeListItem.objects.filter(title__contains="超期羁押").exists()
    item = negative_list.negative_list_item_save(
        actor=world.city_legal, number=99, title="测试条目", weight=2, description=""
    )
    with pytest.raises(ValidationError):
        negative_list.negative_list_item_save(actor=world.city_legal, number=99, title="重复", weight=1)
    with pytest.raises(PermissionDenied):
        negative_list.negative_list_item_save(actor=world.branch_legal, number=98, title="x", weight=1)
    negative_list.negative_list_item_save(
        actor=world.city_legal, item=item, number=99, title="测试条目", weight=3, is_active=False
    )
    event = AuditEvent.objects.filter(action="negative_list.item_change", target_id=str(item.pk)).get()
    assert event.changes["weight"] == ["2.00", "3.00"] and event.changes["is_active"] == [True, False]


def test_recording_a_hit_and_its_validation(world, cases):
    item = NegativeListItem.objects.get(number=3)
    case = cases["s1"][0]
    hit = negative_list.negative_list_hit_record(
        actor=world.branch_legal,
        item=item,
        case=case,
        officers=[world.off_s1b],
        chief=world.off_s1a,
        sanction=Sanction.ADMONISHMENT,
        decided_on=datetime.date(2026, 10, 9),
    )
    assert hit.unit == world.s1 and list(hit.officers.all()) == [world.off_s1b]
    assert AuditEvent.objects.filter(action="negative_list.hit_record", target_id=str(hit.pk)).exists()
    bad = {
        "no target": {"case": None},
        "future": {"decided_on": timezone.localdate() + datetime.timedelta(days=3)},
        "other without note": {"sanction": Sanction.OTHER},
        "foreign officer": {"officers": [world.off_s2a]},
    }
    for name, change in bad.items():
        kwargs = {
            "actor": world.branch_legal,
            "item": item,
            "case": case,
            "officers": [world.off_s1b],
            "sanction": Sanction.WARNING,
            "decided_on": datetime.date(2026, 10, 9),
            **change,
        }
        with pytest.raises(ValidationError):
            negative_list.negative_list_hit_record(**kwargs)
        assert NegativeListHit.objects.count() == 1, name  # nothing half-written
    with pytest.raises(PermissionDenied):
        negative_list.negative_list_hit_record(
            actor=world.branch_legal,
            item=item,
            case=make_case(world.s3, world.off_s3a),
            sanction=Sanction.WARNING,
            decided_on=datetime.date(2026, 10, 9),
        )


# ---------------------------------------------------------------------------------------
# Pages and API


def test_pages_draw_record_and_route(world, cases, client_as):
    client = client_as(world.branch_legal)
    response = client.post(
        "/warnings/spot-checks/",
        {
            "unit": world.s1.pk,
            "period_start": "2026-09-01",
            "period_end": "2026-09-30",
            "sample_size": 5,
            "seed": "a",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'data-testid="seed">a<' in page.content.decode()
    sampled = page.context["sample"][0]
    response = client.post(
        response["Location"], {"sampled": sampled.pk, "text": "缺少告知书", "department": "legal"}
    )
    assert response.status_code == 302
    problem = Finding.objects.get().warning
    assert client.get(f"/warnings/{problem.pk}/route/").status_code == 200
    assert client.post(f"/warnings/{problem.pk}/route/", {"to_department": "discipline"}).status_code == 302
    problem.refresh_from_db()
    assert problem.department == "discipline"
    # Bad input: a 400 page with the message, nothing written.
    bad = client.post(
        "/warnings/spot-checks/",
        {"unit": world.s1.pk, "period_start": "2026-09-30", "period_end": "2026-09-01", "sample_size": 5},
    )
    assert bad.status_code == 400 and 'data-testid="field-error"' in bad.content.decode()
    bad = client.post(
        "/warnings/negative-list/hits/",
        {
            "item": NegativeListItem.objects.get(number=1).pk,
            "case_number": "NOPE",
            "sanction": "warning",
            "decided_on": "2026-10-01",
        },
    )
    assert bad.status_code == 400 and NegativeListHit.objects.count() == 0
    ok = client.post(
        "/warnings/negative-list/hits/",
        {
            "item": NegativeListItem.objects.get(number=1).pk,
            "case_number": cases["s1"][0].number,
            "officers": world.off_s1b.badge_no,
            "chief": world.off_s1a.badge_no,
            "sanction": "warning",
            "decided_on": "2026-10-01",
        },
    )
    assert ok.status_code == 302 and NegativeListHit.objects.count() == 1
    assert client.get("/warnings/negative-list/hits/?sanction=warning").status_code == 200
    assert client.get("/warnings/negative-list/").status_code == 200


def test_pages_and_api_are_scoped(world, cases, client_as, api_as):
    check = draw(world, "seed")
    problem = findings.finding_record(
        actor=world.branch_legal, sampled=check.sample.first(), text="x"
    ).warning
    petition = findings.petition_record(
        actor=world.branch_legal,
        unit=world.s1,
        received_on=datetime.date(2026, 10, 1),
        petitioner="甲",
        channel="phone",
        content="x",
    )
    hit = negative_list.negative_list_hit_record(
        actor=world.branch_legal,
        item=NegativeListItem.objects.get(number=1),
        case=cases["s1"][0],
        sanction=Sanction.WARNING,
        decided_on=datetime.date(2026, 10, 1),
    )
    sibling = client_as(world.officer_s2)
    for url in (
        f"/warnings/spot-checks/{check.pk}/",
        f"/warnings/petitions/{petition.pk}/",
        f"/warnings/{problem.pk}/route/",
    ):
        assert sibling.get(url).status_code == 404, url
    assert f'data-hit="{hit.pk}"' not in sibling.get("/warnings/negative-list/hits/").content.decode()
    assert f'data-petition="{petition.pk}"' not in sibling.get("/warnings/petitions/").content.decode()
    # An officer reads but may not write.
    assert sibling.post("/warnings/petitions/", {}).status_code == 403
    own = client_as(world.officer_s1)
    assert own.get(f"/warnings/spot-checks/{check.pk}/").status_code == 200
    assert f'data-hit="{hit.pk}"' in own.get("/warnings/negative-list/hits/").content.decode()
    api_other, api_own = api_as(world.chief_s3), api_as(world.api_client)
    for path, pk in (
        ("spot-checks", check.pk),
        ("petitions", petition.pk),
        ("findings", problem.finding.pk),
        ("negative-list/hits", hit.pk),
    ):
        assert api_other.get(f"/api/v1/{path}/{pk}/").status_code == 404, path
        assert api_own.get(f"/api/v1/{path}/{pk}/").status_code == 200, path
        assert pk not in {r["id"] for r in api_other.get(f"/api/v1/{path}/").json()["results"]}
    body = api_own.get("/api/v1/negative-list/hits/", {"sanction": "warning"}).json()
    assert [r["id"] for r in body["results"]] == [hit.pk] and body["results"][0]["item"] == 1
    assert api_own.get("/api/v1/negative-list/hits/", {"sanction": "nope"}).status_code == 400


def test_demo_seeds_findings_petitions_and_hits_once(world, cases):
    from alerts import finding_demo

    counts = finding_demo.seed()
    assert counts["spot_checks"] >= 2 and counts["findings"] >= 4
    assert counts["petitions"] >= 2 and counts["hits"] >= 2
    assert Warning.objects.filter(source=WarningSource.PETITION).count() == counts["petitions"]
    assert WarningRoute.objects.count() == 1
    assert finding_demo.seed() == {"spot_checks": 0}
