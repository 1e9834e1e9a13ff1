"""Element pages: lists (filter, sort, page, export), detail pages, the case timeline,
and the file import with its history. Thin: reads come from selectors, writes from
services, scoping from the base views."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from supervision.base_views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from supervision.models import Officer, Unit
from supervision.privacy import id_number_for
from supervision.roles import has_capability

from . import filtersets as fs
from . import models as m
from . import services, tables, tabular
from .forms import ImportForm
from .ingest import spec_for, specs
from .panels import panels_for
from .selectors import OFFICERS_PREFETCH, case_view, element_queryset

DETAIL_ROUTES = {
    m.Incident: "cases:incident",
    m.Case: "cases:case",
    m.Person: "cases:person",
    m.CoerciveMeasure: "cases:measure",
    m.Property: "cases:property",
    m.Venue: "cases:venue",
    m.VenueVisit: "cases:visit",
    m.QuestioningSession: "cases:session",
    m.CaseFile: "cases:case_file",
    m.LegalDocument: "cases:document",
    Unit: "supervision:unit",
}


class IndexView(CapabilityRequiredMixin, TemplateView):
    """The execution elements: one entry per list, the import and its history."""

    capability = "view_elements"
    template_name = "cases/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            (reverse(f"cases:{route}"), icon, title, text)
            for route, icon, title, text in (
                (
                    "incidents",
                    "telephone-inbound",
                    gettext_lazy("Incidents"),
                    gettext_lazy("110 calls and reports"),
                ),
                ("cases", "folder2-open", gettext_lazy("Cases"), gettext_lazy("criminal and administrative")),
                (
                    "persons",
                    "person-vcard",
                    gettext_lazy("Persons"),
                    gettext_lazy("suspects, victims, witnesses"),
                ),
                (
                    "measures",
                    "lock",
                    gettext_lazy("Coercive measures"),
                    gettext_lazy("summons to arrest and bail"),
                ),
                (
                    "property_list",
                    "box-seam",
                    gettext_lazy("Property"),
                    gettext_lazy("seized, stored, returned"),
                ),
                (
                    "visits",
                    "door-open",
                    gettext_lazy("Venue visits"),
                    gettext_lazy("handling-area entries and exits"),
                ),
                (
                    "sessions",
                    "mic",
                    gettext_lazy("Questioning sessions"),
                    gettext_lazy("interrogations, inquiries"),
                ),
                (
                    "documents",
                    "file-earmark-text",
                    gettext_lazy("Legal documents"),
                    gettext_lazy("issued, served"),
                ),
                (
                    "case_files",
                    "archive",
                    gettext_lazy("Case files"),
                    gettext_lazy("built, archived, complete"),
                ),
                ("venues", "building", gettext_lazy("Venues"), gettext_lazy("handling areas and centres")),
            )
        ]
        context["can_ingest"] = has_capability(self.request.user, "ingest_elements")
        context["recent_ingestions"] = (
            m.Ingestion.objects.visible_to(self.request.user)
            .select_related("actor")
            .order_by("-started_at")[:8]
        )
        return context


# --------------------------------------------------------------------------------------
# Lists


class ElementListView(ScopedListView):
    capability = "view_elements"
    template_name = "cases/element_list.html"
    paginate_by = 50
    slug = ""
    title = ""
    columns: list = []
    detail_route = ""

    def get_base_queryset(self):
        return element_queryset(specs()[self.slug])

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        queryset = self.get_filtered_queryset()
        query = self.request.GET.copy()
        query.pop("export", None)
        output, _rows = services.elements_export(
            actor=self.request.user,
            element_type=self.slug,
            queryset=queryset,
            description=f"{self.request.path}?{query.urlencode()}",
        )
        name = f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(output, as_attachment=True, filename=name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            columns=self.columns,
            detail_route=self.detail_route,
            slug=self.slug,
            can_ingest=has_capability(self.request.user, "ingest_elements"),
        )
        return context


class IncidentListView(ElementListView):
    slug = "incidents"
    title = gettext_lazy("Incidents")
    filterset_class = fs.IncidentFilterSet
    columns = tables.INCIDENT_COLUMNS
    detail_route = "cases:incident"
    ordering_fields = {"received": "received_at", "number": "number", "disposed": "disposed_at"}
    default_ordering = "-received_at"


class CaseListView(ElementListView):
    slug = "cases"
    title = gettext_lazy("Cases")
    filterset_class = fs.CaseFilterSet
    columns = tables.CASE_COLUMNS
    detail_route = "cases:case"
    ordering_fields = {
        "number": "number",
        "cause": "cause",
        "status": "status",
        "accepted": "accepted_at",
        "filed": "filed_at",
        "activity": "last_activity_at",
        "closed": "closed_at",
    }
    default_ordering = "-accepted_at"


class PersonListView(ElementListView):
    slug = "persons"
    title = gettext_lazy("Persons")
    filterset_class = fs.PersonFilterSet
    columns = tables.PERSON_COLUMNS
    detail_route = "cases:person"
    ordering_fields = {"name": "name", "role": "role", "birth": "birth_date"}
    default_ordering = "-updated_at"


class MeasureListView(ElementListView):
    slug = "measures"
    title = gettext_lazy("Coercive measures")
    filterset_class = fs.MeasureFilterSet
    columns = tables.MEASURE_COLUMNS
    detail_route = "cases:measure"
    ordering_fields = {"kind": "kind", "started": "started_at", "ended": "ended_at"}
    default_ordering = "-started_at"


class PropertyListView(ElementListView):
    slug = "property"
    title = gettext_lazy("Property")
    filterset_class = fs.PropertyFilterSet
    columns = tables.PROPERTY_COLUMNS
    detail_route = "cases:property"
    ordering_fields = {
        "name": "name",
        "value": "value",
        "status": "status",
        "seized": "seized_at",
        "stored": "stored_at",
        "disposed": "disposed_at",
    }
    default_ordering = "-seized_at"


class VenueVisitListView(ElementListView):
    slug = "venue-visits"
    title = gettext_lazy("Venue visits")
    filterset_class = fs.VenueVisitFilterSet
    columns = tables.VISIT_COLUMNS
    detail_route = "cases:visit"
    ordering_fields = {"entered": "entered_at", "exited": "exited_at"}
    default_ordering = "-entered_at"


class VenueListView(ElementListView):
    slug = "venues"
    title = gettext_lazy("Venues")
    filterset_class = fs.VenueFilterSet
    columns = tables.VENUE_COLUMNS
    detail_route = "cases:venue"
    ordering_fields = {"code": "code", "name": "name"}
    default_ordering = "code"


class SessionListView(ElementListView):
    slug = "sessions"
    title = gettext_lazy("Questioning sessions")
    filterset_class = fs.SessionFilterSet
    columns = tables.SESSION_COLUMNS
    detail_route = "cases:session"
    ordering_fields = {"started": "started_at"}
    default_ordering = "-started_at"


class CaseFileListView(ElementListView):
    slug = "case-files"
    title = gettext_lazy("Case files")
    filterset_class = fs.CaseFileFilterSet
    columns = tables.CASE_FILE_COLUMNS
    detail_route = "cases:case_file"
    ordering_fields = {"built": "built_at", "archived": "archived_at"}
    default_ordering = "-updated_at"


class DocumentListView(ElementListView):
    slug = "documents"
    title = gettext_lazy("Legal documents")
    filterset_class = fs.DocumentFilterSet
    columns = tables.DOCUMENT_COLUMNS
    detail_route = "cases:document"
    ordering_fields = {"kind": "kind", "issued": "issued_at", "served": "served_at"}
    default_ordering = "-issued_at"


# --------------------------------------------------------------------------------------
# Details


class ElementDetailView(ScopedDetailView):
    """An element's fields as the source system sent them, its related rows, and the
    panels higher apps add (e.g. the warnings raised on it)."""

    capability = "view_elements"
    template_name = "cases/element_detail.html"
    slug = ""
    panel_type = ""
    list_route = ""

    def get_base_queryset(self):
        return element_queryset(specs()[self.slug])

    def sections(self, obj) -> list[dict]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        spec = specs()[self.slug]
        context.update(
            spec=spec,
            title=f"{spec.model._meta.verbose_name} {getattr(obj, spec.repr_field, '') or obj}",
            source_key=getattr(obj, spec.key),
            fields=[(f.label, self.display(obj, f)) for f in spec.fields],
            sections=self.sections(obj),
            list_route=self.list_route,
            panels=panels_for(self.panel_type, self.request, obj),
        )
        return context

    def display(self, obj, f):
        """(text, url) of one field for the page."""
        if f.kind == "officers":
            return (", ".join(str(link.officer) for link in obj.case_officers.all()), "")
        if f.kind == "ref":
            target = getattr(obj, f.name)
            if target is None:
                return ("", "")
            route = DETAIL_ROUTES.get(type(target))
            text = str(target) if not isinstance(target, Officer) else f"{target.name}（{target.badge_no}）"
            return (text, reverse(route, args=[target.pk]) if route else "")
        value = getattr(obj, f.attname)
        if f.name == "id_number":
            return (id_number_for(self.request.user, value), "")
        if f.kind == "choice":
            return (getattr(obj, f"get_{f.name}_display")(), "")
        if f.kind == "bool":
            return (_("yes") if value else (_("no") if value is not None else ""), "")
        if f.kind == "datetime" and value is not None:
            return (timezone.localtime(value).strftime("%Y-%m-%d %H:%M"), "")
        return ("" if value is None else str(value), "")


def section(title, columns, rows, detail_route="") -> dict:
    return {"title": title, "columns": columns, "rows": list(rows), "detail_route": detail_route}


class IncidentDetailView(ElementDetailView):
    slug = "incidents"
    panel_type = "incident"
    list_route = "cases:incidents"

    def sections(self, incident):
        return [
            section(_("Cases"), tables.CASE_COLUMNS[:5], incident.cases.all(), "cases:case"),
            section(
                _("Persons"),
                tables.PERSON_COLUMNS[:6],
                incident.persons.select_related("case"),
                "cases:person",
            ),
            section(
                _("Legal documents"),
                tables.DOCUMENT_COLUMNS,
                incident.documents.select_related("unit", "case", "person"),
                "cases:document",
            ),
        ]


class CaseDetailView(ScopedDetailView):
    """The whole case as one timeline, with its persons and measures, property, venue
    visits, documents, the file's completeness, and the warnings beside it."""

    capability = "view_elements"
    template_name = "cases/case_detail.html"

    def get_base_queryset(self):
        return m.Case.objects.select_related("unit", "incident").prefetch_related(OFFICERS_PREFETCH)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case_data"] = case_view(self.object, user=self.request.user)
        context["panels"] = panels_for("case", self.request, self.object)
        context["document_columns"] = tables.CASE_DOCUMENT_COLUMNS
        context["limit_change_columns"] = tables.LIMIT_CHANGE_COLUMNS
        return context


class PersonDetailView(ElementDetailView):
    slug = "persons"
    panel_type = "person"
    list_route = "cases:persons"

    def sections(self, person):
        return [
            section(
                _("Coercive measures"),
                tables.MEASURE_COLUMNS,
                person.measures.select_related("unit", "person", "case"),
                "cases:measure",
            ),
            section(
                _("Venue visits"),
                tables.VISIT_COLUMNS,
                person.visits.select_related("unit", "person", "venue", "case"),
                "cases:visit",
            ),
            section(
                _("Questioning sessions"),
                tables.SESSION_COLUMNS,
                person.sessions.select_related("unit", "person", "case", "officer"),
                "cases:session",
            ),
            section(
                _("Property"),
                tables.PROPERTY_COLUMNS,
                person.property_items.select_related("unit", "case"),
                "cases:property",
            ),
            section(
                _("Legal documents"),
                tables.DOCUMENT_COLUMNS,
                person.documents.select_related("unit", "case", "person"),
                "cases:document",
            ),
        ]


class MeasureDetailView(ElementDetailView):
    slug = "measures"
    panel_type = "measure"
    list_route = "cases:measures"

    def sections(self, measure):
        return [
            section(
                _("Limit changes"),
                tables.LIMIT_CHANGE_COLUMNS,
                measure.limit_changes.order_by("effective_at"),
            ),
            section(
                _("Legal documents"),
                tables.DOCUMENT_COLUMNS,
                measure.documents.select_related("unit", "case", "person"),
                "cases:document",
            ),
        ]


class PropertyDetailView(ElementDetailView):
    slug = "property"
    panel_type = "property"
    list_route = "cases:property_list"

    def sections(self, item):
        return [
            section(
                _("Check-outs"), tables.PROPERTY_MOVEMENT_COLUMNS, item.movements.order_by("moved_out_at")
            ),
            section(
                _("Limit changes"), tables.LIMIT_CHANGE_COLUMNS, item.limit_changes.order_by("effective_at")
            ),
            section(
                _("Legal documents"),
                tables.DOCUMENT_COLUMNS,
                item.documents.select_related("unit", "case", "person"),
                "cases:document",
            ),
        ]


class VenueVisitDetailView(ElementDetailView):
    slug = "venue-visits"
    panel_type = "venue_visit"
    list_route = "cases:visits"

    def sections(self, visit):
        return [
            section(
                _("Taken out and back"), tables.VENUE_MOVEMENT_COLUMNS, visit.movements.order_by("out_at")
            ),
            section(
                _("Questioning sessions"),
                tables.SESSION_COLUMNS,
                visit.sessions.select_related("unit", "person", "case", "officer"),
                "cases:session",
            ),
        ]


class VenueDetailView(ElementDetailView):
    slug = "venues"
    panel_type = "venue"
    list_route = "cases:venues"

    def sections(self, venue):
        visits = venue.visits.select_related("unit", "person", "venue", "case").order_by("-entered_at")[:50]
        return [section(_("Latest visits"), tables.VISIT_COLUMNS, visits, "cases:visit")]


class SessionDetailView(ElementDetailView):
    slug = "sessions"
    panel_type = "session"
    list_route = "cases:sessions"

    def sections(self, session):
        return [
            section(
                _("Legal documents"),
                tables.DOCUMENT_COLUMNS,
                session.documents.select_related("unit", "case", "person"),
                "cases:document",
            )
        ]


class CaseFileDetailView(ElementDetailView):
    slug = "case-files"
    panel_type = "case_file"
    list_route = "cases:case_files"
    template_name = "cases/case_file_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = case_view(self.object.case, user=self.request.user)
        context["requirements"] = view.requirements
        return context


class DocumentDetailView(ElementDetailView):
    slug = "documents"
    panel_type = "document"
    list_route = "cases:documents"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["defects"] = tables.document_defects(self.object)
        return context


# --------------------------------------------------------------------------------------
# File import and ingestion history


class ImportView(CapabilityRequiredMixin, TemplateView):
    """Upload a CSV or Excel file of one element type; it is checked first (preview)."""

    capability = "ingest_elements"
    template_name = "cases/import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm(initial={"element_type": self.request.GET.get("type", "")}))
        context["templates"] = [
            (slug, spec.label, [f for f in spec.fields if f.required]) for slug, spec in specs().items()
        ]
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        ingestion = services.ingestion_upload(
            actor=request.user,
            element_type=form.cleaned_data["element_type"],
            file_name=upload.name,
            data=upload.read(),
        )
        return redirect("cases:ingestion", pk=ingestion.pk)


class TemplateDownloadView(CapabilityRequiredMixin, TemplateView):
    """The import template of one element type: Chinese headers and an example row."""

    capability = "ingest_elements"

    def get(self, request, slug, fmt):
        spec = specs().get(slug)
        if spec is None or fmt not in ("csv", "xlsx"):
            raise Http404
        name = _("%(element)s import template") % {"element": spec.label} + f".{fmt}"
        if fmt == "csv":
            response = HttpResponse(tabular.template_csv(spec), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                tabular.template_xlsx(spec),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
        return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class IngestionListView(ScopedListView):
    model = m.Ingestion
    capability = "view_elements"
    template_name = "cases/ingestion_list.html"
    filterset_class = fs.IngestionFilterSet
    ordering_fields = {"started": "started_at"}
    default_ordering = "-started_at"

    def get_base_queryset(self):
        return m.Ingestion.objects.select_related("actor", "unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = tables.INGESTION_COLUMNS
        return context


class IngestionDetailView(ScopedDetailView):
    model = m.Ingestion
    capability = "view_elements"
    template_name = "cases/ingestion_detail.html"

    def get_base_queryset(self):
        return m.Ingestion.objects.select_related("actor", "unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ingestion = self.object
        spec = spec_for(ingestion.element_type)
        context["spec"] = spec
        context["can_commit"] = (
            ingestion.status == m.Ingestion.Status.PREVIEWED
            and ingestion.actor_id == self.request.user.pk
            and has_capability(self.request.user, "ingest_elements")
        )
        context["percent"] = (
            min(100, round(100 * ingestion.progress_done / ingestion.received)) if ingestion.received else 0
        )
        return context


class IngestionProgressView(IngestionDetailView):
    """The status block alone, polled by htmx while a file is being checked or written;
    when the work is done it asks the page to reload with the results."""

    template_name = "cases/_ingestion_progress.html"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.object.status != m.Ingestion.Status.RUNNING:
            response["HX-Refresh"] = "true"
        return response


class IngestionCommitView(ScopedDetailView):
    model = m.Ingestion
    capability = "ingest_elements"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ingestion = self.get_object()
        if ingestion.actor_id != request.user.pk:
            messages.error(request, _("Only the person who uploaded the file can commit it."))
        else:
            try:
                services.ingestion_commit(actor=request.user, ingestion=ingestion)
            except services.NotCommittable as exc:
                messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("cases:ingestion", args=[ingestion.pk]))
