"""Browser pages for boards and people. Each view starts from the permission policy.

Lists, record pages and forms share four base classes; each record type then names its
selector, form, columns and context. Reads go through ``boards.selectors``, writes through
``boards.services``, and every decision about access through ``boards.permissions``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

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
from .templatetags.boards_tags import an

#: the records a user may delete from their page; the others hold history that others need
DELETABLE = ("subgroup", "membership", "post", "priority", "meeting")

# --- breadcrumbs ----------------------------------------------------------------------


def trail(obj) -> list[tuple[str, str]]:
    """Return the breadcrumb trail from the areas page down to ``obj`` (inclusive)."""
    if obj is None:
        return [("Areas", reverse("home"))]
    if isinstance(obj, Area):
        parent, label = None, obj.name
    elif isinstance(obj, Board):
        parent, label = obj.area, obj.short_name
    elif isinstance(obj, Subgroup):
        parent, label = obj.board, obj.name
    elif isinstance(obj, (Meeting, Membership)):
        parent = obj.board if obj.board_id else obj.subgroup
        label = date_format(obj.date) if isinstance(obj, Meeting) else str(obj.person)
    elif isinstance(obj, Priority):
        parent, label = obj.board, obj.title
    else:  # records of an area: organisations, people, post holders
        parent, label = obj.area, str(obj)
    return [*trail(parent), (label, obj.get_absolute_url())]


# --- the four kinds of page -------------------------------------------------------------


class RecordListView(ListView):
    """A paginated, searchable list, narrowed by the policy before anything else.

    ``search_fields`` are matched case-insensitively. ``list_filters`` map a query
    parameter (``?board=3``) to the lookups that tie a row to that record.
    """

    model = None
    list_selector: Callable = None
    paginate_by = 25
    search_fields: tuple[str, ...] = ()
    list_filters: dict[str, tuple[type, tuple[str, ...]]] = {}
    template_name = "boards/record_list.html"
    columns: tuple[tuple[str, str], ...] = ()
    add_label = ""

    def get_queryset(self):
        qs = type(self).list_selector(user=self.request.user)
        self.query = self.request.GET.get("q", "").strip()[:100]
        if self.query and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": self.query})
            qs = qs.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))
        self.filtered_by = None
        self.filter_params: dict[str, str] = {}
        for param, (model, lookups) in self.list_filters.items():
            key = self.request.GET.get(param, "")
            if not key.isdigit():
                continue
            target = permissions.visible_to(self.request.user, model).filter(pk=key).first()
            if target is None:
                raise Http404("No such record.")
            condition = Q()
            for lookup in lookups:
                condition |= Q(**{lookup: target})
            qs = qs.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))
            self.filtered_by = target
            self.filter_params[param] = key
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        params = dict(self.filter_params)
        if self.query:
            params["q"] = self.query
        add_url = reverse(f"boards:{meta.model_name}_create")
        if self.filter_params:
            add_url += "?" + urlencode(self.filter_params)
        ctx.update(
            page_title=meta.verbose_name_plural.capitalize(),
            query=self.query,
            query_string=urlencode(params),
            filter_query_string=urlencode(self.filter_params),
            filtered_by=self.filtered_by,
            columns=self.columns,
            can_add=permissions.can_create(self.request.user, self.model, self.filtered_by),
            add_url=add_url,
            add_label=self.add_label or f"Add {an(meta.verbose_name)}",
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
            breadcrumbs=trail(self.filtered_by) if self.filtered_by else trail(None),
        )
        return ctx


class RecordDetailView(DetailView):
    """One record's page. Another area's record is a 404, as if it did not exist."""

    model = None
    list_selector: Callable = None
    get_selector: Callable | None = None

    def get_template_names(self):
        return [f"boards/{self.model._meta.model_name}_detail.html"]

    def get_object(self, queryset=None):
        user, pk = self.request.user, self.kwargs["pk"]
        if self.get_selector is not None:
            obj = type(self).get_selector(user=user, pk=pk)
        else:
            obj = type(self).list_selector(user=user).filter(pk=pk).first()
        if obj is None:
            raise Http404("No such record.")
        return obj

    def may_add(self, model, parent) -> bool:
        return permissions.can_create(self.request.user, model, parent)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        name = self.model._meta.model_name
        ctx.update(
            page_title=str(obj),
            can_edit=permissions.can_edit(self.request.user, obj),
            delete_url=reverse(f"boards:{name}_delete", kwargs={"pk": obj.pk})
            if name in DELETABLE
            else None,
            edit_url=reverse(f"boards:{name}_update", kwargs={"pk": obj.pk}),
            history=obj.history.select_related("history_user").order_by("-history_date")[:10],
            breadcrumbs=trail(obj)[:-1],
        )
        return ctx


class ServiceFormMixin:
    """Save through the services layer; turn refusals into form errors, never a 500."""

    template_name = "boards/record_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs.update(self.form_context())
        return kwargs

    def form_context(self) -> dict:
        return {}

    def save(self, form):
        raise NotImplementedError

    def m2m_values(self, form) -> dict:
        names = {f.name for f in self.model._meta.many_to_many}
        return {name: form.cleaned_data[name] for name in form.fields if name in names}

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            form.add_validation_error(exc)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.page_heading()
        ctx["cancel_url"] = self.cancel_url()
        ctx["breadcrumbs"] = self.breadcrumbs()
        return ctx


class RecordCreateView(ServiceFormMixin, CreateView):
    """Add a record, optionally under ``?area=``, ``?board=`` or ``?subgroup=``.

    The parent is checked against the policy before the page is shown: another area's
    parent is a 404; a parent the user may not add to is a 403.
    """

    #: which of ``area``, ``board`` and ``subgroup`` this page accepts as its context
    context_params: tuple[str, ...] = ()
    _PARAM_MODELS = {"area": Area, "board": Board, "subgroup": Subgroup}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.context_objects: dict[str, object] = {}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            for param in self.context_params:
                key = request.GET.get(param, "")
                if not key:
                    continue
                model = self._PARAM_MODELS[param]
                found = (
                    permissions.visible_to(request.user, model).filter(pk=key).first()
                    if key.isdigit()
                    else None
                )
                if found is None:
                    raise Http404("No such record.")
                self.context_objects[param] = found
            if not permissions.can_create(request.user, self.model, self.parent()):
                raise PermissionDenied("You cannot add records here.")
        return super().dispatch(request, *args, **kwargs)

    def parent(self):
        """Return the most specific context record: a subgroup, a board or an area."""
        for param in ("subgroup", "board", "area"):
            if param in self.context_objects:
                return self.context_objects[param]
        return None

    def form_context(self) -> dict:
        return dict(self.context_objects)

    def save(self, form):
        return services.record_create(
            actor=self.request.user,
            instance=form.save(commit=False),
            m2m=self.m2m_values(form),
            reason="Created",
        )

    def success_message(self) -> str:
        return f"{self.model._meta.verbose_name.capitalize()} added."

    def page_heading(self) -> str:
        return self.heading or f"Add {an(self.model._meta.verbose_name)}"

    heading = ""

    def cancel_url(self) -> str:
        parent = self.parent()
        if parent is not None:
            return parent.get_absolute_url()
        return reverse(f"boards:{self.model._meta.model_name}_list")

    def breadcrumbs(self):
        parent = self.parent()
        return trail(parent) if parent is not None else trail(None)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        parent = self.parent()
        ctx["caption"] = str(parent) if parent is not None else ""
        return ctx


class RecordUpdateView(ServiceFormMixin, UpdateView):
    """Change a record the user may edit; a record they may only read answers 403."""

    list_selector: Callable = None

    def get_object(self, queryset=None):
        obj = type(self).list_selector(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404("No such record.")
        if not permissions.can_edit(self.request.user, obj):
            raise PermissionDenied("You cannot change this record.")
        return obj

    def save(self, form):
        return services.record_update(
            actor=self.request.user,
            instance=form.save(commit=False),
            m2m=self.m2m_values(form),
            reason="Changed",
        )

    def success_message(self) -> str:
        return "Your changes have been saved."

    def page_heading(self) -> str:
        return f"Change {self.model._meta.verbose_name}"

    def cancel_url(self) -> str:
        return self.object.get_absolute_url()

    def breadcrumbs(self):
        return trail(self.object)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["caption"] = str(self.object)
        return ctx


class RecordDeleteView(FormView):
    """Ask, then delete a record the user may change, and go back to where it belonged."""

    model = None
    list_selector: Callable = None
    template_name = "boards/record_confirm_delete.html"
    form_class = forms.ConfirmForm
    #: what else goes with the record, said on the confirmation page
    consequence = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            obj = type(self).list_selector(user=request.user).filter(pk=kwargs["pk"]).first()
            if obj is None:
                raise Http404("No such record.")
            if not permissions.can_delete(request.user, obj):
                raise PermissionDenied("You cannot delete this record.")
            self.object = obj
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        back = trail(self.object)[-2][1]
        name = self.model._meta.verbose_name.capitalize()
        try:
            services.record_delete(actor=self.request.user, instance=self.object)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, f"{name} deleted.")
        return HttpResponseRedirect(back)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            object=self.object,
            page_title=f"Delete this {self.model._meta.verbose_name}?",
            caption=str(self.object),
            consequence=self.consequence,
            cancel_url=self.object.get_absolute_url(),
            breadcrumbs=trail(self.object),
        )
        return ctx


# --- home and areas ---------------------------------------------------------------------


class HomeView(TemplateView):
    template_name = "boards/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["areas"] = selectors.area_list(user=self.request.user)
        ctx["page_title"] = "Your areas"
        return ctx


class AreaDetailView(DetailView):
    """An area's boards and how they relate, and who holds its named posts."""

    template_name = "boards/area_detail.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        area = selectors.area_get(user=self.request.user, slug=self.kwargs["slug"])
        if area is None:
            raise Http404("No such area.")
        return area

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        area, user = self.object, self.request.user
        ctx.update(selectors.area_overview(area=area, user=user))
        ctx.update(
            page_title=area.name,
            breadcrumbs=trail(None),
            can_add_board=permissions.can_create(user, Board, area),
            can_add_person=permissions.can_create(user, Person, area),
            can_add_organisation=permissions.can_create(user, Organisation, area),
            can_add_post=permissions.can_create(user, Post, area),
        )
        return ctx


# --- boards -----------------------------------------------------------------------------


class BoardListView(RecordListView):
    model = Board
    list_selector = selectors.board_list
    search_fields = ("name", "short_name", "area__name")
    list_filters = {"area": (Area, ("area", "additional_areas"))}
    columns = (
        ("name", "Board"),
        ("short_name", "Short name"),
        ("get_kind_display", "Kind"),
        ("area", "Host area"),
    )


class BoardDetailView(RecordDetailView):
    model = Board
    get_selector = selectors.board_get

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        board = self.object
        ctx.update(
            can_add_member=self.may_add(Membership, board),
            can_add_subgroup=self.may_add(Subgroup, board),
            can_add_priority=self.may_add(Priority, board),
            can_add_meeting=self.may_add(Meeting, board),
        )
        return ctx


class BoardCreateView(RecordCreateView):
    model = Board
    form_class = forms.BoardForm
    context_params = ("area",)


class BoardUpdateView(RecordUpdateView):
    model = Board
    form_class = forms.BoardForm
    list_selector = selectors.board_list


# --- organisations, people and post holders: records of an area ----------------------


class OrganisationListView(RecordListView):
    model = Organisation
    list_selector = selectors.organisation_list
    search_fields = ("name",)
    list_filters = {"area": (Area, ("area",))}
    columns = (("name", "Organisation"), ("get_kind_display", "Kind"), ("area", "Area"))


class OrganisationDetailView(RecordDetailView):
    model = Organisation
    get_selector = selectors.organisation_get


class OrganisationCreateView(RecordCreateView):
    model = Organisation
    form_class = forms.OrganisationForm
    context_params = ("area",)


class OrganisationUpdateView(RecordUpdateView):
    model = Organisation
    form_class = forms.OrganisationForm
    list_selector = selectors.organisation_list


class PersonListView(RecordListView):
    model = Person
    list_selector = selectors.person_list
    search_fields = ("full_name", "job_title", "email")
    list_filters = {"area": (Area, ("area",))}
    columns = (("__str__", "Name"), ("job_title", "Job title"), ("area", "Area"))


class PersonDetailView(RecordDetailView):
    model = Person
    get_selector = selectors.person_get


class PersonCreateView(RecordCreateView):
    model = Person
    form_class = forms.PersonForm
    context_params = ("area",)


class PersonUpdateView(RecordUpdateView):
    model = Person
    form_class = forms.PersonForm
    list_selector = selectors.person_list


class PostListView(RecordListView):
    model = Post
    list_selector = selectors.post_list
    search_fields = ("title", "kind", "holder__full_name")
    list_filters = {"area": (Area, ("area",))}
    columns = (("display_title", "Post"), ("holder", "Current holder"), ("area", "Area"))


class PostDetailView(RecordDetailView):
    model = Post
    list_selector = selectors.post_list


class PostDeleteView(RecordDeleteView):
    model = Post
    list_selector = selectors.post_list


class PostCreateView(RecordCreateView):
    model = Post
    form_class = forms.PostForm
    context_params = ("area",)


class PostUpdateView(RecordUpdateView):
    model = Post
    form_class = forms.PostForm
    list_selector = selectors.post_list


# --- subgroups, memberships, priorities and meetings: records of a board ---------------

_OF_BOARD = {"board": (Board, ("board",))}
_OF_BOARD_OR_SUBGROUP = {
    "board": (Board, ("board", "subgroup__board")),
    "subgroup": (Subgroup, ("subgroup",)),
}


class SubgroupDeleteView(RecordDeleteView):
    model = Subgroup
    list_selector = selectors.subgroup_list
    consequence = "Its memberships and meetings will be deleted with it."


class SubgroupListView(RecordListView):
    model = Subgroup
    list_selector = selectors.subgroup_list
    search_fields = ("name", "board__name", "board__short_name")
    list_filters = _OF_BOARD
    columns = (
        ("name", "Subgroup"),
        ("board", "Board"),
        ("get_kind_display", "Kind"),
        ("chair", "Chair"),
    )


class SubgroupDetailView(RecordDetailView):
    model = Subgroup
    get_selector = selectors.subgroup_get

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            can_add_member=self.may_add(Membership, self.object),
            can_add_meeting=self.may_add(Meeting, self.object),
        )
        return ctx


class SubgroupCreateView(RecordCreateView):
    model = Subgroup
    form_class = forms.SubgroupForm
    context_params = ("board",)


class SubgroupUpdateView(RecordUpdateView):
    model = Subgroup
    form_class = forms.SubgroupForm
    list_selector = selectors.subgroup_list


class MembershipListView(RecordListView):
    model = Membership
    add_label = "Add a member"
    list_selector = selectors.membership_list
    search_fields = ("person__full_name", "board__name", "board__short_name", "subgroup__name")
    list_filters = _OF_BOARD_OR_SUBGROUP
    columns = (
        ("get_role_display", "Role"),
        ("person", "Person"),
        ("body", "Board or subgroup"),
        ("organisation", "Organisation"),
        ("end_date", "Until"),
    )


class MembershipDetailView(RecordDetailView):
    model = Membership
    list_selector = selectors.membership_list


class MembershipDeleteView(RecordDeleteView):
    model = Membership
    list_selector = selectors.membership_list
    consequence = (
        "To record that someone has left, change the membership's end date instead: "
        "deleting it removes it from the record of who sat on the board."
    )


class MembershipCreateView(RecordCreateView):
    model = Membership
    form_class = forms.MembershipForm
    context_params = ("board", "subgroup")
    heading = "Add a member"


class MembershipUpdateView(RecordUpdateView):
    model = Membership
    form_class = forms.MembershipForm
    list_selector = selectors.membership_list


class PriorityListView(RecordListView):
    model = Priority
    list_selector = selectors.priority_list
    search_fields = ("title", "board__name", "board__short_name")
    list_filters = _OF_BOARD
    columns = (("title", "Priority"), ("board", "Board"), ("period", "Period"))


class PriorityDetailView(RecordDetailView):
    model = Priority
    list_selector = selectors.priority_list


class PriorityDeleteView(RecordDeleteView):
    model = Priority
    list_selector = selectors.priority_list


class PriorityCreateView(RecordCreateView):
    model = Priority
    form_class = forms.PriorityForm
    context_params = ("board",)


class PriorityUpdateView(RecordUpdateView):
    model = Priority
    form_class = forms.PriorityForm
    list_selector = selectors.priority_list


class MeetingListView(RecordListView):
    model = Meeting
    add_label = "Schedule a meeting"
    list_selector = selectors.meeting_list
    search_fields = ("board__name", "board__short_name", "subgroup__name", "place")
    list_filters = _OF_BOARD_OR_SUBGROUP
    columns = (
        ("date", "Date"),
        ("body", "Board or subgroup"),
        ("get_status_display", "Status"),
        ("place", "Place"),
    )


class MeetingDetailView(RecordDetailView):
    model = Meeting
    list_selector = selectors.meeting_list


class MeetingDeleteView(RecordDeleteView):
    model = Meeting
    list_selector = selectors.meeting_list
    consequence = "To record that a meeting will not happen, change its status to cancelled."


class MeetingCreateView(RecordCreateView):
    model = Meeting
    form_class = forms.MeetingForm
    context_params = ("board", "subgroup")
    heading = "Schedule a meeting"


class MeetingUpdateView(RecordUpdateView):
    model = Meeting
    form_class = forms.MeetingForm
    list_selector = selectors.meeting_list
