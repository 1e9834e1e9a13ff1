from rest_framework import serializers

from supervision.privacy import id_number_for

from ..models import Dispute, DisputeNotice, DisputeParty, FollowUpVisit, RiskAssessment


class DisputePartySerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()

    class Meta:
        model = DisputeParty
        fields = [
            "id",
            "name",
            "id_number",
            "is_released_prisoner",
            "is_drug_user",
            "has_mental_disorder_risk",
            "earlier_disputes",
        ]

    def get_id_number(self, party) -> str:
        return id_number_for(self.context["request"].user, party.id_number)


class RiskAssessmentSerializer(serializers.ModelSerializer):
    scoring_model_version = serializers.IntegerField(source="scoring_model.version")
    assessed_by = serializers.CharField(source="assessed_by.display_name")

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "scoring_model_version",
            "score",
            "proposed_colour",
            "factors",
            "hard_triggers",
            "colour",
            "override_reason",
            "assessed_by",
            "assessed_at",
        ]


class FollowUpVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpVisit
        fields = [
            "id",
            "visited_on",
            "method",
            "situation",
            "outcome",
            "next_steps",
            "next_due",
            "recorded_at",
        ]


class DisputeNoticeSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = DisputeNotice
        fields = [
            "id",
            "number",
            "reason",
            "recipient",
            "status",
            "decided_at",
            "delivered_on",
            "document_sha256",
        ]


class DisputeListSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    incident_number = serializers.CharField(source="incident.number", read_only=True, default=None)
    visit_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "number",
            "unit",
            "unit_name",
            "incident_number",
            "origin",
            "occurred_at",
            "location",
            "dispute_type",
            "consequence",
            "cause",
            "status",
            "proposed_colour",
            "proposed_score",
            "colour",
            "assessed_at",
            "next_visit_due",
            "visit_overdue",
            "township",
            "resolved_on",
            "closed_on",
            "updated_at",
        ]

    def get_visit_overdue(self, dispute) -> bool:
        return dispute.is_visit_overdue()


class DisputeDetailSerializer(DisputeListSerializer):
    parties = DisputePartySerializer(many=True, read_only=True)
    assessments = RiskAssessmentSerializer(many=True, read_only=True)
    visits = FollowUpVisitSerializer(many=True, read_only=True)
    notices = DisputeNoticeSerializer(many=True, read_only=True)
    repeat_calls = serializers.SerializerMethodField()

    class Meta(DisputeListSerializer.Meta):
        fields = [
            *DisputeListSerializer.Meta.fields,
            "summary",
            "cause_detail",
            "has_threat",
            "threat_to_kill",
            "weapons_involved",
            "crowd_size",
            "cross_department",
            "next_steps",
            "resolution_method",
            "resolution_outcome",
            "township_confirmed_by",
            "parties",
            "assessments",
            "visits",
            "notices",
            "repeat_calls",
        ]

    def get_repeat_calls(self, dispute) -> list[int]:
        visible = Dispute.objects.visible_to(self.context["request"].user).values("pk")
        return sorted(set(dispute.links.filter(earlier__in=visible).values_list("earlier_id", flat=True)))
