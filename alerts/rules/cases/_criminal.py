"""Expressions the criminal-case risk points AJ02–AJ16 share (no risk point here).

Every helper returns a database expression, so each rule stays one set-based query.
Documents received from another organ count from when the police received them
(``received_at``), else from their date (``issued_at``); a notice to a person counts when
it was served, or when it was issued if a reason it could not be served is recorded;
papers sent to the procuratorate count when served, else when issued (the data rarely
records service on another organ).
"""

from __future__ import annotations

import datetime

from django.db.models import Case, DateTimeField, F, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, NullIf

from cases.models import CaseEvent, LegalDocument

_PAST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def latest(*expressions):
    """The latest of several times, ignoring missing ones (``NULL`` when all are missing)."""
    resolved = [
        Coalesce(F(e) if isinstance(e, str) else e, Value(_PAST), output_field=DateTimeField())
        for e in expressions
    ]
    return NullIf(Greatest(*resolved), Value(_PAST), output_field=DateTimeField())


def received_time():
    """When a document from another organ reached the police."""
    return Coalesce("received_at", "issued_at", output_field=DateTimeField())


def served_time():
    """When a notice reached its addressee, or was issued with a reason it could not be served."""
    return Coalesce(
        "served_at",
        Case(When(~Q(service_impossible_reason=""), then=F("issued_at")), output_field=DateTimeField()),
        output_field=DateTimeField(),
    )


def sent_time():
    """When papers went to another organ: served, else issued."""
    return Coalesce("served_at", "issued_at", output_field=DateTimeField())


def _documents(kind: str, when, **filters):
    docs = LegalDocument.objects.filter(kind=kind).annotate(moment=when)
    return docs.filter(moment__isnull=False, **filters)


def first_document(kind: str, when, **filters):
    """The earliest ``when`` (an expression of the document) of the matching documents;
    ``filters`` may compare ``moment`` (that time) too."""
    docs = _documents(kind, when, **filters)
    return Subquery(docs.order_by("moment").values("moment")[:1], output_field=DateTimeField())


def last_document(kind: str, when, as_of: datetime.datetime, **filters):
    """The latest ``when`` at or before ``as_of`` of the matching documents."""
    docs = _documents(kind, when, **filters).filter(moment__lte=as_of)
    return Subquery(docs.order_by("-moment").values("moment")[:1], output_field=DateTimeField())


def first_event(kind: str, **filters):
    events = CaseEvent.objects.filter(kind=kind, **filters)
    return Subquery(events.order_by("occurred_at").values("occurred_at")[:1], output_field=DateTimeField())


def last_event(kind: str, as_of: datetime.datetime, **filters):
    events = CaseEvent.objects.filter(kind=kind, occurred_at__lte=as_of, **filters)
    return Subquery(events.order_by("-occurred_at").values("occurred_at")[:1], output_field=DateTimeField())


def on_or_after(field: str, start: str = "rule_start"):
    """``field`` when it is at or after ``start`` (an earlier value answers an earlier round)."""
    return Case(When(**{f"{field}__gte": F(start)}, then=F(field)), output_field=DateTimeField())
