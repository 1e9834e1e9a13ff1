"""The ingestion engine: idempotent upserts by source id, versions, audit of what changed,
and strict, all-or-nothing validation with problems a person can act on."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases import models as m
from cases.services import elements_ingest
from supervision.models import AuditEvent

from .conftest import ORDER, record

ELEMENT_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM) "(cases_(?!ingestion)\w+)"', re.IGNORECASE)

ELEMENT_MODELS = [
    m.Incident,
    m.Case,
    m.CaseOfficer,
    m.CaseEvent,
    m.Person,
    m.CoerciveMeasure,
    m.LimitChange,
    m.Property,
    m.PropertyMovement,
    m.Venue,
    m.VenueVisit,
    m.VenueMovement,
    m.QuestioningSession,
    m.CaseFile,
    m.LegalDocument,
]


@pytest.fixture(autouse=True)
def english():
    """Assert on the English source messages (the Chinese ones are checked apart)."""
    with translation.override("en"):
        yield


def element_writes(queries) -> list[str]:
    return [q["sql"][:120] for q in queries.captured_queries if ELEMENT_WRITE.match(q["sql"])]


def snapshot_counts() -> dict:
    return {model.__name__: model.objects.count() for model in ELEMENT_MODELS}


def ingest(actor, slug, records):
    return elements_ingest(actor=actor, element_type=slug, records=records)


# --------------------------------------------------------------------------------------
# Idempotency, versions, audit


@pytest.mark.parametrize("slug", ORDER)
def test_the_same_batch_twice_writes_nothing(elements, officers, slug):
    """Every element type: the second identical batch is compared, found unchanged, and
    causes no INSERT, UPDATE or DELETE on any element table."""
    again = [record(slug, "s1", "S1", officers["S1"])]
    with CaptureQueriesContext(connection) as queries:
        ingestion = ingest(elements.city_legal, slug, again)
    assert ingestion.status == "committed"
    assert (ingestion.created, ingestion.updated, ingestion.unchanged) == (0, 0, 1)
    assert element_writes(queries) == []


def test_a_new_version_updates_and_the_audit_trail_has_each_field(elements, officers):
    case = m.Case.objects.get(external_id="AJ350102202603010001-s1")
    before_updated = case.updated_at
    newer = record(
        "cases",
        "s1",
        "S1",
        ("S1002", "S1001"),  # the lead changes hands
        status="transferred_for_prosecution",
        transferred_for_prosecution_at="2026-04-20 10:00",
        source_updated_at="2026-04-20T10:05:00+08:00",
    )
    ingestion = ingest(elements.city_legal, "cases", [newer])
    assert (ingestion.created, ingestion.updated, ingestion.unchanged) == (0, 1, 0)
    case.refresh_from_db()
    assert case.status == "transferred_for_prosecution"
    assert case.updated_at > before_updated
    assert [link.officer.badge_no for link in case.case_officers.order_by("-is_lead", "pk")] == [
        "S1002",
        "S1001",
    ]
    event = AuditEvent.objects.get(action="case.update", target_id=str(case.pk))
    assert event.changes["status"] == ["filed", "transferred_for_prosecution"]
    assert event.changes["transferred_for_prosecution_at"] == [None, "2026-04-20T10:00:00+08:00"]
    assert event.changes["officers"] == [["S1001", "S1002"], ["S1002", "S1001"]]
    assert event.changes["source_updated_at"][0] is None
    assert event.actor == elements.city_legal
    assert event.unit_id == elements.s1.pk
    assert event.note == f"ingestion {ingestion.pk}"


def test_a_reference_change_is_audited_by_source_key(elements, officers):
    person = dict(record("persons", "s1", "S1", officers["S1"]), unit="S2")  # moved to the sibling station
    ingest(elements.city_legal, "persons", [person])
    event = AuditEvent.objects.get(action="person.update")
    assert event.changes == {"unit": ["S1", "S2"]}


def test_an_older_version_never_overwrites_a_newer_one(elements, officers):
    current = record("incidents", "s1", "S1", officers["S1"], source_updated_at="2026-03-02T08:00:00+08:00")
    assert ingest(elements.city_legal, "incidents", [current]).updated == 1
    stale = dict(current, source_updated_at="2026-03-01T08:00:00+08:00", disposal="transferred")
    with CaptureQueriesContext(connection) as queries:
        ingestion = ingest(elements.city_legal, "incidents", [stale])
    assert (ingestion.updated, ingestion.older, ingestion.unchanged) == (0, 1, 0)
    assert element_writes(queries) == []
    assert m.Incident.objects.get(external_id=current["external_id"]).disposal == "mediated"


def test_a_new_record_is_created_with_its_officers_lead_first(world, officers):
    ingestion = ingest(world.city_legal, "incidents", [record("incidents", "x", "S3", officers["S3"])])
    assert ingestion.created == 1
    ingestion = ingest(world.city_legal, "cases", [record("cases", "x", "S3", ("S3002", "S3001"))])
    assert ingestion.created == 1
    case = m.Case.objects.get()
    assert case.unit == world.s3
    assert case.incident.external_id == "JQ350102202603010001-x"
    assert list(case.case_officers.order_by("pk").values_list("officer__badge_no", "is_lead")) == [
        ("S3002", True),
        ("S3001", False),
    ]
    assert case.created_at == case.updated_at


def test_last_activity_follows_investigative_acts(elements, officers):
    case = m.Case.objects.get(external_id="AJ350102202603010001-s1")
    # From the fixture: an inspection (03-03 17:00), a measure (03-04 09:30) and sessions.
    assert case.last_activity_at.isoformat() == "2026-03-04T02:00:00+00:00"  # interrogation 10:00
    hearing = record(
        "case-events",
        "h",
        "S1",
        officers["S1"],
        case=case.external_id,
        kind="hearing_requested",
        occurred_at="2026-05-01 09:00",
    )
    ingest(elements.city_legal, "case-events", [hearing])
    case.refresh_from_db()
    assert case.last_activity_at.isoformat() == "2026-03-04T02:00:00+00:00"  # not investigative
    updated_before = case.updated_at
    search = dict(hearing, external_id="SJ-search", kind="search", occurred_at="2026-05-02 09:00")
    ingest(elements.city_legal, "case-events", [search])
    case.refresh_from_db()
    assert case.last_activity_at.isoformat() == "2026-05-02T01:00:00+00:00"
    assert case.updated_at > updated_before  # the patrol reads updated_at
    # Moving the search earlier moves the latest act back.
    ingest(elements.city_legal, "case-events", [dict(search, occurred_at="2026-03-05 09:00")])
    case.refresh_from_db()
    assert case.last_activity_at.isoformat() == "2026-03-05T01:00:00+00:00"


def test_property_disposal_is_derived_from_the_return(elements, officers):
    item = record("property", "s1", "S1", officers["S1"], status="returned", returned_at="2026-04-01 15:00")
    ingest(elements.city_legal, "property", [item])
    assert m.Property.objects.get(external_id=item["external_id"]).disposed_at.isoformat() == (
        "2026-04-01T07:00:00+00:00"
    )


def test_choices_accept_chinese_labels_and_yes_no(world, officers):
    rec = record("incidents", "zh", "S1", officers["S1"], category="纠纷", source="110报警", is_dispute="是")
    ingestion = ingest(world.city_legal, "incidents", [rec])
    assert ingestion.status == "committed", ingestion.errors
    incident = m.Incident.objects.get()
    assert (incident.category, incident.source, incident.is_dispute) == ("dispute", "call_110", True)


# --------------------------------------------------------------------------------------
# Rejections: every kind, each one by record index, source id and field; nothing written


def _good(slug, officers, suffix="new"):
    """A valid new record of ``slug`` at S1, referring to S1's existing elements."""
    rec = record(slug, "s1", "S1", officers["S1"])
    key = "code" if slug == "venues" else "external_id"
    rec[key] = f"{rec[key]}-{suffix}"
    return rec


REJECTIONS = [
    # (name, slug, mutate(record) -> record, field, message fragment)
    (
        "missing field",
        "incidents",
        lambda r: {k: v for k, v in r.items() if k != "number"},
        "number",
        "Required",
    ),
    ("empty required", "incidents", lambda r: dict(r, received_at="  "), "received_at", "Required"),
    ("bad datetime", "incidents", lambda r: dict(r, received_at="昨天晚上"), "received_at", "date and time"),
    ("bad choice", "incidents", lambda r: dict(r, category="fight"), "category", "is not one of"),
    ("bad yes/no", "incidents", lambda r: dict(r, is_dispute="maybe"), "is_dispute", "yes or no"),
    ("bad number", "property", lambda r: dict(r, value="lots"), "value", "number"),
    ("negative number", "measures", lambda r: dict(r, limit_value=-3), "limit_value", "whole number"),
    ("too long", "incidents", lambda r: dict(r, number="J" * 41), "number", "At most 40"),
    ("unknown field", "incidents", lambda r: dict(r, colour="red"), "colour", "Unknown field"),
    ("unknown unit", "incidents", lambda r: dict(r, unit="NOPE"), "unit", "Unknown unit code"),
    ("unknown officer", "incidents", lambda r: dict(r, officer="X999"), "officer", "Unknown"),
    ("unknown case", "persons", lambda r: dict(r, case="AJ-missing"), "case", "not in the platform"),
    ("unknown person", "measures", lambda r: dict(r, person="RY-missing"), "person", "not in the platform"),
    ("unknown venue", "venue-visits", lambda r: dict(r, venue="BAQ-missing"), "venue", "not in the platform"),
    ("one officer", "cases", lambda r: dict(r, officers=["S1001"]), "officers", "at least two"),
    ("officer twice", "cases", lambda r: dict(r, officers=["S1001", "S1001"]), "officers", "twice"),
    ("unknown badge", "cases", lambda r: dict(r, officers=["S1001", "X1"]), "officers", "Unknown officer"),
    ("bad id number", "persons", lambda r: dict(r, id_number="33010219900101123"), "id_number", "ID number"),
    (
        "document on nothing",
        "documents",
        lambda r: {k: v for k, v in r.items() if k not in ("case", "person", "measure")},
        "case",
        "at least one",
    ),
    ("a list for a reference", "persons", lambda r: dict(r, case=["A", "B"]), "case", "Expected"),
]


@pytest.mark.parametrize(
    ("name", "slug", "mutate", "field", "fragment"), REJECTIONS, ids=[r[0] for r in REJECTIONS]
)
def test_a_bad_record_rejects_the_whole_batch(elements, officers, name, slug, mutate, field, fragment):
    good = _good(slug, officers, "good")
    bad = mutate(_good(slug, officers, "bad"))
    before = snapshot_counts()
    ingestion = ingest(elements.city_legal, slug, [good, bad])
    assert ingestion.status == "rejected"
    assert snapshot_counts() == before  # nothing of the batch, not even the good record
    assert ingestion.rejected == 1
    problems = [e for e in ingestion.errors if e["index"] == 1]
    assert problems, ingestion.errors
    assert problems[0]["field"] == field
    assert problems[0]["external_id"] == bad.get("external_id", bad.get("code"))
    assert fragment in problems[0]["message"]
    assert not [e for e in ingestion.errors if e["index"] == 0]


def test_a_duplicate_source_id_in_one_batch(world, officers):
    first = _good("incidents", officers)
    ingestion = ingest(world.city_legal, "incidents", [first, dict(first, number="J2")])
    assert ingestion.status == "rejected"
    assert ingestion.errors == [
        {
            "index": 1,
            "external_id": first["external_id"],
            "field": "external_id",
            "message": "The same source id appears twice in this batch (first as record 0).",
        }
    ]
    assert m.Incident.objects.count() == 0


def test_a_record_that_is_not_an_object(world, officers):
    ingestion = ingest(world.city_legal, "incidents", [_good("incidents", officers), "JQ1,S1"])
    assert ingestion.status == "rejected"
    assert ingestion.errors[0]["index"] == 1
    assert m.Incident.objects.count() == 0


def test_out_of_scope_unit_is_an_error_for_that_record(world, officers):
    """The S1 API client may write only S1's elements."""
    mine = record("incidents", "a", "S1", officers["S1"])
    sibling = record("incidents", "b", "S2", officers["S2"])
    ingestion = ingest(world.api_client, "incidents", [mine, sibling])
    assert ingestion.status == "rejected"
    assert [(e["index"], e["field"]) for e in ingestion.errors] == [(1, "unit")]
    assert "outside your scope" in ingestion.errors[0]["message"]
    assert m.Incident.objects.count() == 0


def test_references_outside_the_scope_are_not_found(elements, officers):
    """The S1 client cannot attach a person to S2's case (nor learn that it exists)."""
    person = record("persons", "p", "S1", officers["S1"], case="AJ350102202603010001-s2")
    ingestion = ingest(elements.api_client, "persons", [person])
    assert ingestion.status == "rejected"
    assert ingestion.errors[0]["field"] == "case"
    assert "not in the platform, or outside your scope" in ingestion.errors[0]["message"]


def test_a_source_id_held_by_another_scope_cannot_be_taken_over(elements, officers):
    takeover = record("incidents", "s2", "S1", officers["S1"])  # S2's incident, claimed for S1
    ingestion = ingest(elements.api_client, "incidents", [takeover])
    assert ingestion.status == "rejected"
    assert ingestion.errors[0]["field"] == "external_id"
    assert m.Incident.objects.get(external_id=takeover["external_id"]).unit == elements.s2


def test_a_case_has_one_file(elements, officers):
    second = record("case-files", "s1", "S1", officers["S1"], external_id="JZ-another")
    ingestion = ingest(elements.city_legal, "case-files", [second])
    assert ingestion.status == "rejected"
    assert ingestion.errors[0]["field"] == "case"
    assert "JZ350102202603010001-s1" in ingestion.errors[0]["message"]


def test_rejected_batches_are_recorded_and_audited(world, officers):
    bad = dict(_good("incidents", officers), unit="NOPE")
    ingestion = ingest(world.branch_legal, "incidents", [bad])
    stored = m.Ingestion.objects.get(pk=ingestion.pk)
    assert (stored.status, stored.received, stored.rejected, stored.error_count) == ("rejected", 1, 1, 1)
    assert stored.actor == world.branch_legal and stored.unit == world.b1_legal_unit
    event = AuditEvent.objects.get(action="ingestion.reject")
    assert event.changes["rejected"] == 1 and event.changes["element_type"] == "incident"


def test_problems_are_reported_in_chinese(world, officers):
    with translation.override("zh-hans"):
        ingestion = ingest(world.city_legal, "incidents", [dict(_good("incidents", officers), unit="NOPE")])
    assert ingestion.errors[0]["message"] == "单位代码“NOPE”不存在。"


def test_every_problem_of_a_record_is_listed(world, officers):
    bad = dict(_good("incidents", officers), received_at="x", category="y", unit="NOPE")
    del bad["number"]
    ingestion = ingest(world.city_legal, "incidents", [bad])
    assert {e["field"] for e in ingestion.errors} == {"received_at", "category", "unit", "number"}
    assert ingestion.error_count == 4


@pytest.mark.needs_postgres
def test_large_batches_take_a_constant_number_of_queries(world, officers):
    """Set-based: a batch of 2,000 costs about the same few queries as a batch of 20."""

    def batch(n, tag):
        return [
            record("incidents", f"{tag}{i}", ("S1", "S2", "S3")[i % 3], officers[("S1", "S2", "S3")[i % 3]])
            for i in range(n)
        ]

    counts = []
    for n, tag in ((20, "a"), (2000, "b")):
        with CaptureQueriesContext(connection) as queries:
            assert ingest(world.city_legal, "incidents", batch(n, tag)).created == n
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] < 20
