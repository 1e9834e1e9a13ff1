from rest_framework import serializers

from ..models import AuditEvent, JobRun, Unit, User
from ..roles import capabilities_of


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "level", "parent"]


class MeSerializer(serializers.ModelSerializer):
    unit = UnitSerializer(read_only=True)
    capabilities = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "unit", "capabilities"]

    def get_capabilities(self, user) -> list[str]:
        return sorted(capabilities_of(user))


class AuditEventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_name",
            "source",
            "action",
            "action_label",
            "target_type",
            "target_id",
            "target_repr",
            "unit",
            "changes",
            "remote_addr",
            "note",
        ]


class JobRunSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = JobRun
        fields = [
            "id",
            "kind",
            "period",
            "status",
            "triggered_by",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "attempts",
            "progress_done",
            "progress_total",
            "progress_percent",
            "counts",
            "errors",
        ]
