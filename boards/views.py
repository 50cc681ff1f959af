"""Browser pages for boards and people. Each view starts from the permission policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from . import forms, permissions, selectors, services
from .exceptions import DomainError
from .models import (
    Area,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)


class PolicyMixin:
    """Narrow every queryset to what the user may see; another area's object is a 404."""

    model = None

    def get_queryset(self):
        return permissions.visible_to(self.request.user, self.model, self.base_queryset())

    def base_queryset(self):
        return self.model._default_manager.all()


class RecordListView(PolicyMixin, ListView):
    """A paginated, searchable list. ``search_fields`` are matched case-insensitively."""

    paginate_by = 25
    search_fields: tuple[str, ...] = ()
    template_name = "boards/record_list.html"
    columns: tuple[tuple[str, str], ...] = ()
    parent_model = None

    def get_queryset(self):
        qs = super().get_queryset()
        self.query = self.request.GET.get("q", "").strip()[:100]
        if self.query and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": self.query})
            qs = qs.filter(condition)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        ctx.update(
            page_title=meta.verbose_name_plural.capitalize(),
            query=self.query,
            query_string=urlencode({"q": self.query}) if self.query else "",
            columns=self.columns,
            can_add=permissions.can_create(self.request.user, self.model),
            add_url=reverse(f"boards:{meta.model_name}_create"),
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
        )
        return ctx


class RecordDetailView(PolicyMixin, DetailView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        meta = self.model._meta
        ctx.update(
            page_title=str(obj),
            can_edit=permissions.can_edit(self.request.user, obj),
            edit_url=reverse(f"boards:{meta.model_name}_update", kwargs={"pk": obj.pk})
            if meta.model_name != "area"
            else None,
            history=obj.history.select_related("history_user").order_by("-history_date")[:10],
        )
        return ctx


class ServiceFormMixin:
    """Save through the services layer; turn refusals into form errors, never a 500."""

    template_name = "boards/record_form.html"
    success_message = "Saved."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            for field, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.page_heading()
        ctx["cancel_url"] = self.cancel_url()
        return ctx


class RecordCreateView(ServiceFormMixin, CreateView):
    success_message = "Added."
    #: the initial field that names the parent (``area`` or ``board``), from ?area= / ?board=
    parent_field: str | None = None

    def parent(self):
        if not self.parent_field:
            return None
        model = Area if self.parent_field == "area" else Board
        key = self.request.GET.get(self.parent_field) or self.request.POST.get(self.parent_field)
        if not key or not str(key).isdigit():
            return None
        return permissions.visible_to(self.request.user, model).filter(pk=key).first()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_create(
            request.user, self.model, self.parent()
        ):
            raise PermissionDenied("You cannot add records here.")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        parent = self.parent()
        if parent is not None and self.parent_field:
            initial[self.parent_field] = parent.pk
        return initial

    def save(self, form):
        instance = form.save(commit=False)
        parent_value = form.cleaned_data.get(self.parent_field) if self.parent_field else None
        m2m = {
            name: form.cleaned_data[name]
            for name in form.fields
            if name in {f.name for f in self.model._meta.many_to_many}
        }
        return services.record_create(
            actor=self.request.user, instance=instance, parent=parent_value, m2m=m2m
        )

    def page_heading(self):
        return f"Add a {self.model._meta.verbose_name}"

    def cancel_url(self):
        return reverse(f"boards:{self.model._meta.model_name}_list")


class RecordUpdateView(PolicyMixin, ServiceFormMixin, UpdateView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not permissions.can_edit(self.request.user, obj):
            raise PermissionDenied("You cannot change this record.")
        return obj

    def save(self, form):
        instance = form.save(commit=False)
        m2m = {
            name: form.cleaned_data[name]
            for name in form.fields
            if name in {f.name for f in self.model._meta.many_to_many}
        }
        return services.record_update(actor=self.request.user, instance=instance, m2m=m2m)

    def page_heading(self):
        return f"Change {self.object}"

    def cancel_url(self):
        return self.object.get_absolute_url()


# --- home and areas ---------------------------------------------------------------------


class HomeView(TemplateView):
    template_name = "boards/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["areas"] = selectors.area_list(user=self.request.user)
        ctx["page_title"] = "Your areas"
        return ctx


class AreaDetailView(RecordDetailView):
    model = Area
    template_name = "boards/area_detail.html"
    slug_field = "slug"

    def get_object(self, queryset=None):
        qs = self.get_queryset()
        return get_object_or_404(qs, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.area_overview(area=self.object, user=self.request.user))
        return ctx


# --- boards ---------------------------------------------------------------------------------


class BoardListView(RecordListView):
    model = Board
    search_fields = ("name", "short_name", "area__name")
    columns = (
        ("name", "Board"),
        ("short_name", "Short name"),
        ("get_kind_display", "Kind"),
        ("area", "Area"),
    )

    def base_queryset(self):
        return Board.objects.select_related("area")


class BoardDetailView(RecordDetailView):
    model = Board
    template_name = "boards/board_detail.html"

    def base_queryset(self):
        return Board.objects.select_related("area", "superseded_by").prefetch_related(
            "additional_areas",
            "predecessors",
            Prefetch("subgroups", queryset=Subgroup.objects.select_related("chair")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.current().select_related("person", "organisation"),
                to_attr="current_memberships",
            ),
            "priorities",
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["meetings"] = self.object.meetings.order_by("-date")[:10]
        user = self.request.user
        ctx["can_add_child"] = permissions.can_create(user, Subgroup, self.object)
        ctx["can_add_meeting"] = permissions.can_create(user, Meeting, self.object)
        return ctx


class BoardCreateView(RecordCreateView):
    model = Board
    form_class = forms.BoardForm
    parent_field = "area"


class BoardUpdateView(RecordUpdateView):
    model = Board
    form_class = forms.BoardForm


# --- the other records: lists, pages and forms built the same way -----------------------


def _views_for(model, form_class, *, search, columns, parent_field, related=(), detail=None):
    """Make the list, detail, create and update views of a simple record."""
    name = model.__name__

    def base_queryset(self, _related=related):
        return model._default_manager.select_related(*_related)

    list_view = type(
        f"{name}ListView",
        (RecordListView,),
        {
            "model": model,
            "search_fields": search,
            "columns": columns,
            "base_queryset": base_queryset,
        },
    )
    detail_view = type(
        f"{name}DetailView",
        (RecordDetailView,),
        {
            "model": model,
            "base_queryset": base_queryset,
            "template_name": detail or f"boards/{model._meta.model_name}_detail.html",
        },
    )
    create_view = type(
        f"{name}CreateView",
        (RecordCreateView,),
        {
            "model": model,
            "form_class": form_class,
            "parent_field": parent_field,
        },
    )
    update_view = type(
        f"{name}UpdateView",
        (RecordUpdateView,),
        {
            "model": model,
            "form_class": form_class,
            "base_queryset": base_queryset,
        },
    )
    return list_view, detail_view, create_view, update_view


(OrganisationListView, OrganisationDetailView, OrganisationCreateView, OrganisationUpdateView) = (
    _views_for(
        Organisation,
        forms.OrganisationForm,
        search=("name",),
        parent_field="area",
        columns=(("name", "Organisation"), ("get_kind_display", "Kind"), ("area", "Area")),
        related=("area",),
        detail="boards/record_detail.html",
    )
)

(PersonListView, PersonDetailView, PersonCreateView, PersonUpdateView) = _views_for(
    Person,
    forms.PersonForm,
    search=("full_name", "job_title", "email"),
    parent_field="area",
    columns=(("__str__", "Name"), ("job_title", "Job title"), ("area", "Area")),
    related=("area",),
)

(SubgroupListView, SubgroupDetailView, SubgroupCreateView, SubgroupUpdateView) = _views_for(
    Subgroup,
    forms.SubgroupForm,
    search=("name", "board__name", "board__short_name"),
    parent_field="board",
    columns=(
        ("name", "Subgroup"),
        ("board", "Board"),
        ("get_kind_display", "Kind"),
        ("chair", "Chair"),
    ),
    related=("board", "board__area", "chair"),
)

(MembershipListView, MembershipDetailView, MembershipCreateView, MembershipUpdateView) = _views_for(
    Membership,
    forms.MembershipForm,
    search=("person__full_name", "board__name", "subgroup__name"),
    parent_field="board",
    columns=(
        ("person", "Person"),
        ("get_role_display", "Role"),
        ("body", "Board or subgroup"),
        ("organisation", "Organisation"),
    ),
    related=("person", "board", "subgroup", "organisation"),
    detail="boards/record_detail.html",
)

(PostListView, PostDetailView, PostCreateView, PostUpdateView) = _views_for(
    Post,
    forms.PostForm,
    search=("title", "holder__full_name"),
    parent_field="area",
    columns=(("display_title", "Post"), ("holder", "Current holder"), ("area", "Area")),
    related=("area", "holder"),
    detail="boards/record_detail.html",
)

(PriorityListView, PriorityDetailView, PriorityCreateView, PriorityUpdateView) = _views_for(
    Priority,
    forms.PriorityForm,
    search=("title", "board__name", "board__short_name"),
    parent_field="board",
    columns=(("title", "Priority"), ("board", "Board"), ("period", "Period")),
    related=("board",),
    detail="boards/record_detail.html",
)

(MeetingListView, MeetingDetailView, MeetingCreateView, MeetingUpdateView) = _views_for(
    Meeting,
    forms.MeetingForm,
    search=("board__name", "board__short_name", "subgroup__name", "place"),
    parent_field="board",
    columns=(
        ("date", "Date"),
        ("body", "Board or subgroup"),
        ("get_status_display", "Status"),
        ("place", "Place"),
    ),
    related=("board", "subgroup", "subgroup__board"),
    detail="boards/record_detail.html",
)
