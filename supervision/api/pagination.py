"""Pagination of the API: page numbers for browsing, keyset cursors for change feeds."""

from __future__ import annotations

import base64
import binascii
import datetime

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def feed_horizon() -> datetime.datetime:
    """The newest ``updated_at`` a change feed may serve now.

    ``updated_at`` is stamped when a writer makes its change, not when it commits, so
    transactions can become visible out of order: a row stamped 10:00:00.100 may commit
    after one stamped 10:00:00.200 that a poller has already passed. Serving only rows
    older than every transaction still in flight closes that hole:

    * the oldest start (``xact_start``) of any transaction of this database that holds a
      transaction id — i.e. has written and not yet committed — bounds every stamp it can
      still commit (a writer stamps inside its transaction);
    * a small safety lag (``WARNING_FEED_LAG_SECONDS``) below both covers a stamp taken just
      before its transaction's first write, and clock skew between application servers.

    So a row becomes servable only once nothing older can still appear: a poller walking
    (updated_at, id) forward never skips a row, and never sees one twice (the cursor is a
    strict keyset position). The cost is one read of ``pg_stat_activity`` per page and
    a delay of the lag before a change shows; a long write transaction (a large import)
    holds the feed back until it commits — late is better than lost. A session left idle in
    a transaction would hold it back for good: production sets
    ``idle_in_transaction_session_timeout`` on the database. (A database sequence stamped at write time
    would have the same out-of-order commit problem; only the in-flight bound fixes it.)
    """
    lag = datetime.timedelta(seconds=settings.WARNING_FEED_LAG_SECONDS)
    now = timezone.now()
    if connection.vendor != "postgresql":
        return now - lag  # the embedded demo: one process, the lag alone
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT clock_timestamp(), min(xact_start) FROM pg_stat_activity "
            "WHERE backend_xid IS NOT NULL AND datname = current_database() AND pid <> pg_backend_pid()"
        )
        db_now, oldest = cursor.fetchone()
    horizon = min(db_now, now)
    if oldest is not None:
        horizon = min(horizon, oldest)
    return horizon - lag


class ChangeFeedPagination(BasePagination):
    """Keyset pages in (updated_at, id) order for clients that poll "what changed since".

    The cursor is the (updated_at, id) of the last row served; the next page is every row
    strictly after it, found through the (updated_at, id) index — page 5,000 costs what
    page 1 costs. ``next`` is always a cursor to poll with, also at the end of the feed
    (then ``has_more`` is false and the client waits before asking again).
    """

    page_size = 100
    max_page_size = 1000
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering = ("updated_at", "id")

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError({"page_size": [_("A whole number.")]}) from None
        if size < 1:
            raise exceptions.ValidationError({"page_size": [_("At least 1.")]})
        return min(size, self.max_page_size)

    @staticmethod
    def encode_cursor(updated_at: datetime.datetime, pk: int) -> str:
        raw = f"{updated_at.astimezone(datetime.UTC).isoformat()}|{pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode_cursor(value: str) -> tuple[datetime.datetime, int]:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            stamp, pk = raw.split("|")
            updated_at = datetime.datetime.fromisoformat(stamp)
            if updated_at.tzinfo is None:
                raise ValueError
            return updated_at, int(pk)
        except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError):
            raise exceptions.ValidationError(
                {"cursor": [_("Not a cursor of this feed; start without one or use the 'next' link.")]}
            ) from None

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        raw = request.query_params.get(self.cursor_query_param)
        after = self.decode_cursor(raw) if raw else None
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        qs = queryset.order_by(*self.ordering).filter(updated_at__lte=feed_horizon())
        if after is not None:
            # A row-value comparison, so PostgreSQL walks the (updated_at, id) index from
            # the cursor instead of scanning an OR of two ranges.
            qs = qs.filter(
                RawSQL(  # noqa: S611 — constant SQL, values bound as parameters
                    f"({table}.updated_at, {table}.id) > (%s, %s)", after, output_field=BooleanField()
                )
            )
        rows = list(qs[: size + 1])
        self.has_more = len(rows) > size
        rows = rows[:size]
        if rows:
            last = rows[-1]
            if isinstance(last, dict):
                self.position = (last["updated_at"], last["id"])
            else:
                self.position = (last.updated_at, last.pk)
        else:
            self.position = after
        return rows

    def get_next_link(self) -> str | None:
        url = self.request.build_absolute_uri()
        if self.position is None:
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(*self.position))

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "has_more": self.has_more, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "has_more", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "description": "Poll this link for what changed after the last row of this page.",
                    "example": "https://example.org/api/v1/warnings/?cursor=MjAyNi0xMS0yMlQwMjowMDowMCswMDowMHw0Mg",
                },
                "has_more": {
                    "type": "boolean",
                    "description": "More rows are ready now: fetch 'next' at once.",
                    "example": False,
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The position after which to continue, from a previous page's 'next' link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (1–{self.max_page_size}, default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


__all__ = ["ChangeFeedPagination", "StandardPagination", "feed_horizon"]
