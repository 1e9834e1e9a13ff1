"""Columns of the element list pages (and of the related tables on detail pages).

A column names what it shows (an attribute path, or a function of the row and the
viewer), how to format it, how to sort by it and whether it links to the row's page.
Every attribute a column reads is joined by the page's queryset: no query per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from supervision.privacy import id_number_for

from . import models as m


@dataclass(frozen=True)
class Column:
    label: Any
    accessor: str | Callable[[Any, Any], Any]
    fmt: str = "text"  # text, datetime, date, bool, money, badge
    sort: str = ""  # key in the list view's ordering_fields
    link: bool = False  # link to the row's own page

    def value(self, obj, user):
        if callable(self.accessor):
            return self.accessor(obj, user)
        value = obj
        for part in self.accessor.split("."):
            if value is None:
                return None
            value = getattr(value, part)
            if callable(value):
                value = value()
        return value


def label(model, field_name: str):
    return model._meta.get_field(field_name).verbose_name


def col(model, path: str, *, fmt: str = "text", sort: str = "", link: bool = False, title=None) -> Column:
    """A column for ``model``'s field ``path`` (choices shown by their label)."""
    first = path.split(".")[0]
    field = model._meta.get_field(first)
    accessor = f"get_{first}_display" if getattr(field, "choices", None) and "." not in path else path
    if fmt == "text" and field.get_internal_type() == "DateTimeField":
        fmt = "datetime"
    elif fmt == "text" and field.get_internal_type() == "BooleanField":
        fmt = "bool"
    return Column(title or field.verbose_name, accessor, fmt, sort, link)


UNIT = Column(_("Unit"), "unit.display_name")

INCIDENT_COLUMNS = [
    col(m.Incident, "number", sort="number", link=True),
    col(m.Incident, "received_at", sort="received"),
    col(m.Incident, "category"),
    col(m.Incident, "source"),
    col(m.Incident, "is_dispute"),
    col(m.Incident, "location"),
    col(m.Incident, "caller_name"),
    UNIT,
    col(m.Incident, "officer.name", title=label(m.Incident, "officer")),
    col(m.Incident, "disposal"),
    col(m.Incident, "disposed_at", sort="disposed"),
]

CASE_COLUMNS = [
    col(m.Case, "number", sort="number", link=True),
    col(m.Case, "name"),
    col(m.Case, "kind"),
    col(m.Case, "cause", sort="cause"),
    col(m.Case, "status", sort="status"),
    UNIT,
    Column(
        _("Lead officer"), lambda case, user: next((o.officer.name for o in case.case_officers.all()), "")
    ),
    col(m.Case, "accepted_at", sort="accepted"),
    col(m.Case, "filed_at", sort="filed"),
    col(m.Case, "last_activity_at", sort="activity"),
    col(m.Case, "closed_at", sort="closed"),
]

PERSON_COLUMNS = [
    col(m.Person, "name", sort="name", link=True),
    col(m.Person, "role", sort="role"),
    Column(label(m.Person, "id_number"), lambda person, user: id_number_for(user, person.id_number)),
    col(m.Person, "gender"),
    col(m.Person, "birth_date", fmt="date", sort="birth"),
    Column(_("Special group or risk"), lambda person, user: person_flags(person), fmt="badges"),
    col(m.Person, "case.number", title=label(m.Person, "case")),
    UNIT,
]

MEASURE_COLUMNS = [
    col(m.CoerciveMeasure, "kind", sort="kind", link=True),
    col(m.CoerciveMeasure, "person.name", title=label(m.CoerciveMeasure, "person")),
    col(m.CoerciveMeasure, "case.number", title=label(m.CoerciveMeasure, "case")),
    UNIT,
    col(m.CoerciveMeasure, "decided_by"),
    col(m.CoerciveMeasure, "started_at", sort="started"),
    Column(_("Approved limit"), lambda measure, user: measure_limit(measure)),
    col(m.CoerciveMeasure, "ended_at", sort="ended"),
    col(m.CoerciveMeasure, "end_reason"),
]

PROPERTY_COLUMNS = [
    col(m.Property, "name", sort="name", link=True),
    col(m.Property, "kind"),
    col(m.Property, "seizure_kind"),
    col(m.Property, "value", fmt="money", sort="value"),
    col(m.Property, "status", sort="status"),
    col(m.Property, "case.number", title=label(m.Property, "case")),
    UNIT,
    col(m.Property, "seized_at", sort="seized"),
    col(m.Property, "stored_at", sort="stored"),
    col(m.Property, "storage_location"),
    col(m.Property, "disposed_at", sort="disposed"),
]

VISIT_COLUMNS = [
    col(m.VenueVisit, "person.name", title=label(m.VenueVisit, "person"), link=True),
    col(m.VenueVisit, "venue.name", title=label(m.VenueVisit, "venue")),
    col(m.VenueVisit, "case.number", title=label(m.VenueVisit, "case")),
    UNIT,
    col(m.VenueVisit, "entered_at", sort="entered"),
    col(m.VenueVisit, "exited_at", sort="exited"),
    Column(_("Five checks"), lambda visit, user: f"{visit.checks_done}/5", fmt="checks"),
    col(m.VenueVisit, "exit_reason"),
]

VENUE_COLUMNS = [
    col(m.Venue, "code", sort="code", link=True),
    col(m.Venue, "name", sort="name"),
    col(m.Venue, "kind"),
    UNIT,
    col(m.Venue, "is_active"),
]

SESSION_COLUMNS = [
    col(m.QuestioningSession, "kind", link=True),
    col(m.QuestioningSession, "person.name", title=label(m.QuestioningSession, "person")),
    col(m.QuestioningSession, "case.number", title=label(m.QuestioningSession, "case")),
    UNIT,
    col(m.QuestioningSession, "location"),
    col(m.QuestioningSession, "started_at", sort="started"),
    col(m.QuestioningSession, "ended_at"),
    col(m.QuestioningSession, "av_recorded"),
    col(m.QuestioningSession, "av_complete"),
    col(m.QuestioningSession, "officer.name", title=label(m.QuestioningSession, "officer")),
]

CASE_FILE_COLUMNS = [
    col(m.CaseFile, "case.number", title=label(m.CaseFile, "case"), link=True),
    UNIT,
    col(m.CaseFile, "built_at", sort="built"),
    col(m.CaseFile, "e_file_built_at"),
    col(m.CaseFile, "archived_at", sort="archived"),
    col(m.CaseFile, "volumes"),
]

DOCUMENT_COLUMNS = [
    col(m.LegalDocument, "kind", sort="kind", link=True),
    col(m.LegalDocument, "number"),
    col(m.LegalDocument, "direction"),
    col(m.LegalDocument, "case.number", title=label(m.LegalDocument, "case")),
    col(m.LegalDocument, "person.name", title=label(m.LegalDocument, "person")),
    UNIT,
    col(m.LegalDocument, "issued_at", sort="issued"),
    col(m.LegalDocument, "served_at", sort="served"),
    Column(_("Form"), lambda document, user: document_defects(document), fmt="defects"),
]

# The case page lists the case's documents: the case and its unit go without saying.
CASE_DOCUMENT_COLUMNS = [
    c for c in DOCUMENT_COLUMNS if c.accessor not in ("case.number", "unit.display_name")
]

# Small tables on detail pages
EVENT_COLUMNS = [
    col(m.CaseEvent, "occurred_at"),
    col(m.CaseEvent, "kind"),
    col(m.CaseEvent, "officer.name", title=label(m.CaseEvent, "officer")),
    col(m.CaseEvent, "note"),
]
LIMIT_CHANGE_COLUMNS = [
    col(m.LimitChange, "effective_at"),
    col(m.LimitChange, "clock"),
    col(m.LimitChange, "kind"),
    col(m.LimitChange, "reason"),
    Column(label(m.LimitChange, "new_limit_value"), lambda change, user: change_limit(change)),
    col(m.LimitChange, "approved_by"),
]
PROPERTY_MOVEMENT_COLUMNS = [
    col(m.PropertyMovement, "purpose"),
    col(m.PropertyMovement, "moved_out_at"),
    col(m.PropertyMovement, "due_back_at"),
    col(m.PropertyMovement, "returned_at"),
    col(m.PropertyMovement, "approved_by"),
]
VENUE_MOVEMENT_COLUMNS = [
    col(m.VenueMovement, "out_at"),
    col(m.VenueMovement, "back_at"),
    col(m.VenueMovement, "purpose"),
    col(m.VenueMovement, "approved_by"),
    col(m.VenueMovement, "approved_at"),
]
INGESTION_COLUMNS = [
    Column(_("Started"), "started_at", "datetime", "started", link=True),
    Column(_("Element"), lambda ingestion, user: element_type_label(ingestion.element_type)),
    col(m.Ingestion, "channel"),
    col(m.Ingestion, "status", fmt="status"),
    Column(_("By"), "actor.display_name"),
    col(m.Ingestion, "file_name"),
    col(m.Ingestion, "received"),
    col(m.Ingestion, "created"),
    col(m.Ingestion, "updated"),
    col(m.Ingestion, "unchanged"),
    col(m.Ingestion, "error_count"),
]


def person_flags(person: m.Person) -> list[str]:
    from .filtersets import PERSON_FLAGS

    return [str(text) for name, text in PERSON_FLAGS if getattr(person, name)]


def measure_limit(measure: m.CoerciveMeasure) -> str:
    if measure.limit_value:
        return f"{measure.limit_value} {measure.get_limit_unit_display()}"
    return ""


def change_limit(change: m.LimitChange) -> str:
    if change.new_limit_value:
        return f"{change.new_limit_value} {change.get_new_limit_unit_display()}"
    return ""


def document_defects(document: m.LegalDocument) -> list[str]:
    """What the form of a document lacks, in words (for records: the person's signature)."""
    missing = []
    records = {"interrogation_record", "inquiry_record", "seizure_list", "search_record", "inspection_record"}
    if document.kind in records and not (document.signed_by_subject or document.subject_refusal_noted):
        missing.append(str(_("no signature of the person")))
    if document.direction == "issued":
        if not document.signed_by_officers:
            missing.append(str(_("no officers' signature")))
        if not document.sealed and document.kind not in records:
            missing.append(str(_("no seal")))
        if not document.dated:
            missing.append(str(_("no date")))
    return missing


def element_type_label(code: str) -> str:
    from .ingest import spec_for

    spec = spec_for(code)
    return spec.label if spec else code
