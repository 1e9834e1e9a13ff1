import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.choices import ElementType
from supervision.filtersets import UnitSubtreeFilter

from .choices import Department, ItemKind, Level, WarningSource, WorkflowState
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
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label=_("Kind"))
    department = django_filters.ChoiceFilter(choices=Department.choices, label=_("Held by"))
    q = django_filters.CharFilter(
        field_name="element_label", lookup_expr="icontains", label=_("Element contains")
    )
    calendar_missing = django_filters.BooleanFilter(label=_("Calendar missing"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since")
    )
    created_since = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", label=_("Created since")
    )

    class Meta:
        model = Warning
        fields = [
            "state",
            "level",
            "rule",
            "unit",
            "element_type",
            "workflow_state",
            "source",
            "kind",
            "department",
            "q",
        ]

    # Open warnings are the default view of the pages; the feed shows every change.
    default_open = True

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self._default_open = self.default_open and not (data or {}).get("state")

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


class WarningFeedFilterSet(WarningFilterSet):
    """The API's filters: the same as the pages', but a poller sees cleared and closed items
    too unless it asks for ``state=open`` (a change *to* cleared is a change to report)."""

    default_open = False
