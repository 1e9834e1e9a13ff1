"""Panels that higher apps add to element pages (e.g. the warnings beside a case).

``cases`` never imports ``alerts``; instead ``alerts`` registers a panel here from its
``AppConfig.ready``:

    register_element_panel("case", ElementPanel(key="warnings", template="alerts/_case_warnings.html",
                                                context=lambda request, obj: {...}, order=10))

Element pages render every panel registered for their element type, in order, as
``{% include panel.template with panel=<its context> element=<the element> %}`` (the
same convention as the overview's panels). Element types: ``incident``, ``case``,
``person``, ``measure``, ``property``, ``venue``, ``venue_visit``, ``session``,
``case_file``, ``document``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ElementPanel:
    key: str
    template: str
    context: Callable  # (request, element) -> dict
    order: int = 100


_PANELS: dict[str, dict[str, ElementPanel]] = {}


def register_element_panel(element_type: str, panel: ElementPanel) -> None:
    _PANELS.setdefault(element_type, {})[panel.key] = panel


def panels_for(element_type: str, request, element) -> list[dict]:
    panels = sorted(_PANELS.get(element_type, {}).values(), key=lambda p: p.order)
    return [{"key": p.key, "template": p.template, "context": p.context(request, element)} for p in panels]
