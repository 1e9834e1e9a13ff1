"""What the summons, questioning and custody risk points (RY01–RY14, RY27) share: which
measures hold a person for questioning, who answers for a measure, and the extensions of
the questioning clock. Not a risk point (no ``@register``)."""

from __future__ import annotations

import datetime

from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cases.choices import (
    CaseKind,
    DocumentKind,
    LimitChangeKind,
    LimitClock,
    LimitUnit,
    MeasureKind,
    SessionKind,
)
from cases.models import LegalDocument, LimitChange, QuestioningSession

from ...deadlines import Change
from ..common import REVISED_PUBLIC_ORDER_LAW_IN_FORCE, earliest, lead_officer

# Measures that hold a person at the police for questioning (the hour-limited ones).
SUMMONS_KINDS = (
    MeasureKind.ADMIN_SUMMONS,
    MeasureKind.CRIMINAL_SUMMONS,
    MeasureKind.COMPELLED_APPEARANCE,
    MeasureKind.VERIFICATION_QUESTIONING,
)
HOLDING_KINDS = (*SUMMONS_KINDS, MeasureKind.CONTINUED_QUESTIONING)

LAST_DAY_OF_OLD_LAW = REVISED_PUBLIC_ORDER_LAW_IN_FORCE - datetime.timedelta(days=1)


def admin_questioning() -> Q:
    """Administrative (治安) summons and questioning for verification: a summons, a person who
    surrendered or was brought in (询问查证, 行规 Art. 70), or a compelled appearance (强制传唤)
    in an administrative case."""
    return Q(kind__in=[MeasureKind.ADMIN_SUMMONS, MeasureKind.VERIFICATION_QUESTIONING]) | Q(
        kind=MeasureKind.COMPELLED_APPEARANCE, case__kind=CaseKind.ADMINISTRATIVE
    )


def criminal_questioning() -> Q:
    """Criminal summons (传唤) and compelled appearance (拘传) outside administrative cases."""
    return Q(kind=MeasureKind.CRIMINAL_SUMMONS) | (
        Q(kind=MeasureKind.COMPELLED_APPEARANCE) & ~Q(case__kind=CaseKind.ADMINISTRATIVE)
    )


def measure_officer():
    """The lead officer of the measure's case; for a measure without a case (留置盘问 of a
    person met on the street), the officer of the incident the person belongs to."""
    return Coalesce(
        lead_officer("case_id"), F("person__incident__officer_id"), output_field=BigIntegerField()
    )


def questioning_extensions(measure_ids) -> dict[int, list[Change]]:
    """Approved hour extensions of the questioning clock, by measure (for the explanation)."""
    found: dict[int, list[Change]] = {}
    ids = list(measure_ids)
    for offset in range(0, len(ids), 1000):
        rows = LimitChange.objects.filter(
            measure_id__in=ids[offset : offset + 1000],
            clock=LimitClock.QUESTIONING,
            kind=LimitChangeKind.EXTENSION,
            approved_at__isnull=False,
            new_limit_value__isnull=False,
            new_limit_unit__in=["", LimitUnit.HOURS],
        ).values(
            "measure_id",
            "id",
            "kind",
            "effective_at",
            "reason",
            "new_limit_value",
            "new_limit_unit",
            "approved_at",
        )
        for row in rows:
            found.setdefault(row["measure_id"], []).append(Change.from_row(row))
    return found


def notices(kind: str, field: str = "served_at"):
    """The earliest ``field`` of the notices of ``kind`` for a measure: those naming it, and
    (older data) those naming only its person, from the measure's start on."""
    documents = LegalDocument.objects.filter(kind=kind, **{f"{field}__isnull": False})
    by_measure = documents.filter(measure=OuterRef("pk")).order_by(field).values(field)[:1]
    by_person = (
        documents.filter(
            measure__isnull=True,
            person=OuterRef("person_id"),
            **{f"{field}__gte": OuterRef("started_at")},
        )
        .order_by(field)
        .values(field)[:1]
    )
    return Subquery(by_measure), Subquery(by_person)


def notice_reason_recorded(kind: str) -> Q:
    """A reason for not notifying the family in time: on the measure, or on its notice."""
    late_reason = LegalDocument.objects.filter(kind=kind, measure=OuterRef("pk")).exclude(late_reason="")
    return ~Q(family_notice_waiver="") | Q(Exists(late_reason))


def first_interrogation():
    """When the person was first interrogated at or after the measure started: a questioning
    session, or (when sessions are not sent) an interrogation record."""
    session = (
        QuestioningSession.objects.filter(
            person=OuterRef("person_id"),
            kind=SessionKind.INTERROGATION,
            started_at__gte=OuterRef("started_at"),
        )
        .order_by("started_at")
        .values("started_at")[:1]
    )
    record = (
        LegalDocument.objects.filter(
            person=OuterRef("person_id"),
            kind=DocumentKind.INTERROGATION_RECORD,
            issued_at__gte=OuterRef("started_at"),
        )
        .order_by("issued_at")
        .values("issued_at")[:1]
    )
    return earliest(Subquery(session), Subquery(record))
