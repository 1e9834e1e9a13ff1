"""The warnings panel on element pages (registered with ``cases.panels``) and the open
counts on the overview page (``supervision.overview``)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from cases.choices import ElementType

# The element pages of ``cases`` by element type (linked from a warning).
ELEMENT_URL_NAMES = {
    ElementType.INCIDENT: "cases:incident",
    ElementType.CASE: "cases:case",
    ElementType.PERSON: "cases:person",
    ElementType.MEASURE: "cases:measure",
    ElementType.PROPERTY: "cases:property",
    ElementType.VENUE_VISIT: "cases:visit",
    ElementType.CASE_FILE: "cases:case_file",
    ElementType.DOCUMENT: "cases:document",
}


def element_url(element_type: str, element_id) -> str | None:
    try:
        return reverse(ELEMENT_URL_NAMES[element_type], args=[element_id])
    except (KeyError, NoReverseMatch):
        return None


def _panel_context(element_type: str):
    def context(request, element) -> dict:
        from .selectors import warning_list_for_element

        if element_type == ElementType.CASE:
            warnings = warning_list_for_element(fetched_by=request.user, case=element)
        else:
            warnings = warning_list_for_element(
                fetched_by=request.user, element_type=element_type, element_id=element.pk
            )
        return {"warnings": warnings}

    return context


def overview_panel_context(request) -> dict:
    from .selectors import warning_counts

    return {"counts": warning_counts(fetched_by=request.user)}


def register() -> None:
    from cases.panels import ElementPanel, register_element_panel
    from supervision.overview import Panel, register_panel

    for element_type in ElementType.values:
        register_element_panel(
            element_type,
            ElementPanel(
                key="warnings",
                template="alerts/_case_warnings.html",
                context=_panel_context(element_type),
                order=10,
            ),
        )
    register_panel(
        Panel(
            key="warnings", template="alerts/_overview_panel.html", context=overview_panel_context, order=10
        )
    )
