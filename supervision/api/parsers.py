"""Request parsers of the API."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class StrictJSONParser(JSONParser):
    """JSON, refusing NUL characters anywhere (PostgreSQL stores none, in text or jsonb):
    a clear 400 at the door instead of a database error deep in a batch (found by the
    schema fuzzer on the ingest endpoints)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _has_nul(data):
            raise ParseError(_("The body contains a NUL character (\\u0000), which cannot be stored."))
        return data
