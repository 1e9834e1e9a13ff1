"""One FilterSet per element model, shared by the list page, its Excel export and the API.

Free text (``q``) only uses conditions an index can answer — a number's prefix, a name's
prefix, an exact source id — so that it stays fast on a city's year of data.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.filtersets import UnitSubtreeFilter
from supervision.roles import has_capability

from . import choices as c
from . import models as m


class YesNoSelect(forms.Select):
    """All / yes / no — not Django's "unknown / yes / no", which reads as a data value."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", "---------"), ("true", _("yes")), ("false", _("no"))])

    def format_value(self, value):
        # The selected option(s), as Select expects a list.
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")]


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoSelect)
        super().__init__(*args, **kwargs)


class DayFilter(django_filters.DateFilter):
    """A calendar day in Beijing time: ``from`` includes the whole day, ``until`` too."""

    def __init__(self, *args, until: bool = False, **kwargs):
        self.until = until
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        start = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
        if self.until:
            return qs.filter(**{f"{self.field_name}__lt": start + datetime.timedelta(days=1)})
        return qs.filter(**{f"{self.field_name}__gte": start})


def day_range(field_name: str, label_from, label_until) -> tuple[DayFilter, DayFilter]:
    return DayFilter(field_name=field_name, label=label_from), DayFilter(
        field_name=field_name, label=label_until, until=True
    )


class TextFilter(django_filters.CharFilter):
    def __init__(self, *args, placeholder=None, **kwargs):
        if placeholder:
            kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": placeholder}))
        super().__init__(*args, **kwargs)


class CaseRefFilter(TextFilter):
    """The case an element belongs to, by case number or source id."""

    def __init__(self, *args, prefix: str = "case", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("label", _("Case"))
        kwargs.setdefault("placeholder", _("case number"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(Q(**{f"{self.prefix}__number": value}) | Q(**{f"{self.prefix}__external_id": value}))


class OfficerFilter(TextFilter):
    """An officer by badge number or full name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Officer"))
        kwargs.setdefault("placeholder", _("badge number or name"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(
            Q(**{f"{self.field_name}__badge_no": value}) | Q(**{f"{self.field_name}__name": value})
        )


class OpenFilter(YesNoFilter):
    """Still running (no end time) or ended."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Still open"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__isnull": value})


def _q_filter(*, fields_exact=(), fields_prefix=()):
    def method(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q()
        for field in fields_exact:
            condition |= Q(**{field: value})
        for field in fields_prefix:
            condition |= Q(**{f"{field}__startswith": value})
        return qs.filter(condition)

    return method


class ElementFilterSet(django_filters.FilterSet):
    unit = UnitSubtreeFilter()


class IncidentFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("number, caller, address"))
    received_from, received_until = day_range("received_at", _("Received from"), _("Received until"))
    category = django_filters.ChoiceFilter(choices=c.IncidentCategory.choices, label=_("Category"))
    source = django_filters.ChoiceFilter(choices=c.IncidentSource.choices, label=_("Source"))
    disposal = django_filters.ChoiceFilter(choices=c.IncidentDisposal.choices, label=_("Disposal"))
    is_dispute = YesNoFilter(label=_("Dispute"))
    officer = OfficerFilter(field_name="officer")

    filter_q = _q_filter(
        fields_exact=("external_id", "caller_name", "caller_phone"), fields_prefix=("number", "location_key")
    )

    class Meta:
        model = m.Incident
        fields = [
            "q",
            "unit",
            "received_from",
            "received_until",
            "category",
            "source",
            "disposal",
            "is_dispute",
        ]


class CaseFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("case number"))
    kind = django_filters.ChoiceFilter(choices=c.CaseKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=c.CaseStatus.choices, label=_("Status"))
    cause = TextFilter(
        field_name="cause", lookup_expr="startswith", label=_("Cause"), placeholder=_("e.g. 盗窃")
    )
    accepted_from, accepted_until = day_range("accepted_at", _("Accepted from"), _("Accepted until"))
    officer = TextFilter(method="filter_officer", label=_("Officer"), placeholder=_("badge number or name"))
    party = TextFilter(
        method="filter_party", label=_("Person"), placeholder=_("name of a person in the case")
    )
    open = YesNoFilter(method="filter_open", label=_("Still open"))

    filter_q = _q_filter(fields_exact=("external_id",), fields_prefix=("number",))

    class Meta:
        model = m.Case
        fields = [
            "q",
            "unit",
            "kind",
            "status",
            "cause",
            "accepted_from",
            "accepted_until",
            "officer",
            "party",
        ]

    def filter_officer(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        links = m.CaseOfficer.objects.filter(Q(officer__badge_no=value) | Q(officer__name=value))
        return qs.filter(pk__in=links.values("case_id"))

    def filter_party(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(pk__in=m.Person.objects.filter(name__startswith=value).values("case_id"))

    def filter_open(self, qs, name, value):
        if value is None:
            return qs
        open_q = Q(closed_at__isnull=True, withdrawn_at__isnull=True)
        return qs.filter(open_q) if value else qs.exclude(open_q)


class CaseEventFilterSet(ElementFilterSet):
    case = CaseRefFilter()
    kind = django_filters.ChoiceFilter(choices=c.CaseEventKind.choices, label=_("Event"))
    occurred_from, occurred_until = day_range("occurred_at", _("From"), _("Until"))

    class Meta:
        model = m.CaseEvent
        fields = ["unit", "case", "kind", "occurred_from", "occurred_until"]


PERSON_FLAGS = [
    ("is_minor", _("minor")),
    ("is_pregnant", _("pregnant")),
    ("is_nursing", _("nursing an infant under one")),
    ("is_disabled", _("blind, deaf or mute")),
    ("has_mental_illness", _("partly mentally ill")),
    ("is_foreign", _("foreign national")),
    ("is_released_prisoner", _("released prisoner")),
    ("is_drug_user", _("drug user")),
    ("has_mental_disorder_risk", _("mental disorder with risk of harm")),
]


class PersonFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("name or ID number"))
    role = django_filters.ChoiceFilter(choices=c.PersonRole.choices, label=_("Role"))
    flag = django_filters.ChoiceFilter(
        choices=PERSON_FLAGS, method="filter_flag", label=_("Special group or risk")
    )
    case = CaseRefFilter()

    class Meta:
        model = m.Person
        fields = ["q", "unit", "role", "flag", "case"]

    def filter_q(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q(name__startswith=value) | Q(external_id=value)
        # Searching by a whole ID number is for those who may see whole ID numbers; for
        # others it would confirm a number they are not shown.
        request = getattr(self, "request", None)
        if request is not None and has_capability(request.user, "view_full_id_number"):
            condition |= Q(id_number=value.upper())
        return qs.filter(condition)

    def filter_flag(self, qs, name, value):
        return qs.filter(**{value: True}) if value else qs


class MeasureFilterSet(ElementFilterSet):
    kind = django_filters.ChoiceFilter(choices=c.MeasureKind.choices, label=_("Measure"))
    decided_by = django_filters.ChoiceFilter(
        choices=c.DecidingOrgan.choices, label=pgettext_lazy("deciding organ", "Decided by")
    )
    started_from, started_until = day_range("started_at", _("Started from"), _("Started until"))
    open = OpenFilter(field_name="ended_at")
    case = CaseRefFilter()
    person = TextFilter(field_name="person__name", lookup_expr="startswith", label=_("Person"))

    class Meta:
        model = m.CoerciveMeasure
        fields = ["unit", "kind", "decided_by", "started_from", "started_until", "open", "case", "person"]


class LimitChangeFilterSet(ElementFilterSet):
    clock = django_filters.ChoiceFilter(choices=c.LimitClock.choices, label=_("Clock"))
    kind = django_filters.ChoiceFilter(
        choices=c.LimitChangeKind.choices, label=pgettext_lazy("limit change", "Change")
    )
    effective_from, effective_until = day_range("effective_at", _("From"), _("Until"))
    case = CaseRefFilter()

    class Meta:
        model = m.LimitChange
        fields = ["unit", "clock", "kind", "effective_from", "effective_until", "case"]


class PropertyFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("item name"))
    kind = django_filters.ChoiceFilter(choices=c.PropertyKind.choices, label=_("Kind"))
    seizure_kind = django_filters.ChoiceFilter(choices=c.SeizureKind.choices, label=_("Measure"))
    status = django_filters.ChoiceFilter(choices=c.PropertyStatus.choices, label=_("Status"))
    seized_from, seized_until = day_range("seized_at", _("Taken from"), _("Taken until"))
    stored = YesNoFilter(field_name="stored_at", lookup_expr="isnull", exclude=True, label=_("Stored"))
    case = CaseRefFilter()
    officer = OfficerFilter(field_name="seized_by")

    filter_q = _q_filter(fields_exact=("external_id",), fields_prefix=("name",))

    class Meta:
        model = m.Property
        fields = [
            "q",
            "unit",
            "kind",
            "seizure_kind",
            "status",
            "seized_from",
            "seized_until",
            "stored",
            "case",
        ]


class PropertyMovementFilterSet(ElementFilterSet):
    purpose = django_filters.ChoiceFilter(choices=c.MovementPurpose.choices, label=_("Purpose"))
    moved_from, moved_until = day_range("moved_out_at", _("Checked out from"), _("Checked out until"))
    open = OpenFilter(field_name="returned_at")
    case = CaseRefFilter(prefix="property__case")

    class Meta:
        model = m.PropertyMovement
        fields = ["unit", "purpose", "moved_from", "moved_until", "open", "case"]


class VenueFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("code or name"))
    kind = django_filters.ChoiceFilter(choices=c.VenueKind.choices, label=_("Kind"))
    is_active = YesNoFilter(label=_("In use"))

    filter_q = _q_filter(fields_exact=("code",), fields_prefix=("name",))

    class Meta:
        model = m.Venue
        fields = ["q", "unit", "kind", "is_active"]


class VenueVisitFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("person's name"))
    venue = django_filters.CharFilter(field_name="venue__code", label=_("Venue code"))
    entered_from, entered_until = day_range("entered_at", _("Entered from"), _("Entered until"))
    open = OpenFilter(field_name="exited_at", label=_("Still in the area"))
    checks_incomplete = YesNoFilter(method="filter_checks", label=_("Five checks incomplete"))
    case = CaseRefFilter()

    filter_q = _q_filter(fields_exact=("external_id",), fields_prefix=("person__name",))

    class Meta:
        model = m.VenueVisit
        fields = ["q", "unit", "venue", "entered_from", "entered_until", "open", "checks_incomplete", "case"]

    def filter_checks(self, qs, name, value):
        if value is None:
            return qs
        incomplete = (
            Q(check_identity=False)
            | Q(check_body=False)
            | Q(check_belongings=False)
            | Q(check_health=False)
            | Q(check_info_collected=False)
        )
        return qs.filter(incomplete) if value else qs.exclude(incomplete)


class VenueMovementFilterSet(ElementFilterSet):
    out_from, out_until = day_range("out_at", _("Taken out from"), _("Taken out until"))
    open = OpenFilter(field_name="back_at", label=_("Not yet back"))

    class Meta:
        model = m.VenueMovement
        fields = ["unit", "out_from", "out_until", "open"]


class SessionFilterSet(ElementFilterSet):
    kind = django_filters.ChoiceFilter(choices=c.SessionKind.choices, label=_("Kind"))
    location = django_filters.ChoiceFilter(choices=c.SessionLocation.choices, label=_("Where"))
    started_from, started_until = day_range("started_at", _("Started from"), _("Started until"))
    av_complete = YesNoFilter(label=_("Recording complete"))
    case = CaseRefFilter()
    officer = OfficerFilter(field_name="officer")

    class Meta:
        model = m.QuestioningSession
        fields = [
            "unit",
            "kind",
            "location",
            "started_from",
            "started_until",
            "av_complete",
            "case",
            "officer",
        ]


class CaseFileFilterSet(ElementFilterSet):
    archived = YesNoFilter(field_name="archived_at", lookup_expr="isnull", exclude=True, label=_("Archived"))
    case = CaseRefFilter()

    class Meta:
        model = m.CaseFile
        fields = ["unit", "archived", "case"]


class DocumentFilterSet(ElementFilterSet):
    q = TextFilter(method="filter_q", label=_("Search"), placeholder=_("document number"))
    kind = django_filters.ChoiceFilter(choices=c.DocumentKind.choices, label=_("Document"))
    direction = django_filters.ChoiceFilter(choices=c.DocumentDirection.choices, label=_("Direction"))
    issued_from, issued_until = day_range("issued_at", _("Issued from"), _("Issued until"))
    served = YesNoFilter(field_name="served_at", lookup_expr="isnull", exclude=True, label=_("Served"))
    case = CaseRefFilter()

    filter_q = _q_filter(fields_exact=("external_id",), fields_prefix=("number",))

    class Meta:
        model = m.LegalDocument
        fields = ["q", "unit", "kind", "direction", "issued_from", "issued_until", "served", "case"]


class IngestionFilterSet(ElementFilterSet):
    element_type = django_filters.ChoiceFilter(method="filter_type", label=_("Element"))
    channel = django_filters.ChoiceFilter(choices=m.Ingestion.Channel.choices, label=_("Channel"))
    status = django_filters.ChoiceFilter(choices=m.Ingestion.Status.choices, label=_("Status"))
    started_from, started_until = day_range("started_at", _("From"), _("Until"))

    class Meta:
        model = m.Ingestion
        fields = ["unit", "element_type", "channel", "status", "started_from", "started_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .ingest import specs

        self.filters["element_type"].extra["choices"] = [(s.code, s.label) for s in specs().values()]

    def filter_type(self, qs, name, value):
        return qs.filter(element_type=value) if value else qs
