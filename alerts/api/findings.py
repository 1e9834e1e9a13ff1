"""Read endpoints of people's findings and the negative list, scoped like every other."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from supervision.api.base import ScopedReadOnlyViewSet
from supervision.filtersets import UnitSubtreeFilter

from ..choices import Sanction
from ..models import Finding, NegativeListHit, NegativeListItem, Petition, SpotCheck


class NegativeListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = NegativeListItem
        fields = ["id", "number", "title", "description", "weight", "is_active", "updated_at"]


class NegativeListHitSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item.number", help_text="negative-list item number")
    item_title = serializers.CharField(source="item.title")
    unit = serializers.CharField(source="unit.code")
    case = serializers.CharField(source="case.number", default=None)
    problem = serializers.IntegerField(source="warning_id", allow_null=True)
    officers = serializers.SerializerMethodField()
    chief = serializers.CharField(source="chief.badge_no", default=None)
    sanction = serializers.CharField(help_text="warning | admonishment | self_examination | other")

    class Meta:
        model = NegativeListHit
        fields = [
            "id",
            "item",
            "item_title",
            "unit",
            "case",
            "problem",
            "officers",
            "chief",
            "sanction",
            "sanction_note",
            "decided_on",
            "description",
            "created_at",
        ]

    def get_officers(self, obj) -> list[str]:
        return [o.badge_no for o in obj.officers.all()]


class FindingSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    case = serializers.CharField(source="case.number", default=None)
    officer = serializers.CharField(source="officer.badge_no", default=None)
    checklist_item = serializers.IntegerField(source="checklist_item.number", default=None)
    problem = serializers.IntegerField(source="warning_id", allow_null=True)
    spot_check = serializers.IntegerField(source="sampled_case.spot_check_id", default=None)

    class Meta:
        model = Finding
        fields = [
            "id",
            "unit",
            "spot_check",
            "petition",
            "checklist_item",
            "case",
            "officer",
            "text",
            "problem",
            "created_at",
        ]


class SpotCheckSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    sample = serializers.SerializerMethodField()

    class Meta:
        model = SpotCheck
        fields = [
            "id",
            "unit",
            "period_start",
            "period_end",
            "sample_size",
            "seed",
            "population",
            "drawn_at",
            "completed_at",
            "sample",
        ]

    def get_sample(self, obj) -> list[str]:
        return [row.case.number for row in obj.sample.all()]


class PetitionSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    case = serializers.CharField(source="case.number", default=None)
    channel = serializers.CharField(help_text="letter | visit | phone | online | hotline | referred")

    class Meta:
        model = Petition
        fields = [
            "id",
            "unit",
            "received_on",
            "petitioner",
            "channel",
            "content",
            "case",
            "conclusion",
            "back_checked_at",
            "created_at",
        ]


class NegativeListHitFilterSet(django_filters.FilterSet):
    """Filters of the hits list: item number, sanction, unit (and below), decision dates."""

    item = django_filters.NumberFilter(field_name="item__number")
    sanction = django_filters.ChoiceFilter(choices=Sanction.choices)
    unit = UnitSubtreeFilter()
    decided_since = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_until = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = NegativeListHit
        fields = ["item", "sanction", "unit", "decided_since", "decided_until"]


@extend_schema_view(list=extend_schema(summary="The negative list (执法负面清单): items and their weights"))
class NegativeListItemViewSet(ScopedReadOnlyViewSet):
    """Items of the negative list, with their weight (points per hit) in the assessment."""

    queryset = NegativeListItem.objects.all()
    serializer_class = NegativeListItemSerializer
    capability = "view_warnings"
    ordering_fields = ["number"]


@extend_schema_view(list=extend_schema(summary="Negative-list hits in the caller's scope"))
class NegativeListHitViewSet(ScopedReadOnlyViewSet):
    """Hits recorded against cases or problems: officers, chief responsible, sanction."""

    queryset = NegativeListHit.objects.all()
    serializer_class = NegativeListHitSerializer
    capability = "view_warnings"
    filterset_class = NegativeListHitFilterSet
    ordering_fields = ["decided_on", "created_at"]

    def get_base_queryset(self):
        return NegativeListHit.objects.select_related("item", "unit", "case", "chief").prefetch_related(
            "officers"
        )


class FindingViewSet(ScopedReadOnlyViewSet):
    """Findings of spot-checks and petition back-checks, each with the problem it opened."""

    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    capability = "view_warnings"
    filterset_fields = ["petition"]
    ordering_fields = ["created_at"]

    def get_base_queryset(self):
        return Finding.objects.select_related("unit", "case", "officer", "checklist_item", "sampled_case")


class SpotCheckViewSet(ScopedReadOnlyViewSet):
    """Offline spot-checks and their samples (case numbers in draw order)."""

    queryset = SpotCheck.objects.all()
    serializer_class = SpotCheckSerializer
    capability = "view_warnings"
    ordering_fields = ["drawn_at"]

    def get_base_queryset(self):
        return SpotCheck.objects.select_related("unit").prefetch_related("sample__case")


class PetitionViewSet(ScopedReadOnlyViewSet):
    """Petitions and complaints with the result of their back-check."""

    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer
    capability = "view_warnings"
    ordering_fields = ["received_on"]

    def get_base_queryset(self):
        return Petition.objects.select_related("unit", "case")
