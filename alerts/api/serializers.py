"""Shapes of the warning API. The feed list is built from ``.values()`` rows by
``feed_rows`` (no model instance, no serializer per row: the feed must keep up with many
pollers); ``WarningFeedItemSerializer`` documents that same shape for the OpenAPI schema.
"""

from __future__ import annotations

from django.db import connection
from rest_framework import serializers

from cases.models import Case
from supervision.models import Officer, Unit

from ..deadlines import render_summary
from ..models import RiskPoint, Warning, WarningEvent, WarningRoute

# (output name, values() lookup) of one feed row. References are read as ids and labelled
# by ``_labels`` in one more query: the page query then joins nothing, and PostgreSQL plans
# it in a fraction of the time a five-table join takes to plan (planning, not execution,
# was most of the page's database time).
FEED_COLUMNS = (
    ("id", "id"),
    ("kind", "kind"),
    ("source", "source"),
    ("risk_point", "risk_point_id"),
    ("risk_point_ref", "risk_point_id"),
    ("fingerprint", "fingerprint"),
    ("element_type", "element_type"),
    ("element_id", "element_id"),
    ("element_label", "element_label"),
    ("unit", "unit_id"),
    ("officer", "officer_id"),
    ("case", "case_id"),
    ("level", "level"),
    ("peak_level", "peak_level"),
    ("due_at", "due_at"),
    ("raised_at", "raised_at"),
    ("cleared_at", "cleared_at"),
    ("clear_reason", "clear_reason"),
    ("workflow_state", "workflow_state"),
    ("department", "department"),
    ("rectify_due_at", "rectify_due_at"),
    ("escalation_step", "escalation_step"),
    ("exempted", "exempted"),
    ("closed_at", "closed_at"),
    ("regression_of", "regression_of_id"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
)
FEED_LOOKUPS = tuple(dict.fromkeys(lookup for _, lookup in FEED_COLUMNS))
_DATETIMES = ("due_at", "raised_at", "cleared_at", "rectify_due_at", "closed_at", "created_at", "updated_at")
# (tag, row key, model, label column) of the references a feed row names by code.
_REFERENCES = (
    ("r", "risk_point_id", RiskPoint, "code"),
    ("u", "unit_id", Unit, "code"),
    ("o", "officer_id", Officer, "badge_no"),
    ("c", "case_id", Case, "number"),
)


def _iso(value):
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _labels(rows: list[dict]) -> dict[tuple[str, int], tuple[str, str | None]]:
    """Codes of the units, risk points, officers and cases a page names: one query."""
    parts, params = [], []
    for tag, key, model, column in _REFERENCES:
        ids = sorted({row[key] for row in rows if row[key] is not None})
        if not ids:
            continue
        extra = "ref" if model is RiskPoint else "NULL"
        table = connection.ops.quote_name(model._meta.db_table)
        # Constant identifiers from the model table above; the ids are bound parameters.
        parts.append(f"SELECT '{tag}', id, {column}, {extra} FROM {table} WHERE id = ANY(%s)")  # noqa: S608
        params.append(ids)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(tag, pk): (label, extra) for tag, pk, label, extra in cursor.fetchall()}


def feed_rows(rows: list[dict]) -> list[dict]:
    """``.values(*FEED_LOOKUPS)`` rows → the feed's JSON objects (same keys as the schema)."""
    labels = _labels(rows)
    out = []
    for row in rows:
        rule = labels.get(("r", row["risk_point_id"]), (None, None))
        item = {name: row[lookup] for name, lookup in FEED_COLUMNS}
        item["risk_point"], item["risk_point_ref"] = rule
        item["unit"] = labels.get(("u", row["unit_id"]), (None,))[0]
        item["officer"] = labels.get(("o", row["officer_id"]), (None,))[0]
        item["case"] = labels.get(("c", row["case_id"]), (None,))[0]
        for name in _DATETIMES:
            item[name] = _iso(item[name])
        out.append(item)
    return out


class WarningFeedItemSerializer(serializers.Serializer):
    """One item of the feed: a warning (patrol), a problem (people's findings) or a dispute
    lapse. Codes are plain strings so that one schema enum is not shared across apps."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="reminder | problem")
    source = serializers.CharField(help_text="patrol | spot_check | petition | dispute | manual")
    risk_point = serializers.CharField(allow_null=True, help_text="risk point code (patrol items)")
    risk_point_ref = serializers.CharField(allow_null=True, help_text="catalogue number, e.g. AJ01")
    fingerprint = serializers.CharField()
    element_type = serializers.CharField(allow_blank=True, help_text="cases ElementType code, or empty")
    element_id = serializers.IntegerField(allow_null=True)
    element_label = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(help_text="unit code")
    officer = serializers.CharField(allow_null=True, help_text="badge number of the responsible officer")
    case = serializers.CharField(allow_null=True, help_text="case number")
    level = serializers.CharField(help_text="blue | yellow | red")
    peak_level = serializers.CharField(help_text="blue | yellow | red")
    due_at = serializers.DateTimeField(allow_null=True)
    raised_at = serializers.DateTimeField()
    cleared_at = serializers.DateTimeField(allow_null=True)
    clear_reason = serializers.CharField(allow_blank=True)
    workflow_state = serializers.CharField(
        help_text="new | notified | acknowledged | submitted | verified | closed | auto_resolved"
    )
    department = serializers.CharField(help_text="legal | discipline | petition: who holds the item")
    rectify_due_at = serializers.DateTimeField(allow_null=True)
    escalation_step = serializers.IntegerField()
    exempted = serializers.BooleanField()
    closed_at = serializers.DateTimeField(allow_null=True)
    regression_of = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WarningEventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="raised | escalated | de_escalated | changed | cleared | reopened")
    level_from = serializers.CharField(allow_blank=True)
    level_to = serializers.CharField(allow_blank=True)

    class Meta:
        model = WarningEvent
        fields = ["kind", "level_from", "level_to", "due_at", "occurred_at", "note"]


class WarningRouteSerializer(serializers.ModelSerializer):
    from_department = serializers.CharField()
    to_department = serializers.CharField()
    routed_by = serializers.CharField(source="routed_by.display_name", default=None)

    class Meta:
        model = WarningRoute
        fields = ["from_department", "to_department", "note", "routed_by", "routed_at"]


class WarningSerializer(serializers.ModelSerializer):
    """One warning in full: the feed's fields, the arithmetic and the history."""

    risk_point = serializers.CharField(source="risk_point.code", default=None)
    risk_point_ref = serializers.CharField(source="risk_point.ref", default=None)
    unit = serializers.CharField(source="unit.code")
    officer = serializers.CharField(source="officer.badge_no", default=None)
    case = serializers.CharField(source="case.number", default=None)
    arithmetic = serializers.SerializerMethodField()
    # Codes as plain strings: the choice sets are shared with other apps' fields of the same
    # name, and one enum per name keeps the OpenAPI schema unambiguous.
    kind = serializers.CharField(read_only=True, help_text="reminder | problem")
    source = serializers.CharField(
        read_only=True, help_text="patrol | spot_check | petition | dispute | manual"
    )
    element_type = serializers.CharField(read_only=True, help_text="cases ElementType code, or empty")
    level = serializers.CharField(read_only=True, help_text="blue | yellow | red")
    peak_level = serializers.CharField(read_only=True, help_text="blue | yellow | red")
    clear_reason = serializers.CharField(read_only=True)
    workflow_state = serializers.CharField(read_only=True)
    department = serializers.CharField(read_only=True, help_text="legal | discipline | petition")
    title = serializers.SerializerMethodField()
    events = WarningEventSerializer(many=True, read_only=True)
    routes = WarningRouteSerializer(many=True, read_only=True)

    class Meta:
        model = Warning
        fields = [
            "id",
            "kind",
            "source",
            "risk_point",
            "risk_point_ref",
            "fingerprint",
            "title",
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
            "department",
            "rectify_due_at",
            "escalation_step",
            "exempted",
            "closed_at",
            "regression_of",
            "created_at",
            "updated_at",
            "events",
            "routes",
        ]

    def get_arithmetic(self, obj) -> str:
        return render_summary(obj.explanation)

    def get_title(self, obj) -> str:
        return (obj.detail or {}).get("title", "")
