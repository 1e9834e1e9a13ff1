"""``RuleProbe``: the generic test helper for risk points.

    probe = RuleProbe("filing_review_overdue")
    probe.assert_levels(case, {"2026-09-06 12:00": None, "2026-09-07 00:00": "blue",
                               "2026-09-08 00:00": "yellow", "2026-09-09 00:00": "red"})
    probe.assert_due(case, "2026-09-08 24:00")          # SQL, Python and the boundary instant
    assert "国庆节" in probe.explain(case, at("2026-10-06 09:00"))

It evaluates the rule's own set-based query at any instant (``as_of``) with the rule's
configuration, without writing anything, and checks the SQL due time against the Python
deadline module. ``assert_due`` also checks the boundary: at the due instant the element is
not red; one microsecond later it is.
"""

from __future__ import annotations

import datetime

from django.utils import translation

from alerts.choices import Level
from alerts.deadlines import get_calendar, render_summary
from alerts.patrol import context_for
from alerts.rules import registry
from alerts.services import late_lookback, risk_point_config

from .factories import at

MICROSECOND = datetime.timedelta(microseconds=1)


def _moment(value) -> datetime.datetime:
    return at(value) if isinstance(value, str) else value


class RuleProbe:
    def __init__(self, code: str, *, thresholds: dict | None = None, params: dict | None = None):
        self.rule = registry[code]
        self.config = risk_point_config(self.rule.code)
        self.thresholds, self.params = thresholds, params

    def context(self, as_of, **extra):
        as_of = _moment(as_of)
        return context_for(
            self.rule,
            self.config,
            as_of=as_of,
            late_since=as_of - late_lookback(),
            thresholds=self.thresholds,
            params=self.params,
            **extra,
        )

    def rows(self, as_of, **extra) -> dict[int, dict]:
        return {row["element_id"]: row for row in self.rule.evaluate(self.context(as_of, **extra))}

    def row(self, element, as_of) -> dict | None:
        return self.rows(as_of).get(element.pk)

    def level(self, element, as_of) -> str | None:
        row = self.row(element, as_of)
        return row["level"] if row else None

    def assert_levels(self, element, timeline: dict) -> None:
        seen = {when: self.level(element, when) for when in timeline}
        expected = {when: (str(level) if level else None) for when, level in timeline.items()}
        assert seen == expected, f"{self.rule.ref} levels: got {seen}, expected {expected}"

    def python_due(self, element, as_of) -> datetime.datetime | None:
        row = self.row(element, as_of)
        assert row is not None, f"{self.rule.ref}: element {element.pk} not in the rows at {as_of}"
        changes = self.rule.changes_for([element.pk]).get(element.pk, [])
        _steps, due = self.rule.explain(row, changes, get_calendar(), self.context(as_of))
        return due

    def assert_due(self, element, expected, *, as_of=None, boundary: bool = True) -> None:
        """The due instant in SQL and in Python equals ``expected`` (``"2026-10-08 24:00"``);
        with ``boundary``, the element is not red at that instant and red just after."""
        due = _moment(expected)
        probe_at = _moment(as_of) if as_of is not None else due
        row = self.row(element, probe_at)
        if row is None and as_of is None:  # nothing before the due time (red-only): look just after
            probe_at = due + MICROSECOND
            row = self.row(element, probe_at)
        assert row is not None, f"{self.rule.ref}: no row for element {element.pk} at {probe_at}"
        assert row["due_at"] == due, f"{self.rule.ref}: SQL due {row['due_at']} != {due}"
        assert self.python_due(element, probe_at) == due, f"{self.rule.ref}: Python due differs from {due}"
        if boundary:
            assert self.level(element, due) != Level.RED, f"{self.rule.ref}: red already at the due instant"
            assert self.level(element, due + MICROSECOND) == Level.RED, (
                f"{self.rule.ref}: not red after the due"
            )

    def explain(self, element, as_of, language: str = "zh-hans") -> str:
        row = self.row(element, _moment(as_of))
        assert row is not None
        changes = self.rule.changes_for([element.pk]).get(element.pk, [])
        steps, _due = self.rule.explain(row, changes, get_calendar(), self.context(as_of))
        with translation.override(language):
            return render_summary(steps)
