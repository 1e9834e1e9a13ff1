"""What a job run's ``counts`` mean, in words: one mapping of count keys to labels per job
kind, registered by the app that runs the job (from its ``AppConfig.ready``). The job-run
list shows the labels; a key nobody labelled is shown as it is, never dropped, because a
count somebody added without a label is still a fact about the run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext

_labels: dict[str, dict[str, str | Promise]] = {}


def register_count_labels(kind: str, labels: Mapping[str, str | Promise]) -> None:
    """Label the count keys of the job ``kind`` (later registrations add to earlier ones)."""
    _labels.setdefault(str(kind), {}).update(labels)


def count_label(kind: str, key: str) -> str:
    label = _labels.get(str(kind), {}).get(key)
    return str(label) if label is not None else key


@dataclass
class CountRow:
    key: str
    label: str
    value: object = None
    # A nested dictionary (e.g. the patrol's counts per risk point), as rows of its own.
    rows: list[CountRow] = field(default_factory=list)


def count_rows(kind: str, counts: Mapping | None) -> list[CountRow]:
    """The run's counts as labelled rows, in the order the job wrote them."""
    rows = []
    for key, value in (counts or {}).items():
        row = CountRow(key=key, label=count_label(kind, key))
        if isinstance(value, Mapping):
            row.rows = [
                CountRow(key=sub_key, label=count_label(kind, sub_key), value=_inline(kind, sub))
                for sub_key, sub in value.items()
            ]
        elif isinstance(value, list | tuple):
            row.value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            row.value = gettext("Yes") if value else gettext("No")
        else:
            row.value = value
        rows.append(row)
    return rows


def _inline(kind: str, value) -> object:
    """A third level (e.g. one risk point's counts) on one line: “new 3 · open 5”."""
    if isinstance(value, Mapping):
        return " · ".join(f"{count_label(kind, k)} {v}" for k, v in value.items())
    return value
