"""Endpoints of people's findings and the negative list, scoped like every other: reads,
and the writes a client system makes (record a petition, a finding, a negative-list hit).

Writes name things by the keys people use (unit code, case number, badge number, item
number), looked up only inside the caller's scope: what lies outside is "not found in your
scope", a 400 on the field, never a write. The services of ``alerts.findings`` and
``alerts.negative_list`` do the work (validation, audit, the problem a finding opens)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from cases.models import Case
from supervision.api.base import ScopedReadOnlyViewSet
from supervision.filtersets import UnitSubtreeFilter
from supervision.models import Officer, Unit

from .. import findings, negative_list
from ..choices import Department, PetitionChannel, Sanction
from ..models import (
    ChecklistItem,
    Finding,
    NegativeListHit,
    NegativeListItem,
    Petition,
    SpotCheck,
    SpotCheckCase,
    Warning,
)


class NegativeListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = NegativeListItem
        fields = ["id", "number", "title", "description", "weight", "is_active", "updated_at"]


class NegativeListHitSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item.number", help_text="negative-list item number")
    item_title = serializers.CharField(source="item.title")
    unit = serializers.CharField(source="unit.code")
    case = serializers.CharField(source="case.number", default=None, allow_null=True)
    problem = serializers.IntegerField(source="warning_id", allow_null=True)
    officers = serializers.SerializerMethodField()
    chief = serializers.CharField(source="chief.badge_no", default=None, allow_null=True)
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
    case = serializers.CharField(source="case.number", default=None, allow_null=True)
    officer = serializers.CharField(source="officer.badge_no", default=None, allow_null=True)
    checklist_item = serializers.IntegerField(source="checklist_item.number", default=None, allow_null=True)
    problem = serializers.IntegerField(source="warning_id", allow_null=True)
    spot_check = serializers.IntegerField(source="sampled_case.spot_check_id", default=None, allow_null=True)

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
    case = serializers.CharField(source="case.number", default=None, allow_null=True)
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


# ---------------------------------------------------------------------------------------
# Write inputs


class _ScopedInput(serializers.Serializer):
    """Looks keys up in the caller's scope (the request is in the serializer's context)."""

    @property
    def user(self):
        return self.context["request"].user

    def _unit(self, code: str) -> Unit:
        unit = Unit.objects.visible_to(self.user).filter(code=code).first()
        if unit is None:
            raise serializers.ValidationError(_("No unit with this code in your scope."))
        return unit

    def _case(self, number: str | None) -> Case | None:
        if not number:
            return None
        case = Case.objects.visible_to(self.user).filter(number=number).first()
        if case is None:
            raise serializers.ValidationError(_("No case with this number in your scope."))
        return case

    def _officer(self, badge: str | None) -> Officer | None:
        if not badge:
            return None
        officer = Officer.objects.visible_to(self.user).filter(badge_no=badge).first()
        if officer is None:
            raise serializers.ValidationError(_("No officer with this badge number in your scope."))
        return officer


class PetitionInputSerializer(_ScopedInput):
    unit = serializers.CharField(max_length=40, help_text="code of the unit concerned (in your scope)")
    received_on = serializers.DateField()
    petitioner = serializers.CharField(max_length=100)
    channel = serializers.ChoiceField(choices=PetitionChannel.choices)
    content = serializers.CharField(max_length=10000)
    case = serializers.CharField(
        max_length=60, required=False, allow_blank=True, allow_null=True, help_text="case number, if known"
    )

    def validate_unit(self, value):
        return self._unit(value)

    def validate_case(self, value):
        return self._case(value)


class FindingInputSerializer(_ScopedInput):
    spot_check = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="spot-check id (with case)"
    )
    case = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="number of the sampled case",
    )
    petition = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="petition id")
    text = serializers.CharField(max_length=2000)
    checklist_item = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="checklist item number"
    )
    officer = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True, help_text="badge number"
    )
    department = serializers.ChoiceField(choices=Department.choices, default=Department.LEGAL)

    def validate_officer(self, value):
        return self._officer(value)

    def validate_checklist_item(self, value):
        if value is None:
            return None
        item = ChecklistItem.objects.filter(number=value, is_active=True).first()
        if item is None:
            raise serializers.ValidationError(_("No checklist item with this number in use."))
        return item

    def validate(self, attrs):
        spot_check, petition = attrs.get("spot_check"), attrs.get("petition")
        if (spot_check is None) == (petition is None):
            raise serializers.ValidationError(
                {"spot_check": [_("Give either a spot-check (with the sampled case) or a petition.")]}
            )
        if petition is not None:
            found = Petition.objects.visible_to(self.user).filter(pk=petition).first()
            if found is None:
                raise serializers.ValidationError(
                    {"petition": [_("No petition with this id in your scope.")]}
                )
            attrs["petition"], attrs["sampled"] = found, None
        else:
            if not attrs.get("case"):
                raise serializers.ValidationError({"case": [_("Name the sampled case of the spot-check.")]})
            sampled = (
                SpotCheckCase.objects.visible_to(self.user)
                .filter(spot_check_id=spot_check, case__number=attrs["case"])
                .select_related("case__unit", "spot_check__unit")
                .first()
            )
            if sampled is None:
                raise serializers.ValidationError(
                    {"case": [_("This case is not in the sample of that spot-check in your scope.")]}
                )
            attrs["sampled"], attrs["petition"] = sampled, None
        attrs.pop("spot_check", None)
        attrs.pop("case", None)
        return attrs


class NegativeListHitInputSerializer(_ScopedInput):
    item = serializers.IntegerField(min_value=1, help_text="negative-list item number")
    sanction = serializers.ChoiceField(choices=Sanction.choices)
    decided_on = serializers.DateField()
    case = serializers.CharField(
        max_length=60, required=False, allow_blank=True, allow_null=True, help_text="case number"
    )
    problem = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="problem id")
    officers = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=50,
        help_text="badges",
    )
    chief = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True, help_text="badge of the chief"
    )
    sanction_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")

    def validate_item(self, value):
        item = NegativeListItem.objects.filter(number=value).first()
        if item is None:
            raise serializers.ValidationError(_("No negative-list item with this number."))
        return item

    def validate_case(self, value):
        return self._case(value)

    def validate_problem(self, value):
        if value is None:
            return None
        warning = (
            Warning.objects.visible_to(self.user).filter(pk=value).select_related("unit", "case").first()
        )
        if warning is None:
            raise serializers.ValidationError(_("No problem with this id in your scope."))
        return warning

    def validate_officers(self, value):
        return [self._officer(badge) for badge in dict.fromkeys(value) if badge]

    def validate_chief(self, value):
        return self._officer(value)

    def validate(self, attrs):
        attrs["warning"] = attrs.pop("problem", None)
        return attrs


def _bad_request(description: str, example: dict) -> OpenApiResponse:
    return OpenApiResponse(
        description=description,
        examples=[OpenApiExample("invalid", value={"status": 400, "code": "invalid", **example})],
    )


WRITE_ERRORS = {
    403: OpenApiResponse(description="Your role may not record findings."),
}


class _CreateMixin:
    """``POST`` on the collection: validate the input, call the service, answer 201 with
    the record as the list shows it. The service's own validation errors are 400s."""

    input_serializer_class: type[serializers.Serializer]

    def perform_record(self, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        data = self.input_serializer_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        record = self.perform_record(dict(data.validated_data))
        record = self.get_base_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="The negative list (执法负面清单): items and their weights"))
class NegativeListItemViewSet(ScopedReadOnlyViewSet):
    """Items of the negative list, with their weight (points per hit) in the assessment."""

    queryset = NegativeListItem.objects.all()
    serializer_class = NegativeListItemSerializer
    capability = "view_warnings"
    ordering_fields = ["number"]


@extend_schema_view(
    list=extend_schema(summary="Negative-list hits in the caller's scope"),
    create=extend_schema(
        summary="Record a negative-list hit",
        request=NegativeListHitInputSerializer,
        responses={
            201: NegativeListHitSerializer,
            400: _bad_request(
                "Bad input: unknown item, a case, problem or officer not in your scope, a future date.",
                {
                    "message": "请求有误，详见 errors。",
                    "errors": {"case": ["您的管辖范围内没有此编号的案件。"]},
                },
            ),
            **WRITE_ERRORS,
        },
        examples=[
            OpenApiExample(
                "hit",
                request_only=True,
                value={
                    "item": 1,
                    "sanction": "admonishment",
                    "decided_on": "2026-11-20",
                    "case": "A2026-0001",
                    "officers": ["S1001"],
                    "chief": "S1001",
                    "description": "超期未立案",
                },
            )
        ],
    ),
)
class NegativeListHitViewSet(_CreateMixin, ScopedReadOnlyViewSet):
    """Hits recorded against cases or problems: officers, chief responsible, sanction."""

    queryset = NegativeListHit.objects.all()
    serializer_class = NegativeListHitSerializer
    capability = "view_warnings"
    action_capabilities = {"create": "record_findings"}
    input_serializer_class = NegativeListHitInputSerializer
    filterset_class = NegativeListHitFilterSet
    ordering_fields = ["decided_on", "created_at"]

    def get_base_queryset(self):
        return NegativeListHit.objects.select_related("item", "unit", "case", "chief").prefetch_related(
            "officers"
        )

    def perform_record(self, data):
        return negative_list.negative_list_hit_record(actor=self.request.user, **data)


@extend_schema_view(
    create=extend_schema(
        summary="Record a finding (on a sampled case or a petition); it opens a problem",
        request=FindingInputSerializer,
        responses={
            201: FindingSerializer,
            400: _bad_request(
                "Bad input: neither or both of spot-check and petition, a case not in the sample.",
                {"message": "请求有误，详见 errors。", "errors": {"text": ["该字段不能为空。"]}},
            ),
            **WRITE_ERRORS,
        },
        examples=[
            OpenApiExample(
                "spot-check finding",
                request_only=True,
                value={
                    "spot_check": 1,
                    "case": "A2026-0001",
                    "text": "卷宗缺少权利义务告知书",
                    "checklist_item": 1,
                },
            ),
            OpenApiExample(
                "petition finding",
                request_only=True,
                value={"petition": 1, "text": "受案后未及时告知报案人", "department": "discipline"},
            ),
        ],
    )
)
class FindingViewSet(_CreateMixin, ScopedReadOnlyViewSet):
    """Findings of spot-checks and petition back-checks, each with the problem it opened."""

    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    capability = "view_warnings"
    action_capabilities = {"create": "record_findings"}
    input_serializer_class = FindingInputSerializer
    filterset_fields = ["petition"]
    ordering_fields = ["created_at"]

    def get_base_queryset(self):
        return Finding.objects.select_related("unit", "case", "officer", "checklist_item", "sampled_case")

    def perform_record(self, data):
        return findings.finding_record(actor=self.request.user, **data)


class SpotCheckViewSet(ScopedReadOnlyViewSet):
    """Offline spot-checks and their samples (case numbers in draw order)."""

    queryset = SpotCheck.objects.all()
    serializer_class = SpotCheckSerializer
    capability = "view_warnings"
    ordering_fields = ["drawn_at"]

    def get_base_queryset(self):
        return SpotCheck.objects.select_related("unit").prefetch_related("sample__case")


@extend_schema_view(
    create=extend_schema(
        summary="Record a petition or complaint (信访)",
        request=PetitionInputSerializer,
        responses={
            201: PetitionSerializer,
            400: _bad_request(
                "Bad input: a unit or case not in your scope, a date in the future.",
                {"message": "请求有误，详见 errors。", "errors": {"received_on": ["日期在未来。"]}},
            ),
            **WRITE_ERRORS,
        },
        examples=[
            OpenApiExample(
                "petition",
                request_only=True,
                value={
                    "unit": "S1",
                    "received_on": "2026-11-20",
                    "petitioner": "王某",
                    "channel": "letter",
                    "content": "报案后一个月无人联系",
                    "case": "A2026-0001",
                },
            )
        ],
    )
)
class PetitionViewSet(_CreateMixin, ScopedReadOnlyViewSet):
    """Petitions and complaints with the result of their back-check."""

    queryset = Petition.objects.all()
    serializer_class = PetitionSerializer
    capability = "view_warnings"
    action_capabilities = {"create": "record_findings"}
    input_serializer_class = PetitionInputSerializer
    ordering_fields = ["received_on"]

    def get_base_queryset(self):
        return Petition.objects.select_related("unit", "case")

    def perform_record(self, data):
        return findings.petition_record(actor=self.request.user, **data)
