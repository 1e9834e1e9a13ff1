import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Bulletin


class BulletinFilterSet(django_filters.FilterSet):
    """Filters of the bulletin API: by publisher (unit code), year, and weeks from/until."""

    publisher = django_filters.CharFilter(field_name="publisher__code", label=_("Publisher (unit code)"))
    year = django_filters.NumberFilter(label=_("Year"))
    since = django_filters.DateFilter(field_name="period_start", lookup_expr="gte", label=_("Weeks from"))
    until = django_filters.DateFilter(field_name="period_start", lookup_expr="lte", label=_("Weeks until"))

    class Meta:
        model = Bulletin
        fields = ["publisher", "year", "since", "until"]


class AssessmentFilterSet(django_filters.FilterSet):
    """Filters of the assessment API: months from/until (``YYYY-MM``, compared as text)."""

    since = django_filters.CharFilter(field_name="period", lookup_expr="gte", label=_("Months from"))
    until = django_filters.CharFilter(field_name="period", lookup_expr="lte", label=_("Months until"))

    class Meta:
        model = Assessment
        fields = ["since", "until"]
