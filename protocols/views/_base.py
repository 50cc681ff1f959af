"""What every protocol page shares: finding the version, deciding who may open a page,
and turning a service's refusal into a GOV.UK error instead of a 500."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import FormView

from boards import permissions as policy
from boards.exceptions import DomainError

from .. import permissions, selectors
from ..models import Protocol, ProtocolVersion

READ_ONLY = "You cannot change this protocol."


def error_list(*forms) -> list[tuple[str, str]]:
    """Return (link target, message) for every error on the forms, in page order.

    Radios and checkboxes have no element with the field's own id, so the link goes to
    the first option, where the GOV.UK pattern puts the focus.
    """
    errors: list[tuple[str, str]] = []
    for form in forms:
        if form is None or not form.is_bound or not form.errors:
            continue
        visible = form.visible_fields()
        first = visible[0] if visible else None
        for message in form.non_field_errors():
            errors.append((_anchor(first) if first is not None else "main-content", message))
        for field in visible:
            for message in field.errors:
                errors.append((_anchor(field), message))
        for field in form.hidden_fields():
            for message in field.errors:
                errors.append((_anchor(first) if first is not None else "main-content", message))
    return errors


def _anchor(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, django_forms.RadioSelect | django_forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return bound_field.auto_id


def add_errors(form, exc: Exception) -> None:
    """Put a service's refusal (a ``DomainError`` or a ``ValidationError``) on ``form``."""
    if isinstance(exc, ValidationError):
        pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
        for field, messages_ in pairs:
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
        return
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, exc.message)


def is_party_manager(user, version: ProtocolVersion) -> bool:
    """Whether the user manages a party board (or is a superuser): the authors."""
    who = policy.principal(user)
    return who.is_superuser or bool(who.managed_board_ids & permissions.party_board_ids(version))


def is_party_officer(user, version: ProtocolVersion, board_ids=None) -> bool:
    """Whether the user chairs or manages a party board (or ``board_ids``), or is a superuser."""
    who = policy.principal(user)
    if who.is_superuser:
        return True
    boards = set(board_ids) if board_ids is not None else permissions.party_board_ids(version)
    return bool((who.chaired_board_ids | who.managed_board_ids) & boards)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class VersionMixin:
    """Load ``self.protocol`` and ``self.version`` from the URL; another area's is a 404.

    ``permission`` is checked once the version is known: a signed-in reader who may see
    the protocol but not do this gets a 403.
    """

    def load_version(self):
        self.protocol = selectors.protocol_get(user=self.request.user, pk=self.kwargs["pk"])
        self.version = selectors.version_get(
            user=self.request.user, protocol=self.protocol, number=self.kwargs["number"]
        )

    def may_open(self) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        self.load_version()
        if not self.may_open():
            raise PermissionDenied(READ_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(protocol=self.protocol, version=self.version)
        return ctx


def version_object(request, model, *, pk: int, via: str = "version"):
    """Return a row of ``model`` in a version the user may see, with its version loaded.

    ``via`` is the path from the row to its version (``section__version`` for a post
    holder's responsibilities).
    """
    visible = policy.visible_to(request.user, Protocol)
    lookup = {f"{via}__protocol__in": visible}
    related = [f"{via}__protocol"] if via else []
    return get_object_or_404(model.objects.select_related(*related), pk=pk, **lookup)


class ServiceFormView(FormView):
    """A form whose valid data goes to one service; its refusals come back as errors."""

    template_name = "protocols/form.html"
    success_message = "Saved."
    page_title = ""
    caption = ""

    def perform(self, form):
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.version.get_absolute_url()

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx.get("form")
        ctx.setdefault("errors", error_list(form))
        ctx.setdefault("page_title", self.get_page_title())
        ctx.setdefault("caption", self.get_caption())
        ctx.setdefault("cancel_url", self.get_cancel_url())
        return ctx

    def get_page_title(self) -> str:
        return self.page_title

    def get_caption(self) -> str:
        version = getattr(self, "version", None)
        if self.caption or version is None:
            return self.caption
        return f"{version.title}, version {version.number}"

    def get_cancel_url(self) -> str:
        version = getattr(self, "version", None)
        return version.get_absolute_url() if version is not None else ""


def int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such page.") from None
