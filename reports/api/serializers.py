from rest_framework import serializers

from ..models import Assessment, AssessmentScore, Bulletin


class BulletinListSerializer(serializers.ModelSerializer):
    """A published weekly bulletin without its figures (the detail carries them)."""

    publisher = serializers.CharField(source="publisher.code", help_text="unit code of the publisher")
    publisher_name = serializers.CharField(source="publisher.name")
    title = serializers.CharField(source="__str__", help_text="e.g. 江州市公安局 2026年第36期")
    deliveries = serializers.IntegerField(source="n_deliveries", help_text="station chiefs it went to")
    acknowledged = serializers.IntegerField(source="n_acknowledged", help_text="of whom have acknowledged")

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "publisher",
            "publisher_name",
            "year",
            "number",
            "title",
            "period_start",
            "period_end",
            "cutoff_at",
            "published_at",
            "deliveries",
            "acknowledged",
        ]


class BulletinDetailSerializer(BulletinListSerializer):
    """The bulletin with the figures frozen at ``cutoff_at`` — the same JSON that the page,
    the PDF and the Excel render — and the legal-affairs unit's commentary."""

    figures = serializers.JSONField(help_text="the stored figures; never recomputed")

    class Meta(BulletinListSerializer.Meta):
        fields = [*BulletinListSerializer.Meta.fields, "commentary", "figures"]


class AssessmentListSerializer(serializers.ModelSerializer):
    """A published monthly assessment (one per month, city-wide) without its scores."""

    class Meta:
        model = Assessment
        fields = [
            "id",
            "period",
            "period_start",
            "period_end",
            "cutoff_at",
            "scheme_version",
            "published_at",
        ]


class AssessmentScoreSerializer(serializers.ModelSerializer):
    """One unit's or one mid-level leader's score, with the raw inputs and the deductions it
    was computed from (``reports.scheme.score`` recomputes it from these and the scheme)."""

    subject_kind = serializers.CharField(help_text="unit | leader")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    officer = serializers.CharField(source="officer.badge_no", default=None)
    officer_name = serializers.CharField(source="officer.name", default=None)
    level = serializers.CharField(help_text="branch | station | leader: ranks are within a level")
    grade = serializers.CharField(help_text="excellent | pass | fail (优秀 / 达标 / 不达标)")

    class Meta:
        model = AssessmentScore
        fields = [
            "subject_kind",
            "unit",
            "unit_name",
            "officer",
            "officer_name",
            "level",
            "score",
            "grade",
            "rank",
            "rank_of",
            "total_deduction",
            "deductions",
            "vetoed_by",
            "inputs",
            "change_month",
            "change_year",
        ]


class AssessmentDetailSerializer(AssessmentListSerializer):
    """The assessment with the scheme it was scored by and the scores the caller may see
    (their unit and those below it)."""

    scheme = serializers.JSONField(source="scheme_snapshot", help_text="the scheme as used, frozen")
    scores = AssessmentScoreSerializer(source="visible_scores", many=True)

    class Meta(AssessmentListSerializer.Meta):
        fields = [*AssessmentListSerializer.Meta.fields, "scheme", "scores"]
