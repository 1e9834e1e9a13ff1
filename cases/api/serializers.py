"""Read serializers, generated from the ingestion specs: an element reads back in the
format it was sent in (references by source key), plus its platform id, timestamps and
what the platform derives. Personal ID numbers are masked for roles that may not see them."""

from __future__ import annotations

from functools import cache

from rest_framework import serializers

from supervision.privacy import id_number_for

from .. import ingest
from ..models import Ingestion


class ElementSerializerBase(serializers.ModelSerializer):
    def get_officers(self, obj) -> list[str]:
        return [link.officer.badge_no for link in obj.case_officers.all()]

    def get_id_number(self, obj) -> str:
        request = self.context.get("request")
        return id_number_for(request.user if request else None, obj.id_number)


@cache
def element_serializer(slug: str) -> type[serializers.ModelSerializer]:
    spec = ingest.specs()[slug]
    attrs: dict = {}
    names = ["id"]
    for f in spec.fields:
        if f.kind == "ref":
            attrs[f.name] = serializers.SlugRelatedField(read_only=True, slug_field=f.ref.key)
        elif f.kind == "officers":
            attrs["officers"] = serializers.SerializerMethodField(help_text="Badge numbers, lead first.")
        elif f.name == "id_number":
            attrs["id_number"] = serializers.SerializerMethodField(
                help_text="Masked unless the caller may see whole ID numbers."
            )
        names.append(f.name)
    attrs["unit_name"] = serializers.CharField(source="unit.name", read_only=True)
    names.append("unit_name")
    model_fields = {f.name for f in spec.model._meta.concrete_fields}
    for extra in ("last_activity_at", "created_at", "updated_at"):
        if extra in model_fields:
            names.append(extra)
    meta = type("Meta", (), {"model": spec.model, "fields": names, "read_only_fields": names})
    name = "".join(part.title() for part in slug.split("-")) + "Serializer"
    return type(name, (ElementSerializerBase,), {**attrs, "Meta": meta})


class IngestionSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(read_only=True, slug_field="username")
    unit = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = Ingestion
        fields = [
            "id",
            "element_type",
            "channel",
            "status",
            "actor",
            "unit",
            "file_name",
            "started_at",
            "finished_at",
            "received",
            "created",
            "updated",
            "unchanged",
            "older",
            "rejected",
            "progress_done",
            "error_count",
            "errors",
        ]
        read_only_fields = fields
