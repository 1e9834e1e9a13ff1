import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.filtersets import UnitSubtreeFilter

from .choices import OPEN_STATUSES, DisputeOrigin, DisputeStatus, DisputeType, NoticeStatus, RiskColour
from .models import Dispute, DisputeNotice


class DisputeFilterSet(django_filters.FilterSet):
    """One filter set for the dispute list page and ``/api/v1/disputes/``."""

    unit = UnitSubtreeFilter()
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Not yet resolved")), *DisputeStatus.choices],
        method="filter_status",
        label=_("Status"),
    )
    colour = django_filters.ChoiceFilter(
        choices=[*RiskColour.choices, ("none", _("Not assessed"))], method="filter_colour", label=_("Colour")
    )
    dispute_type = django_filters.ChoiceFilter(choices=DisputeType.choices, label=_("Dispute type"))
    origin = django_filters.ChoiceFilter(choices=DisputeOrigin.choices, label=_("Origin"))
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", _("Visit overdue")), ("no", _("Visit not overdue"))],
        method="filter_overdue",
        label=_("Follow-up"),
    )
    since = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("Reported from")
    )
    until = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("Reported until")
    )
    q = django_filters.CharFilter(method="filter_text", label=pgettext_lazy("disputes", "Search"))

    class Meta:
        model = Dispute
        fields = ["unit", "status", "colour", "dispute_type", "origin", "overdue", "since", "until", "q"]

    def filter_colour(self, qs, name, value):
        if value == "none":
            return qs.filter(colour="")
        return qs.filter(colour=value) if value else qs

    def filter_status(self, qs, name, value):
        if value == "open":
            return qs.filter(status__in=OPEN_STATUSES)
        return qs.filter(status=value) if value else qs

    def filter_overdue(self, qs, name, value):
        if value not in ("yes", "no"):
            return qs
        overdue = Q(status=DisputeStatus.IN_PROGRESS, next_visit_due__lt=timezone.localdate())
        return qs.filter(overdue) if value == "yes" else qs.exclude(overdue)

    def filter_text(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(summary__icontains=value)
            | Q(location__icontains=value)
            | Q(parties__name__icontains=value)
            | Q(incident__number__icontains=value)
            | Q(township__icontains=value)
        ).distinct()


class DisputeNoticeFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices, label=_("Status"))

    class Meta:
        model = DisputeNotice
        fields = ["status"]
