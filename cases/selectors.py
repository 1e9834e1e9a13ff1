"""Reads of the execution elements, shared by the pages, the exports and the API.

List querysets carry every ``select_related``/``prefetch_related`` their pages and
serializers need, so a page costs the same few queries whatever its length.
The caller scopes them (``visible_to``) — the base views and viewsets do it for them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.privacy import id_number_for

from . import models as m
from .choices import (
    FileCondition,
    MeasureKind,
    PersonRole,
)
from .ingest import ElementSpec, spec_for

OFFICERS_PREFETCH = Prefetch(
    "case_officers",
    queryset=m.CaseOfficer.objects.select_related("officer").order_by("-is_lead", "pk"),
)


def element_queryset(spec: ElementSpec) -> QuerySet:
    """The spec's model with every reference joined (unscoped: the caller scopes it)."""
    related = [f.name for f in spec.fields if f.kind == "ref"]
    # The model's ordering plus the primary key: pages of a list never overlap or skip.
    ordering = [*spec.model._meta.ordering, "-pk"]
    queryset = spec.model._default_manager.select_related(*related).order_by(*ordering)
    if spec.has_officers:
        queryset = queryset.prefetch_related(OFFICERS_PREFETCH)
    return queryset


def case_officers(case: m.Case) -> list:
    """Handling officers, lead first (from the prefetch when there is one)."""
    return [link.officer for link in case.case_officers.all()]


def element_rows(spec: ElementSpec, queryset: QuerySet, *, user: User, limit: int) -> Iterator[dict]:
    """Rows for an export, keyed like the ingest format (references by source key), with
    ID numbers masked for those who may not see them. Reads ``.values()`` in chunks
    (no model instances), plus one query per chunk for the officers of cases."""
    columns = {}
    for f in spec.fields:
        if f.kind == "ref":
            columns[f.name] = f"{f.name}__{f.ref.key}"
        elif f.kind != "officers":
            columns[f.name] = f.attname
    names = list(columns)
    lookups = list(columns.values())
    chunk: list[dict] = []

    def flush(rows: list[dict]):
        if spec.has_officers and rows:
            badges = defaultdict(list)
            links = (
                m.CaseOfficer.objects.filter(case_id__in=[r["_pk"] for r in rows])
                .order_by("case_id", "-is_lead", "pk")
                .values_list("case_id", "officer__badge_no")
            )
            for case_id, badge in links:
                badges[case_id].append(badge)
            for row in rows:
                row["officers"] = badges.get(row["_pk"], [])
        yield from rows

    for values in queryset.values("pk", *lookups)[:limit].iterator(chunk_size=2000):
        row = {name: values[lookup] for name, lookup in zip(names, lookups, strict=True)}
        row["_pk"] = values["pk"]
        if "id_number" in row:
            row["id_number"] = id_number_for(user, row["id_number"])
        chunk.append(row)
        if len(chunk) >= 2000:
            yield from flush(chunk)
            chunk = []
    yield from flush(chunk)


# --------------------------------------------------------------------------------------
# The case page: the whole case as one timeline


@dataclass
class TimelineItem:
    at: datetime.datetime
    group: str  # incident, lifecycle, event, measure, property, venue, session, document, file
    title: str
    detail: str = ""
    url: str = ""


@dataclass
class Requirement:
    document_kind: str
    label: str
    condition: str
    in_file: list = field(default_factory=list)
    not_in_file: list = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.in_file:
            return "complete"
        return "not_in_file" if self.not_in_file else "missing"


@dataclass
class CaseView:
    case: m.Case
    officers: list
    timeline: list[TimelineItem]
    persons: list
    property_items: list
    visits: list
    sessions: list
    documents: list
    limit_changes: list
    case_file: m.CaseFile | None
    requirements: list[Requirement]

    @property
    def file_complete(self) -> bool:
        return all(r.state == "complete" for r in self.requirements)


LIFECYCLE_FIELDS = [
    "reported_at",
    "accepted_at",
    "filed_at",
    "declined_at",
    "solved_at",
    "suspended_at",
    "investigation_concluded_at",
    "transferred_for_prosecution_at",
    "transferred_out_at",
    "withdrawn_at",
    "decided_at",
    "closed_at",
]


def case_documents(
    case: m.Case, *, persons=None, measures=None, property_items=None, sessions=None
) -> QuerySet:
    """Documents on the case or on any of its persons, measures, property items or
    sessions. Given as id lists (not joins), the alternatives become one bitmap OR over the
    foreign-key indexes — a join-and-OR would scan every document of the city."""
    persons = persons if persons is not None else list(case.persons.values_list("pk", flat=True))
    measures = measures if measures is not None else list(case.measures.values_list("pk", flat=True))
    items = (
        property_items
        if property_items is not None
        else list(case.property_items.values_list("pk", flat=True))
    )
    sessions = sessions if sessions is not None else list(case.sessions.values_list("pk", flat=True))
    condition = Q(case=case)
    for field_name, ids in (
        ("person", persons),
        ("measure", measures),
        ("property", items),
        ("session", sessions),
    ):
        if ids:
            condition |= Q(**{f"{field_name}_id__in": ids})
    return m.LegalDocument.objects.filter(condition).select_related("person").order_by("issued_at", "pk")


def case_view(case: m.Case, *, user: User) -> CaseView:
    """Everything about one case, in a fixed number of queries."""
    officers = case_officers(case)
    persons = list(
        case.persons.all()
        .order_by("role", "name")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=m.CoerciveMeasure.objects.order_by("started_at").prefetch_related(
                    Prefetch("limit_changes", queryset=m.LimitChange.objects.order_by("effective_at"))
                ),
            )
        )
    )
    for person in persons:
        person.shown_id_number = id_number_for(user, person.id_number)
    property_items = list(
        case.property_items.select_related("seized_by").prefetch_related(
            Prefetch("movements", queryset=m.PropertyMovement.objects.order_by("moved_out_at"))
        )
    )
    visits = list(
        case.visits.select_related("venue", "person", "checked_by")
        .prefetch_related(Prefetch("movements", queryset=m.VenueMovement.objects.order_by("out_at")))
        .order_by("entered_at")
    )
    sessions = list(case.sessions.select_related("person", "officer").order_by("started_at"))
    documents = list(
        case_documents(
            case,
            persons=[p.pk for p in persons],
            measures=[measure.pk for p in persons for measure in p.measures.all()],
            property_items=[item.pk for item in property_items],
            sessions=[session.pk for session in sessions],
        )
    )
    events = list(case.events.select_related("officer").order_by("occurred_at"))
    limit_changes = list(case.limit_changes.order_by("effective_at"))
    case_file = m.CaseFile.objects.filter(case=case).first()

    timeline = _timeline(
        case, events, persons, property_items, visits, sessions, documents, limit_changes, case_file
    )
    requirements = case_file_completeness(
        case, persons=persons, property_items=property_items, documents=documents
    )
    return CaseView(
        case=case,
        officers=officers,
        timeline=timeline,
        persons=persons,
        property_items=property_items,
        visits=visits,
        sessions=sessions,
        documents=documents,
        limit_changes=limit_changes,
        case_file=case_file,
        requirements=requirements,
    )


def _url(name: str, pk: int) -> str:
    return reverse(f"cases:{name}", args=[pk])


def _label(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def _timeline(case, events, persons, property_items, visits, sessions, documents, limit_changes, case_file):
    items: list[TimelineItem] = []
    add = items.append
    incident = case.incident
    if incident is not None:
        url = _url("incident", incident.pk)
        add(TimelineItem(incident.received_at, "incident", _("Incident received"), incident.number, url))
        if incident.arrived_at:
            add(TimelineItem(incident.arrived_at, "incident", _label(m.Incident, "arrived_at"), "", url))
        if incident.disposed_at:
            add(
                TimelineItem(
                    incident.disposed_at,
                    "incident",
                    _label(m.Incident, "disposed_at"),
                    incident.get_disposal_display(),
                    url,
                )
            )
    for name in LIFECYCLE_FIELDS:
        value = getattr(case, name)
        if value:
            detail = case.get_decision_display() if name == "decided_at" and case.decision else ""
            add(TimelineItem(value, "lifecycle", _label(m.Case, name), detail))
    for event in events:
        detail = " · ".join(t for t in (event.officer.name if event.officer else "", event.note) if t)
        add(TimelineItem(event.occurred_at, "event", event.get_kind_display(), detail))
    for change in limit_changes:
        add(TimelineItem(change.effective_at, "limit", _change_title(change), _limit_text(change)))
    for person in persons:
        for measure in person.measures.all():
            url = _url("measure", measure.pk)
            add(TimelineItem(measure.started_at, "measure", measure.get_kind_display(), person.name, url))
            if measure.ended_at:
                detail = f"{person.name} · {measure.get_end_reason_display()}".rstrip(" ·")
                add(
                    TimelineItem(
                        measure.ended_at,
                        "measure",
                        _("%(measure)s ended") % {"measure": measure.get_kind_display()},
                        detail,
                        url,
                    )
                )
            for change in measure.limit_changes.all():
                add(
                    TimelineItem(
                        change.effective_at, "limit", _change_title(change), _limit_text(change), url
                    )
                )
    for item in property_items:
        url = _url("property", item.pk)
        add(TimelineItem(item.seized_at, "property", item.get_seizure_kind_display(), item.name, url))
        if item.stored_at:
            add(TimelineItem(item.stored_at, "property", _label(m.Property, "stored_at"), item.name, url))
        for movement in item.movements.all():
            add(
                TimelineItem(
                    movement.moved_out_at,
                    "property",
                    _label(m.PropertyMovement, "moved_out_at"),
                    f"{item.name} · {movement.get_purpose_display()}",
                    url,
                )
            )
            if movement.returned_at:
                add(
                    TimelineItem(
                        movement.returned_at,
                        "property",
                        _label(m.PropertyMovement, "returned_at"),
                        item.name,
                        url,
                    )
                )
        if item.disposed_at:
            add(
                TimelineItem(
                    item.disposed_at,
                    "property",
                    _label(m.Property, "disposed_at"),
                    f"{item.name} · {item.get_status_display()}",
                    url,
                )
            )
    for visit in visits:
        url = _url("visit", visit.pk)
        add(
            TimelineItem(
                visit.entered_at,
                "venue",
                _("Entered the handling area"),
                f"{visit.person.name} · {visit.venue.name}",
                url,
            )
        )
        for movement in visit.movements.all():
            add(
                TimelineItem(
                    movement.out_at,
                    "venue",
                    _label(m.VenueMovement, "out_at"),
                    f"{visit.person.name} · {movement.purpose}",
                    url,
                )
            )
        if visit.exited_at:
            add(
                TimelineItem(
                    visit.exited_at,
                    "venue",
                    _("Left the handling area"),
                    f"{visit.person.name} · {visit.get_exit_reason_display()}".rstrip(" ·"),
                    url,
                )
            )
    for session in sessions:
        minutes = (
            int((session.ended_at - session.started_at).total_seconds() // 60) if session.ended_at else None
        )
        detail = session.person.name
        if minutes is not None:
            detail += " · " + _("%(minutes)s min") % {"minutes": minutes}
        add(TimelineItem(session.started_at, "session", session.get_kind_display(), detail))
    for document in documents:
        if document.issued_at:
            add(
                TimelineItem(
                    document.issued_at,
                    "document",
                    document.get_kind_display(),
                    document.number,
                    _url("document", document.pk),
                )
            )
        if document.served_at:
            detail = document.served_to or document.get_recipient_kind_display()
            add(
                TimelineItem(
                    document.served_at,
                    "document",
                    _("%(document)s served") % {"document": document.get_kind_display()},
                    detail,
                    _url("document", document.pk),
                )
            )
    if case_file is not None:
        for name in ("built_at", "e_file_built_at", "archived_at"):
            value = getattr(case_file, name)
            if value:
                add(TimelineItem(value, "file", _label(m.CaseFile, name)))
    items.sort(key=lambda item: item.at)
    return items


def _change_title(change: m.LimitChange) -> str:
    return f"{change.get_clock_display()} · {change.get_kind_display()}"


def _limit_text(change: m.LimitChange) -> str:
    if change.new_limit_value:
        return f"{change.new_limit_value} {change.get_new_limit_unit_display()}"
    return change.get_reason_display()


def _conditions(case: m.Case, persons, property_items) -> dict[str, bool]:
    roles = {p.role for p in persons}
    kinds = {measure.kind for p in persons for measure in p.measures.all()}
    has_victim = PersonRole.VICTIM in roles
    penalty = case.decision == "penalty"
    return {
        FileCondition.ALWAYS: True,
        FileCondition.HAS_COMPLAINANT: case.has_complainant,
        FileCondition.FILED: case.filed_at is not None,
        FileCondition.DECLINED: case.declined_at is not None,
        FileCondition.WITHDRAWN: case.withdrawn_at is not None,
        FileCondition.TRANSFERRED_FOR_PROSECUTION: case.transferred_for_prosecution_at is not None,
        FileCondition.PENALTY: penalty,
        FileCondition.PENALTY_WITH_VICTIM: penalty and has_victim,
        FileCondition.HAS_SUSPECT: bool(roles & {PersonRole.SUSPECT, PersonRole.VIOLATOR}),
        FileCondition.HAS_VICTIM: has_victim,
        FileCondition.HAS_MEASURES: bool(kinds),
        FileCondition.HAS_SUMMONS: bool(
            kinds
            & {MeasureKind.ADMIN_SUMMONS, MeasureKind.CRIMINAL_SUMMONS, MeasureKind.COMPELLED_APPEARANCE}
        ),
        FileCondition.HAS_DETENTION: MeasureKind.CRIMINAL_DETENTION in kinds,
        FileCondition.HAS_ARREST: MeasureKind.ARREST in kinds,
        FileCondition.HAS_PROPERTY: bool(property_items),
    }


def case_file_completeness(case: m.Case, *, persons, property_items, documents) -> list[Requirement]:
    """The documents a complete file of this case needs (``FileRequirement`` rows whose
    condition holds) and, for each, the documents that satisfy it: in the file, only in
    the system, or none. An unknown condition counts as always applying, so a typo in a
    requirement never hides a missing document."""
    conditions = _conditions(case, persons, property_items)
    by_kind = defaultdict(list)
    for document in documents:
        by_kind[document.kind].append(document)
    requirements = []
    for requirement in m.FileRequirement.objects.filter(case_kind=case.kind, is_active=True).order_by("pk"):
        if not conditions.get(requirement.condition, True):
            continue
        present = by_kind.get(requirement.document_kind, [])
        requirements.append(
            Requirement(
                document_kind=requirement.document_kind,
                label=requirement.get_document_kind_display(),
                condition=requirement.condition,
                in_file=[d for d in present if d.in_file],
                not_in_file=[d for d in present if not d.in_file],
            )
        )
    return requirements


def spec_of(model) -> ElementSpec:
    code = {
        m.Incident: "incident",
        m.Case: "case",
        m.CaseEvent: "case_event",
        m.Person: "person",
        m.CoerciveMeasure: "measure",
        m.LimitChange: "limit_change",
        m.Property: "property",
        m.PropertyMovement: "property_move",
        m.Venue: "venue",
        m.VenueVisit: "venue_visit",
        m.VenueMovement: "venue_move",
        m.QuestioningSession: "session",
        m.CaseFile: "case_file",
        m.LegalDocument: "document",
    }[model]
    return spec_for(code)
