import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import AuditSource
from .models import AuditEvent, Unit


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter rows by a unit *and everything below it* (the usual meaning of "unit" here).

    The choices are limited to the units the requesting user may see, so the filter
    can never widen a scope.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", self._visible_units)
        kwargs.setdefault("label", _("Unit (and below)"))
        super().__init__(*args, **kwargs)

    @staticmethod
    def _visible_units(request):
        if request is None:
            return Unit.objects.all()
        return Unit.objects.visible_to(request.user)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.in_unit_subtree(value)


class AuditEventFilterSet(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    action = django_filters.CharFilter(lookup_expr="startswith", label=pgettext_lazy("operation", "Action"))
    source = django_filters.ChoiceFilter(choices=AuditSource.choices, label=_("Source"))
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="icontains", label=_("Actor"))
    target = django_filters.CharFilter(method="filter_target", label=_("Object"))
    since = django_filters.DateTimeFilter(field_name="occurred_at", lookup_expr="gte", label=_("From"))
    until = django_filters.DateTimeFilter(field_name="occurred_at", lookup_expr="lt", label=_("Until"))

    class Meta:
        model = AuditEvent
        fields = ["unit", "action", "source", "actor", "target", "since", "until"]

    def filter_target(self, qs, name, value):
        return qs.filter(target_repr__icontains=value) if value else qs
