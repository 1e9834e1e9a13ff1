"""REST writes of the findings: record a petition, a finding (→ problem), a negative-list hit,
route an item. record_findings only, scoped (keys outside the caller's scope are "not found
in your scope", a path outside it a 404), clear 4xx bodies, nothing half-written."""

from __future__ import annotations

import datetime

import pytest

from alerts import findings
from alerts.choices import WarningSource
from alerts.models import Finding, NegativeListHit, Petition, Warning, WarningRoute
from supervision.models import AuditEvent

from .factories import at, make_case

pytestmark = pytest.mark.needs_postgres

TODAY = datetime.date.today()


@pytest.fixture
def data(world):
    s1 = [make_case(world.s1, world.off_s1b, accepted_at=at(f"2026-09-{d:02d} 10:00")) for d in range(1, 6)]
    s3 = make_case(world.s3, world.off_s3a, accepted_at=at("2026-09-10 10:00"))
    check = findings.spot_check_draw(
        actor=world.branch_legal,
        unit=world.s1,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 9, 30),
        sample_size=3,
        seed="api",
    )
    return {"s1": s1, "s3": s3, "check": check, "sampled": check.sample.select_related("case").first().case}


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status and body["code"] and body["message"]
    if field:
        assert field in body["errors"], body


def test_record_a_petition_then_a_finding_on_it(world, data, api_as):
    api = api_as(world.branch_legal)
    case = data["s1"][0]
    payload = {
        "unit": "S1",
        "received_on": TODAY.isoformat(),
        "petitioner": "王某",
        "channel": "letter",
        "content": "报案后无人联系",
        "case": case.number,
    }
    response = api.post("/api/v1/petitions/", payload, format="json")
    assert response.status_code == 201, response.content
    petition = Petition.objects.get()
    assert response.json()["id"] == petition.pk and response.json()["case"] == case.number
    assert petition.recorded_by == world.branch_legal
    assert AuditEvent.objects.filter(action="petition.record", target_id=str(petition.pk)).exists()

    response = api.post(
        "/api/v1/findings/",
        {"petition": petition.pk, "text": "受案后未告知", "department": "discipline"},
        format="json",
    )
    assert response.status_code == 201, response.content
    finding = Finding.objects.get()
    problem = Warning.objects.get(pk=response.json()["problem"])
    assert finding.warning == problem and problem.source == WarningSource.PETITION
    assert problem.department == "discipline" and problem.unit == world.s1


def test_record_a_finding_on_a_sampled_case(world, data, api_as):
    api = api_as(world.branch_legal)
    body = {
        "spot_check": data["check"].pk,
        "case": data["sampled"].number,
        "text": "缺告知书",
        "checklist_item": 1,
    }
    response = api.post("/api/v1/findings/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["spot_check"] == data["check"].pk
    assert Warning.objects.get(pk=response.json()["problem"]).source == WarningSource.SPOT_CHECK
    # A case not in that sample is refused, with a message on the field.
    outside = next(c for c in data["s1"] if not data["check"].sample.filter(case=c).exists())
    response = api.post("/api/v1/findings/", {**body, "case": outside.number}, format="json")
    assert_error(response, 400, "case")
    assert Finding.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x"}, "spot_check"),  # neither
        ({"text": "x", "petition": 1, "spot_check": 1}, "spot_check"),  # both
        ({"text": "", "petition": 1}, "text"),
        ({"text": "x", "petition": 999999}, "petition"),
        ({"text": "x", "spot_check": 1}, "case"),
        ({"text": "x", "petition": 1, "department": "mayor"}, "department"),
        ({"text": "x", "petition": 1, "checklist_item": 99999}, "checklist_item"),
        ({"text": "x", "petition": 1, "officer": "NOPE"}, "officer"),
    ],
)
def test_finding_input_errors_are_400s(world, data, api_as, body, field):
    findings.petition_record(
        actor=world.branch_legal,
        unit=world.s1,
        received_on=TODAY,
        petitioner="p",
        channel="letter",
        content="c",
    )
    body = {**body, **({"petition": Petition.objects.get().pk} if body.get("petition") == 1 else {})}
    assert_error(api_as(world.branch_legal).post("/api/v1/findings/", body, format="json"), 400, field)
    assert not Finding.objects.exists() and not Warning.objects.exists()


def test_petition_input_errors_are_400s(world, data, api_as):
    api = api_as(world.branch_legal)
    good = {
        "unit": "S1",
        "received_on": TODAY.isoformat(),
        "petitioner": "p",
        "channel": "letter",
        "content": "c",
    }
    for bad, field in [
        ({"unit": "S3"}, "unit"),  # another branch's station: not in scope
        ({"unit": "NOPE"}, "unit"),
        ({"case": data["s3"].number}, "case"),
        ({"received_on": (TODAY + datetime.timedelta(days=2)).isoformat()}, "received_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"petitioner": ""}, "petitioner"),
    ]:
        assert_error(api.post("/api/v1/petitions/", {**good, **bad}, format="json"), 400, field)
    assert_error(api.post("/api/v1/petitions/", ["not", "an", "object"], format="json"), 400)
    assert not Petition.objects.exists()


def test_record_a_negative_list_hit(world, data, api_as):
    api = api_as(world.branch_legal)
    case = data["s1"][0]
    body = {
        "item": 3,
        "sanction": "admonishment",
        "decided_on": TODAY.isoformat(),
        "case": case.number,
        "officers": ["S1002"],
        "chief": "S1001",
    }
    response = api.post("/api/v1/negative-list/hits/", body, format="json")
    assert response.status_code == 201, response.content
    hit = NegativeListHit.objects.get()
    assert response.json()["officers"] == ["S1002"] and response.json()["chief"] == "S1001"
    assert hit.unit == world.s1 and AuditEvent.objects.filter(action="negative_list.hit_record").exists()
    for bad, field in [
        ({"item": 9999}, "item"),
        ({"officers": ["S3001"]}, "officers"),  # another branch's officer: not in scope
        ({"case": data["s3"].number}, "case"),
        ({"sanction": "other"}, "sanction_note"),
        ({"case": None}, "case"),  # neither case nor problem
        ({"problem": 999999}, "problem"),
    ]:
        assert_error(api.post("/api/v1/negative-list/hits/", {**body, **bad}, format="json"), 400, field)
    assert NegativeListHit.objects.count() == 1


def test_route_an_item_to_a_department(world, data, api_as):
    problem = findings.finding_record(
        actor=world.branch_legal,
        petition=findings.petition_record(
            actor=world.branch_legal,
            unit=world.s1,
            received_on=TODAY,
            petitioner="p",
            channel="letter",
            content="c",
        ),
        text="x",
    ).warning
    api = api_as(world.branch_legal)
    url = f"/api/v1/warnings/{problem.pk}/route/"
    response = api.post(url, {"to_department": "discipline", "note": "移交纪检"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["from_department"] == "legal" and response.json()["to_department"] == "discipline"
    problem.refresh_from_db()
    assert problem.department == "discipline" and WarningRoute.objects.count() == 1
    assert_error(api.post(url, {"to_department": "discipline"}, format="json"), 400, "to_department")
    assert_error(api.post(url, {"to_department": "mayor"}, format="json"), 400, "to_department")
    assert WarningRoute.objects.count() == 1


def test_writes_need_record_findings_and_stay_in_scope(world, data, api_as):
    petition = findings.petition_record(
        actor=world.branch_legal,
        unit=world.s1,
        received_on=TODAY,
        petitioner="p",
        channel="letter",
        content="c",
    )
    problem = findings.finding_record(actor=world.branch_legal, petition=petition, text="x").warning
    body = {
        "unit": "S1",
        "received_on": TODAY.isoformat(),
        "petitioner": "p",
        "channel": "letter",
        "content": "c",
    }
    # Roles that may not record findings: 403 with the one error body.
    for user in (world.chief_s1, world.officer_s1, world.api_client, world.auditor):
        api = api_as(user)
        assert_error(api.post("/api/v1/petitions/", body, format="json"), 403)
        assert_error(
            api.post("/api/v1/findings/", {"petition": petition.pk, "text": "x"}, format="json"), 403
        )
        assert_error(api.post("/api/v1/negative-list/hits/", {}, format="json"), 403)
        assert_error(api.post(f"/api/v1/warnings/{problem.pk}/route/", {"to_department": "petition"}), 403)
    # Legal affairs of another branch: the item is not found; S1's petition is not theirs.
    other = api_as(_b2_legal(world))
    assert_error(other.post(f"/api/v1/warnings/{problem.pk}/route/", {"to_department": "petition"}), 404)
    assert_error(
        other.post("/api/v1/findings/", {"petition": petition.pk, "text": "x"}, format="json"),
        400,
        "petition",
    )
    assert_error(other.post("/api/v1/petitions/", body, format="json"), 400, "unit")
    assert (
        Petition.objects.count() == 1 and Finding.objects.count() == 1 and not WarningRoute.objects.exists()
    )


def _b2_legal(world):
    from supervision.choices import Role, UnitKind
    from supervision.models import Unit, User

    office = Unit.objects.create(
        code="B2-FZ", name="二分局法制大队", kind=UnitKind.LEGAL_AFFAIRS, parent=world.b2
    )
    return User.objects.create_user(username="b2_legal", password="x", role=Role.LEGAL_OFFICER, unit=office)
