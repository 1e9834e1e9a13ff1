"""Panels on the overview page. Higher apps register a panel (a template plus a
context function) from their AppConfig.ready, so the core never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable  # (request) -> dict
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request) -> list[dict]:
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        rendered.append({"key": panel.key, "template": panel.template, "context": panel.context(request)})
    return rendered
