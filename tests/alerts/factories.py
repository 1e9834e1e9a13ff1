"""Small factories for execution elements, with the irregularities the risk points look for.

Every factory takes the owning unit and keyword overrides for any model field; times are
written as ``at("2026-09-05 10:00")`` (Asia/Shanghai)."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from cases.choices import (
    CaseKind,
    CaseStatus,
    DocumentKind,
    IncidentCategory,
    IncidentSource,
    LimitChangeKind,
    MeasureKind,
    PersonRole,
    PropertyKind,
    PropertyStatus,
    SeizureKind,
    VenueKind,
)
from cases.models import (
    Case,
    CaseOfficer,
    CoerciveMeasure,
    Incident,
    LegalDocument,
    LimitChange,
    Person,
    Property,
    Venue,
    VenueVisit,
)

SH = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def at(text: str) -> datetime.datetime:
    """``"2026-09-05 10:00"`` (or a date, or ``"… 24:00"``) as an aware Asia/Shanghai time."""
    text = text.strip()
    if text.endswith("24:00"):
        day = datetime.date.fromisoformat(text[:10])
        return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=SH)
    if len(text) == 10:
        return datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time(0), tzinfo=SH)
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SH)


def _ext(prefix: str) -> str:
    return f"{prefix}-{next(_seq)}"


def make_incident(unit, **fields) -> Incident:
    n = next(_seq)
    defaults = {
        "external_id": f"INC-{n}",
        "number": f"J{n:08d}",
        "received_at": at("2026-09-05 10:00"),
        "source": IncidentSource.CALL_110,
        "category": IncidentCategory.CRIMINAL,
        "unit": unit,
    }
    return Incident.objects.create(**{**defaults, **fields})


def make_case(unit, officer=None, **fields) -> Case:
    n = next(_seq)
    defaults = {
        "external_id": f"CASE-{n}",
        "number": f"A{n:08d}",
        "kind": CaseKind.CRIMINAL,
        "cause": "盗窃",
        "status": CaseStatus.ACCEPTED,
        "accepted_at": at("2026-09-05 10:00"),
        "unit": unit,
    }
    case = Case.objects.create(**{**defaults, **fields})
    if officer is not None:
        CaseOfficer.objects.create(case=case, officer=officer, is_lead=True)
    return case


def make_person(unit, **fields) -> Person:
    n = next(_seq)
    defaults = {"external_id": f"P-{n}", "name": f"嫌疑人{n}", "role": PersonRole.SUSPECT, "unit": unit}
    return Person.objects.create(**{**defaults, **fields})


def make_measure(unit, *, person=None, case=None, **fields) -> CoerciveMeasure:
    person = person or make_person(unit, case=case)
    defaults = {
        "external_id": _ext("M"),
        "person": person,
        "case": case,
        "kind": MeasureKind.CRIMINAL_DETENTION,
        "started_at": at("2026-03-01 10:00"),
        "unit": unit,
    }
    return CoerciveMeasure.objects.create(**{**defaults, **fields})


def make_change(*, clock: str, kind: str = LimitChangeKind.EXTENSION, **fields) -> LimitChange:
    element = fields.get("case") or fields.get("measure") or fields.get("property")
    defaults = {"external_id": _ext("LC"), "clock": clock, "kind": kind, "unit_id": element.unit_id}
    return LimitChange.objects.create(**{**defaults, **fields})


def make_property(unit, **fields) -> Property:
    defaults = {
        "external_id": _ext("PR"),
        "name": "手机",
        "kind": PropertyKind.PHONE,
        "seizure_kind": SeizureKind.SEIZURE,
        "status": PropertyStatus.SEIZED,
        "seized_at": at("2026-09-05 10:00"),
        "unit": unit,
    }
    return Property.objects.create(**{**defaults, **fields})


def make_visit(unit, *, person=None, venue=None, **fields) -> VenueVisit:
    venue = venue or Venue.objects.create(
        code=_ext("V"), name="办案区", kind=VenueKind.HANDLING_AREA, unit=unit
    )
    person = person or make_person(unit)
    defaults = {
        "external_id": _ext("VV"),
        "venue": venue,
        "person": person,
        "entered_at": at("2026-09-05 10:00"),
        "unit": unit,
    }
    return VenueVisit.objects.create(**{**defaults, **fields})


def make_document(unit, kind: str = DocumentKind.OTHER, **fields) -> LegalDocument:
    defaults = {"external_id": _ext("D"), "kind": kind, "number": _ext("文书"), "unit": unit}
    return LegalDocument.objects.create(**{**defaults, **fields})
