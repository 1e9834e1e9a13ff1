"""Base classes for every page. Scoping is applied here, once, so that no page can forget it.

A page declares ``model`` (or ``queryset``) and may narrow it in ``get_base_queryset``;
``get_queryset`` is final: it always ends with ``.visible_to(request.user)``. An object
out of the user's scope is therefore simply not found (404), exactly like a missing one.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import DetailView, ListView

from .roles import has_capability


class CapabilityRequiredMixin(LoginRequiredMixin):
    """Requires a signed-in user holding ``capability`` (see ``supervision.roles``)."""

    capability: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.capability and not has_capability(request.user, self.capability):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    """``get_queryset`` = ``get_base_queryset().visible_to(user)``; subclasses may not override it."""

    model = None
    queryset = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset(); override get_base_queryset() instead so that "
                "scoping cannot be skipped."
            )

    def get_base_queryset(self):
        if self.queryset is not None:
            return self.queryset.all()
        return self.model._default_manager.all()

    def get_queryset(self):
        return self.get_base_queryset().visible_to(self.request.user)


class ScopedListView(CapabilityRequiredMixin, ScopedQuerysetMixin, ListView):
    """A filterable, paginated list. Set ``filterset_class`` to share the API's FilterSet."""

    paginate_by = 50
    filterset_class = None
    ordering_fields: dict[str, str] = {}
    default_ordering: str | None = None

    def get_filterset(self, queryset):
        if self.filterset_class is None:
            return None
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def get_ordering_param(self) -> str | None:
        requested = self.request.GET.get("sort", "")
        key = requested.lstrip("-")
        if key in self.ordering_fields:
            prefix = "-" if requested.startswith("-") else ""
            return f"{prefix}{self.ordering_fields[key]}"
        return self.default_ordering

    def get_filtered_queryset(self):
        queryset = ScopedQuerysetMixin.get_queryset(self)
        self.filterset = self.get_filterset(queryset)
        if self.filterset is not None:
            queryset = (
                self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset
            )
        ordering = self.get_ordering_param()
        if ordering:
            queryset = queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")
        return queryset

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_filtered_queryset()
        context = self.get_context_data()
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        query.pop("sort", None)
        context["querystring_nosort"] = query.urlencode()
        context["current_sort"] = self.request.GET.get("sort", "")
        return context


class ScopedDetailView(CapabilityRequiredMixin, ScopedQuerysetMixin, DetailView):
    pass
