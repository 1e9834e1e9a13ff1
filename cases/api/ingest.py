"""``POST /api/v1/ingest/<element-type>/``: the case-handling system pushes elements.

One view class per element type (generated from the ingestion specs) so that the
OpenAPI schema documents each type's record with its own fields and an example.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from supervision.api.errors import error_response
from supervision.api.permissions import HasCapability
from supervision.audit import set_audit_source
from supervision.choices import AuditSource

from .. import ingest
from ..models import Ingestion
from ..services import elements_ingest


class IngestResultSerializer(serializers.Serializer):
    ingestion = serializers.IntegerField(help_text="Id of the ingestion record (see /api/v1/ingestions/).")
    element_type = serializers.CharField()
    status = serializers.CharField()
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    older = serializers.IntegerField(help_text="Records older than the stored version: left untouched.")


class IngestErrorItemSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        allow_null=True, help_text="Position of the record in the batch, from 0."
    )
    external_id = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class IngestErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    # A body that cannot be read at all (malformed JSON or multipart) has no per-record list.
    errors = IngestErrorItemSerializer(many=True, required=False)


class IngestView(APIView):
    """Upsert a batch of one element type by source id, all or nothing.

    The body is a JSON array of records (or ``{"records": [...]}``), at most
    ``MAX_BATCH`` of them. Records name units by unit code, officers by badge number,
    venues by venue code and other elements by their source id. Sending the same batch
    again changes nothing; a record whose ``source_updated_at`` is older than the stored
    one is ignored. If any record has a problem the whole batch is rejected (400) and
    every problem is listed by record index, source id and field.
    """

    permission_classes = [HasCapability]
    capability = "ingest_elements"
    element_type: str = ""

    def initial(self, request, *args, **kwargs):
        set_audit_source(AuditSource.API)
        super().initial(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        data = request.data
        records = data.get("records") if isinstance(data, dict) else data
        if not isinstance(records, list):
            return error_response(
                code="invalid",
                message=_("Send a JSON array of records, or an object with a “records” array."),
                errors=[],
            )
        if not records:
            return error_response(code="empty_batch", message=_("The batch has no records."), errors=[])
        if len(records) > ingest.MAX_BATCH:
            return error_response(
                status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                code="batch_too_large",
                message=_("At most %(max)s records per request; this one has %(count)s. Split the batch.")
                % {"max": ingest.MAX_BATCH, "count": len(records)},
                errors=[],
            )
        ingestion = elements_ingest(actor=request.user, element_type=self.element_type, records=records)
        if ingestion.status == Ingestion.Status.REJECTED:
            return error_response(
                code="invalid",
                message=_(
                    "The batch was rejected and nothing of it was written: %(errors)s problem(s) in "
                    "%(records)s record(s). Each one is listed in “errors”."
                )
                % {"errors": ingestion.error_count, "records": ingestion.rejected},
                errors=ingestion.errors,
            )
        return Response(
            {
                "ingestion": ingestion.pk,
                "element_type": ingestion.element_type,
                "status": ingestion.status,
                "received": ingestion.received,
                "created": ingestion.created,
                "updated": ingestion.updated,
                "unchanged": ingestion.unchanged,
                "older": ingestion.older,
            }
        )


_KIND_TO_FIELD = {
    "str": lambda f: serializers.CharField(max_length=getattr(f.model_field, "max_length", None)),
    "bool": lambda f: serializers.BooleanField(),
    "int": lambda f: serializers.IntegerField(min_value=0),
    "decimal": lambda f: serializers.DecimalField(
        max_digits=f.model_field.max_digits,
        decimal_places=f.model_field.decimal_places,
        coerce_to_string=True,
    ),
    "datetime": lambda f: serializers.DateTimeField(),
    "date": lambda f: serializers.DateField(),
    "choice": lambda f: serializers.ChoiceField(
        choices=[(c, label) for c, label in f.model_field.choices if c]
    ),
    "ref": lambda f: serializers.CharField(),
    "officers": lambda f: serializers.ListField(child=serializers.CharField(), min_length=2),
}


def _record_serializer(spec: ingest.ElementSpec) -> type[serializers.Serializer]:
    """A serializer that only documents a record of ``spec`` (validation is the engine's)."""
    fields = {}
    for f in spec.fields:
        help_text = str(getattr(f.model_field, "help_text", "") or "") if f.model_field is not None else ""
        description = "; ".join(t for t in (f.label, f.hint, help_text) if t)
        field = _KIND_TO_FIELD[f.kind](f)
        field.required = f.required
        field.allow_null = not f.required
        field.help_text = description
        fields[f.name] = field
    name = "".join(part.title() for part in spec.slug.split("-")) + "Record"
    return type(name, (serializers.Serializer,), fields)


def ingest_views() -> list[tuple[str, type[IngestView]]]:
    views = []
    for slug, spec in ingest.specs().items():
        record = _record_serializer(spec)
        example = spec.example
        view = type(f"{record.__name__[:-6]}IngestView", (IngestView,), {"element_type": slug})
        view = extend_schema_view(
            post=extend_schema(
                operation_id=f"ingest_{spec.code}",
                tags=["ingest"],
                summary=f"Ingest {slug} (upsert by {spec.key}, all or nothing)",
                request=record(many=True),
                responses={
                    200: IngestResultSerializer,
                    400: IngestErrorSerializer,
                    413: IngestErrorSerializer,
                },
                examples=[
                    OpenApiExample("batch", value=[example], request_only=True),
                    OpenApiExample(
                        "committed",
                        value={
                            "ingestion": 42,
                            "element_type": spec.code,
                            "status": "committed",
                            "received": 1,
                            "created": 1,
                            "updated": 0,
                            "unchanged": 0,
                            "older": 0,
                        },
                        response_only=True,
                        status_codes=["200"],
                    ),
                    OpenApiExample(
                        "rejected",
                        value={
                            "status": 400,
                            "code": "invalid",
                            "message": "批次被拒绝，未写入任何记录：1 条记录中有 1 处问题，逐条列于 errors。",
                            "errors": [
                                {
                                    "index": 0,
                                    "external_id": example.get(spec.key, ""),
                                    "field": "unit",
                                    "message": "单位代码“350199999999”不存在。",
                                }
                            ],
                        },
                        response_only=True,
                        status_codes=["400"],
                    ),
                ],
            )
        )(view)
        views.append((slug, view))
    return views
