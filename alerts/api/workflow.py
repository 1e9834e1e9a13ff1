"""REST writes on warnings: acknowledge, rectification, verify, reject, close, route to a
department, and the history. Scoped like every viewset (a warning outside the caller's unit is a 404); an
illegal move is a 409 with a sentence saying why; bad input a 400."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from supervision.api.base import ScopedGenericViewSet

from .. import findings, workflow
from ..choices import Department
from ..models import Warning, WarningRoute, WorkflowEvent


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This move is not allowed in the item's current state."


class WorkflowEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default=None, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = WorkflowEvent
        fields = [
            "id",
            "action",
            "from_state",
            "to_state",
            "actor",
            "note",
            "escalation_step",
            "occurred_at",
            "attachments",
        ]

    def get_attachments(self, event) -> list[dict]:
        return [
            {"id": a.pk, "name": a.name, "size": a.size, "content_type": a.content_type}
            for a in event.attachments.all()
        ]


class WorkflowStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Warning
        fields = [
            "id",
            "kind",
            "workflow_state",
            "rectify_due_at",
            "escalation_step",
            "assignee",
            "closed_at",
            "exempted",
            "updated_at",
        ]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RouteInputSerializer(serializers.Serializer):
    to_department = serializers.ChoiceField(choices=Department.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class RouteSerializer(serializers.ModelSerializer):
    routed_by = serializers.CharField(source="routed_by.display_name", default=None, read_only=True)

    class Meta:
        model = WarningRoute
        fields = ["id", "warning", "from_department", "to_department", "note", "routed_by", "routed_at"]


class RectificationSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


ERRORS = {
    400: OpenApiResponse(description="Bad input (missing text or reason, a refused attachment)."),
    403: OpenApiResponse(description="Your role may not make this move."),
    404: OpenApiResponse(description="Not found, or outside your unit's scope."),
    409: OpenApiResponse(
        description="Illegal move for the item's state.",
        examples=[
            OpenApiExample(
                "illegal",
                value={
                    "status": 409,
                    "code": "conflict",
                    "message": "此事项当前为“已通知”，现在不能核实整改。",
                },
            )
        ],
    ),
}


class WarningWorkflowViewSet(ScopedGenericViewSet):
    """Workflow moves on one warning of the caller's scope."""

    queryset = Warning.objects.select_related("unit", "risk_point")
    serializer_class = WorkflowStateSerializer
    capability = "view_warnings"
    action_capabilities = {
        "acknowledge": "answer_warnings",
        "rectification": "answer_warnings",
        "verify": "verify_rectification",
        "reject": "verify_rectification",
        "close": "verify_rectification",
        "route": "record_findings",
    }
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _run(self, move):
        warning = self.get_object()
        try:
            move(warning)
        except workflow.InputError as exc:
            raise serializers.ValidationError({"detail": [exc.message]}) from exc
        except workflow.TransitionError as exc:
            raise Conflict(exc.message) from exc
        return Response(WorkflowStateSerializer(warning).data)

    @extend_schema(
        request=None, responses={200: WorkflowStateSerializer, **ERRORS}, summary="Acknowledge (签收)"
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._run(lambda w: workflow.acknowledge(w, by=request.user))

    @extend_schema(
        request={"multipart/form-data": RectificationSerializer, "application/json": RectificationSerializer},
        responses={200: WorkflowStateSerializer, **ERRORS},
        summary="Submit a rectification (with attachments)",
        examples=[OpenApiExample("rectification", value={"text": "已补充送达回执并归卷"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def rectification(self, request, pk=None):
        if not hasattr(request.data, "get"):
            # A JSON list or scalar: the serializer answers 400 "expected a dictionary".
            RectificationSerializer(data=request.data).is_valid(raise_exception=True)
        data = RectificationSerializer(
            data={"text": request.data.get("text"), "files": request.FILES.getlist("files")}
        )
        data.is_valid(raise_exception=True)
        return self._run(
            lambda w: workflow.submit_rectification(
                w, by=request.user, text=data.validated_data["text"], files=data.validated_data["files"]
            )
        )

    @extend_schema(
        request=NoteSerializer, responses={200: WorkflowStateSerializer, **ERRORS}, summary="Verify"
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(lambda w: workflow.verify(w, by=request.user, note=data.validated_data["note"]))

    @extend_schema(
        request=ReasonSerializer,
        responses={200: WorkflowStateSerializer, **ERRORS},
        summary="Reject a rectification",
        examples=[OpenApiExample("reject", value={"reason": "缺少当事人签字"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(lambda w: workflow.reject(w, by=request.user, reason=data.validated_data["reason"]))

    @extend_schema(
        request=NoteSerializer, responses={200: WorkflowStateSerializer, **ERRORS}, summary="Close out (销号)"
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(lambda w: workflow.close_out(w, by=request.user, note=data.validated_data["note"]))

    @extend_schema(
        request=RouteInputSerializer,
        responses={201: RouteSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
        summary="Route to a department (legal affairs, discipline inspection, petitions)",
        examples=[
            OpenApiExample(
                "route",
                value={"to_department": "discipline", "note": "涉嫌违纪，移交纪检"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        warning = self.get_object()
        data = RouteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = findings.warning_route(actor=request.user, warning=warning, **data.validated_data)
        return Response(RouteSerializer(route).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: WorkflowEventSerializer(many=True), 404: ERRORS[404]}, summary="Workflow history"
    )
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        warning = self.get_object()
        events = warning.workflow_events.select_related("actor").prefetch_related("attachments")
        return Response(WorkflowEventSerializer(events, many=True).data)
