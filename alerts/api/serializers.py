from rest_framework import serializers

from ..deadlines import render_summary
from ..models import Warning


class WarningSerializer(serializers.ModelSerializer):
    """A warning as the read-only API shows it (the REST feed issue extends this)."""

    risk_point = serializers.CharField(source="risk_point.code", default=None)
    risk_point_ref = serializers.CharField(source="risk_point.ref", default=None)
    unit = serializers.CharField(source="unit.code")
    officer = serializers.CharField(source="officer.badge_no", default=None)
    case = serializers.CharField(source="case.number", default=None)
    arithmetic = serializers.SerializerMethodField()
    # Codes as plain strings: the choice sets are shared with other apps' fields of the same
    # name, and one enum per name keeps the OpenAPI schema unambiguous (the feed issue may
    # name them in ENUM_NAME_OVERRIDES instead).
    source = serializers.CharField(
        read_only=True, help_text="patrol | spot_check | petition | dispute | manual"
    )
    element_type = serializers.CharField(read_only=True, help_text="cases ElementType code, or empty")
    level = serializers.CharField(read_only=True, help_text="blue | yellow | red")
    peak_level = serializers.CharField(read_only=True, help_text="blue | yellow | red")
    clear_reason = serializers.CharField(read_only=True)
    workflow_state = serializers.CharField(read_only=True)

    class Meta:
        model = Warning
        fields = [
            "id",
            "source",
            "risk_point",
            "risk_point_ref",
            "fingerprint",
            "element_type",
            "element_id",
            "element_label",
            "unit",
            "officer",
            "case",
            "level",
            "peak_level",
            "start_at",
            "due_at",
            "late_at",
            "calendar_missing",
            "arithmetic",
            "raised_at",
            "level_changed_at",
            "cleared_at",
            "clear_reason",
            "workflow_state",
            "updated_at",
        ]

    def get_arithmetic(self, obj) -> str:
        return render_summary(obj.explanation)
