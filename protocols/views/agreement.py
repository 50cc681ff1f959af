"""Agreeing a version: a party board's approval, and a signatory's signature."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from boards.models import Meeting

from .. import forms as protocol_forms
from .. import permissions, selectors, services
from ..models import Party
from ._base import READ_ONLY, ServiceFormView, VersionMixin, client_ip, is_party_officer


class PartyBoardMixin(VersionMixin):
    """The page is about one party board of the version (from ``board_pk``)."""

    def load_version(self):
        super().load_version()
        self.party = get_object_or_404(
            Party.objects.select_related("board"),
            version=self.version,
            board_id=self.kwargs["board_pk"],
        )
        self.board = self.party.board

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "board": self.board}


class ApprovalCreateView(PartyBoardMixin, ServiceFormView):
    """Record that a party board approved the version: when, where and minuted how."""

    form_class = protocol_forms.ApprovalForm
    template_name = "protocols/approval_form.html"

    def may_open(self) -> bool:
        return is_party_officer(self.request.user, self.version, [self.board.pk])

    def get_page_title(self) -> str:
        return f"Record the {self.board.short_name}'s approval"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["meetings"] = Meeting.objects.filter(board=self.board).order_by("-date")
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        return services.approval_record(
            actor=self.request.user,
            version=self.version,
            board=self.board,
            decided_on=data["decided_on"],
            decided_by=data["decided_by"],
            meeting=data["meeting"],
            minute_reference=data["minute_reference"],
        )

    @property
    def success_message(self):
        return f"The {self.board.short_name}'s approval is recorded."

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#approvals"


class SignatureCreateView(PartyBoardMixin, ServiceFormView):
    """Sign a version for a board: shows exactly what is signed, then asks for the password."""

    form_class = protocol_forms.SignatureForm
    template_name = "protocols/signature_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.load_version()
        capacities = [
            s
            for s in permissions.signing_capacities(request.user, self.version)
            if s.board.pk == self.board.pk
        ]
        if not capacities:
            raise PermissionDenied(READ_ONLY)
        self.signatory = capacities[0]
        # VersionMixin.dispatch would load the version again.
        return ServiceFormView.dispatch(self, request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Sign version {self.version.number} for the {self.board.short_name}"

    def perform(self, form):
        return services.signature_add(
            actor=self.request.user,
            version=self.version,
            board=self.board,
            password=form.cleaned_data["password"],
            ip_address=client_ip(self.request),
            user_agent=self.request.META.get("HTTP_USER_AGENT", ""),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            protocol=self.protocol,
            version=self.version,
            board=self.board,
            signatory=self.signatory,
            content_hash=selectors.current_content_hash(self.version),
        )
        return ctx

    @property
    def success_message(self):
        return f"You have signed version {self.version.number} for the {self.board.short_name}."

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#signatures"
