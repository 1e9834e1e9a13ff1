"""One error body for every API error, so client systems parse one shape:

    {"status": 400, "code": "invalid", "message": "…a sentence a person can act on…", "errors": {...}}

``errors`` carries the field- or record-level details when there are any.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

MESSAGES = {
    "invalid": lambda: _("The request has errors; see 'errors' for each one."),
    "not_found": lambda: _("Not found, or outside your unit's scope."),
    "permission_denied": lambda: _("Your role may not do this."),
    "not_authenticated": lambda: _("Sign in or send a valid API token."),
    "authentication_failed": lambda: _("The credentials or token are not valid."),
    "throttled": lambda: _("Too many requests; wait and retry."),
    "method_not_allowed": lambda: _("This method is not allowed here."),
    "parse_error": lambda: _("The request body could not be read as JSON."),
    "unsupported_media_type": lambda: _("Send the body as application/json."),
    "not_acceptable": lambda: _("The requested response format is not available."),
}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _code_of(exc)
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        message = MESSAGES["invalid"]()
    elif isinstance(exc, exceptions.Throttled):
        message = _("Too many requests; retry in %(seconds)s seconds.") % {"seconds": int(exc.wait or 1)}
    elif isinstance(exc, exceptions.APIException) and str(exc.detail) != str(exc.default_detail):
        message = str(exc.detail)  # a specific message raised on purpose: keep it
    else:
        message = MESSAGES[code]() if code in MESSAGES else str(getattr(exc, "detail", exc))
    body = {"status": response.status_code, "code": code, "message": message}
    if errors is not None:
        body["errors"] = errors
    response.data = body
    return response


def _code_of(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = getattr(exc, "default_code", None)
    if isinstance(exc, exceptions.APIException) and isinstance(exc.detail, exceptions.ErrorDetail):
        return exc.detail.code or codes or "error"
    return codes or "error"


def error_response(
    *, status_code: int = status.HTTP_400_BAD_REQUEST, code: str = "invalid", message: str, errors=None
) -> Response:
    body = {"status": status_code, "code": code, "message": message}
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code)


def not_found(request, exception=None):
    """``handler404``: a path under ``/api/`` that matches no endpoint answers with the same
    JSON body as every other API error (client systems parse one shape); any other path gets
    Django's page. (A 404 raised inside an endpoint never gets here: DRF answers it.)"""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        body = {"status": 404, "code": "not_found", "message": _("No API endpoint at this address.")}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
