import django_filters
import django_filters.fields
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit import action_choices
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


class ActionChoiceField(django_filters.fields.ChoiceField):
    """A list of the registered actions by label that still accepts any code (a link to
    ``?action=<code>`` from elsewhere, or an old code nobody labels any more)."""

    def valid_value(self, value):
        return True


class ActionFilter(django_filters.ChoiceFilter):
    """Filter the trail by one action, chosen by its label (``supervision.audit``)."""

    field_class = ActionChoiceField

    def __init__(self, *args, **kwargs):
        # A callable: the labels follow the request's language and every app's registry.
        kwargs.setdefault("choices", action_choices)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        # ``warning.`` (a trailing dot) still means every action on warnings, as it did
        # when this was a text prefix: links and API clients may use it.
        if value and value.endswith("."):
            return qs.filter(action__startswith=value)
        return super().filter(qs, value)


class AuditEventFilterSet(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    action = ActionFilter(label=pgettext_lazy("operation", "Action"))
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
