import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.choices import ElementType
from supervision.filtersets import UnitSubtreeFilter

from .choices import Level, WarningSource, WorkflowState
from .models import Warning


def _rule_choices():
    from .rules import registry

    return [(rule.code, f"{rule.ref} {rule.name}") for rule in registry]


class WarningFilterSet(django_filters.FilterSet):
    """One FilterSet for the warnings page and the API."""

    STATE_CHOICES = (
        ("open", pgettext_lazy("warning condition", "Open")),
        ("cleared", _("Cleared")),
        ("all", _("All")),
    )

    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES,
        method="filter_state",
        label=_("Condition"),
        empty_label=pgettext_lazy("warning condition", "Open"),
    )
    level = django_filters.ChoiceFilter(choices=Level.choices, label=pgettext_lazy("warning", "Level"))
    rule = django_filters.ChoiceFilter(
        field_name="risk_point__code", choices=_rule_choices, label=_("Risk point")
    )
    unit = UnitSubtreeFilter()
    element_type = django_filters.ChoiceFilter(choices=ElementType.choices, label=_("Element"))
    workflow_state = django_filters.ChoiceFilter(choices=WorkflowState.choices, label=_("Workflow"))
    source = django_filters.ChoiceFilter(choices=WarningSource.choices, label=_("Source"))
    q = django_filters.CharFilter(
        field_name="element_label", lookup_expr="icontains", label=_("Element contains")
    )
    calendar_missing = django_filters.BooleanFilter(label=_("Calendar missing"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since")
    )

    class Meta:
        model = Warning
        fields = ["state", "level", "rule", "unit", "element_type", "workflow_state", "source", "q"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Open warnings are the default view: an unbound or state-less filter shows them.
        self._default_open = not (data or {}).get("state")

    def filter_state(self, qs, name, value):
        if value == "cleared":
            return qs.filter(cleared_at__isnull=False)
        if value == "all":
            return qs
        return qs.filter(cleared_at__isnull=True)

    @property
    def qs(self):
        qs = super().qs
        if self._default_open:
            qs = qs.filter(cleared_at__isnull=True)
        return qs
