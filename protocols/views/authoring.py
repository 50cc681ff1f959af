"""Writing a version: its title and purpose, parties, sections, obligations, post
holders' responsibilities and resolution ladder.

Only a party board's business manager may open these pages (anyone else who can see the
protocol gets a 403). A version past consultation still opens, with a notice; a change
sent to it is refused by the service, and its sentence is shown on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import View

from boards.exceptions import DomainError
from boards.models import Person, Post

from .. import forms as protocol_forms
from .. import lifecycle, services
from ..exceptions import StaleEditError
from ..models import LadderStep, Obligation, Party, PostResponsibility, Section
from ..timing import TimingRuleError
from ..timing_forms import FORM_FIELDS, TimingRuleForm, initial_from_rule
from ._base import (
    ServiceFormView,
    VersionMixin,
    add_errors,
    error_list,
    is_party_manager,
)
from ._document import obligation_label

#: a service names the owing and receiving sides by board or post; the form has one field each
OBLIGATION_FIELDS = {
    "owing_board": "owed_by",
    "owing_post": "owed_by",
    "receiving_board": "owed_to",
    "receiving_post": "owed_to",
}


def frozen_notice(version) -> str:
    return (
        f"This version is {lifecycle.STATE_PHRASES[version.status]}, so its content can no "
        "longer be changed."
    )


class AuthoringMixin(VersionMixin):
    def may_open(self) -> bool:
        return is_party_manager(self.request.user, self.version)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not self.version.is_editable:
            ctx["notice"] = frozen_notice(self.version)
        return ctx


def area_posts(version):
    return Post.objects.filter(area_id=version.protocol.area_id).select_related("holder")


# --- title and purpose, parties --------------------------------------------------------


class VersionUpdateView(AuthoringMixin, ServiceFormView):
    form_class = protocol_forms.VersionForm
    page_title = "Change the title and purpose"

    def get_initial(self):
        return {"title": self.version.title, "purpose": self.version.purpose}

    def perform(self, form):
        return services.version_update(
            actor=self.request.user,
            version=self.version,
            title=form.cleaned_data["title"],
            purpose=form.cleaned_data["purpose"],
        )


class PartyUpdateView(AuthoringMixin, ServiceFormView):
    form_class = protocol_forms.PartyForm

    def load_version(self):
        super().load_version()
        self.party = get_object_or_404(
            Party.objects.select_related("board"), pk=self.kwargs["party_pk"], version=self.version
        )

    def get_page_title(self) -> str:
        return f"Change the {self.party.board.short_name}'s lead officer and signatory"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        board = self.party.board
        areas = {self.version.protocol.area_id, board.area_id}
        kwargs["people"] = Person.objects.filter(area_id__in=areas).order_by("full_name")
        kwargs["posts"] = Post.objects.filter(area_id__in=areas).select_related("holder")
        return kwargs

    def get_initial(self):
        return {
            "lead_officer": self.party.lead_officer_id,
            "signatory_kind": self.party.signatory_kind,
            "signatory_post": self.party.signatory_post_id,
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.party_update(
            actor=self.request.user,
            party=self.party,
            lead_officer=data["lead_officer"],
            signatory_kind=data["signatory_kind"],
            signatory_post=data["signatory_post"],
        )

    success_message = "Party details saved."


# --- sections --------------------------------------------------------------------------


class SectionCreateView(AuthoringMixin, ServiceFormView):
    form_class = protocol_forms.SectionForm
    page_title = "Add a section"
    success_message = "Section added."

    def get_initial(self):
        return {"kind": Section.Kind.TEXT}

    def perform(self, form):
        data = form.cleaned_data
        return services.section_add(
            actor=self.request.user,
            version=self.version,
            heading=data["heading"],
            body=data["body"],
            kind=data["kind"],
        )

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#section-{self.result.number}"


class SectionUpdateView(AuthoringMixin, ServiceFormView):
    """Change a section's heading and text; a save that lost a race shows both texts."""

    form_class = protocol_forms.SectionForm
    template_name = "protocols/section_form.html"
    success_message = "Section saved."

    def load_version(self):
        super().load_version()
        self.section = get_object_or_404(
            Section, pk=self.kwargs["section_pk"], version=self.version
        )

    def get_page_title(self) -> str:
        return f"Change section {self.section.number}"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The kind shapes what else the section holds, so it is chosen only when adding.
        del form.fields["kind"]
        return form

    def get_initial(self):
        return {
            "heading": self.section.heading,
            "body": self.section.body,
            "revision": self.section.revision,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.result = services.section_update(
                actor=self.request.user,
                section=self.section,
                heading=data["heading"],
                body=data["body"],
                revision=data["revision"] or 0,
            )
        except StaleEditError as exc:
            return self.conflict(form, exc)
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(
            f"{self.version.get_absolute_url()}#section-{self.section.number}"
        )

    def conflict(self, form, exc):
        """Keep the user's text in the form, show the saved text beside it, and let the
        next save (made knowing both) go ahead from the current revision."""
        current = Section.objects.get(pk=self.section.pk)
        data = self.request.POST.copy()
        data[form.add_prefix("revision")] = str(current.revision)
        kwargs = self.get_form_kwargs()
        kwargs["data"] = data
        rebound = self.get_form_class()(**kwargs)
        del rebound.fields["kind"]
        rebound.is_valid()
        rebound.add_error(None, exc.message)
        return self.render_to_response(
            self.get_context_data(
                form=rebound,
                conflict={
                    "mine_heading": form.cleaned_data["heading"],
                    "mine_body": form.cleaned_data["body"],
                    "current": current,
                },
            )
        )


class SectionMoveView(AuthoringMixin, View):
    """Move a section up or down (buttons on the version page, so POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        section = get_object_or_404(Section, pk=self.kwargs["section_pk"], version=self.version)
        try:
            moved = services.section_move(
                actor=request.user, section=section, direction=request.POST.get("direction", "")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(
                f"{self.version.get_absolute_url()}#section-{section.order}"
            )
        messages.success(request, f"Section moved to number {moved.order}.")
        return HttpResponseRedirect(f"{self.version.get_absolute_url()}#section-{moved.order}")


class DeleteView(AuthoringMixin, ServiceFormView):
    """Ask before deleting; a refusal (something still depends on it) is shown here."""

    template_name = "protocols/confirm_delete.html"
    form_class = protocol_forms.ConfirmForm
    success_message = "Deleted."
    noun = ""

    def get_object(self):
        raise NotImplementedError

    def load_version(self):
        super().load_version()
        self.object = self.get_object()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["label"] = f"Delete this {self.noun}"
        return kwargs

    def get_page_title(self) -> str:
        return f"Are you sure you want to delete this {self.noun}?"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        ctx["noun"] = self.noun
        return ctx


class SectionDeleteView(DeleteView):
    noun = "section"
    success_message = "Section deleted. The sections after it have been renumbered."

    def get_object(self):
        return get_object_or_404(Section, pk=self.kwargs["section_pk"], version=self.version)

    def perform(self, form):
        services.section_delete(actor=self.request.user, section=self.object)


# --- obligations -----------------------------------------------------------------------


class ObligationFormMixin(AuthoringMixin):
    """The obligation's who, what and to whom, and beside it the timing rule form."""

    form_class = protocol_forms.ObligationForm
    template_name = "protocols/obligation_form.html"
    obligation = None

    def party_boards(self):
        return [p.board for p in self.version.parties.all()]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sections"] = self.version.sections.order_by("order")
        kwargs["boards"] = self.party_boards()
        kwargs["posts"] = list(
            Post.objects.filter(area_id=self.version.protocol.area_id).order_by("kind", "title")
        )
        return kwargs

    def timing_form(self):
        if not hasattr(self, "_timing_form"):
            others = [
                (str(o.key), obligation_label(o.description))
                for o in self.version.obligations.all()
                if self.obligation is None or o.pk != self.obligation.pk
            ]
            data = self.request.POST if self.request.method == "POST" else None
            form = TimingRuleForm(
                data,
                prefix="timing",
                boards=[(b.pk, b.short_name) for b in self.party_boards()],
                obligations=others,
            )
            if data is None and self.obligation is not None and self.obligation.timing:
                try:
                    form.initial.update(initial_from_rule(self.obligation.timing))
                except TimingRuleError as exc:
                    self.timing_notice = exc.message
            self._timing_form = form
        return self._timing_form

    def form_valid(self, form):
        timing_form = self.timing_form()
        if not timing_form.is_valid():
            return self.form_invalid(form)
        try:
            self.result = self.save(form, timing_form.rule)
        except (DomainError, ValidationError) as exc:
            self.put_errors(form, timing_form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        self.timing_form().is_valid()
        return super().form_invalid(form)

    def put_errors(self, form, timing_form, exc) -> None:
        field = getattr(exc, "field", None)
        if field == "timing":
            kind = timing_form.cleaned_data.get("kind", "")
            target = FORM_FIELDS.get(kind, {}).get(getattr(exc, "path", None) or "")
            timing_form.add_error(target, exc.message)
            return
        if field in OBLIGATION_FIELDS:
            form.add_error(OBLIGATION_FIELDS[field], exc.message)
            return
        add_errors(form, exc)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["timing_form"] = self.timing_form()
        ctx["timing_notice"] = getattr(self, "timing_notice", "")
        ctx["errors"] = error_list(ctx["form"], self.timing_form())
        return ctx

    def get_success_url(self):
        section = self.result.section
        anchor = f"#section-{section.number}" if section is not None else "#obligations"
        return f"{self.version.get_absolute_url()}{anchor}"


class ObligationCreateView(ObligationFormMixin, ServiceFormView):
    page_title = "Add an obligation"
    success_message = "Obligation added."

    def get_initial(self):
        section = self.request.GET.get("section", "")
        return {"section": int(section)} if section.isdigit() else {}

    def save(self, form, rule):
        return services.obligation_add(
            actor=self.request.user,
            version=self.version,
            timing=rule,
            **form.service_arguments(),
        )


class ObligationUpdateView(ObligationFormMixin, ServiceFormView):
    page_title = "Change the obligation"
    success_message = "Obligation saved."

    def load_version(self):
        super().load_version()
        self.obligation = get_object_or_404(
            Obligation, pk=self.kwargs["obligation_pk"], version=self.version
        )

    def get_initial(self):
        return protocol_forms.ObligationForm.initial_for(self.obligation)

    def save(self, form, rule):
        return services.obligation_update(
            actor=self.request.user,
            obligation=self.obligation,
            timing=rule,
            **form.service_arguments(),
        )


class ObligationDeleteView(DeleteView):
    noun = "obligation"
    success_message = "Obligation deleted."

    def get_object(self):
        return get_object_or_404(Obligation, pk=self.kwargs["obligation_pk"], version=self.version)

    def perform(self, form):
        services.obligation_delete(actor=self.request.user, obligation=self.object)


# --- post holders' responsibilities ----------------------------------------------------


class PostResponsibilityMixin(AuthoringMixin):
    form_class = protocol_forms.PostResponsibilityForm

    def load_version(self):
        super().load_version()
        self.section = get_object_or_404(
            Section, pk=self.kwargs["section_pk"], version=self.version
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["posts"] = area_posts(self.version).order_by("kind", "title")
        return kwargs

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#section-{self.section.number}"


class PostResponsibilityCreateView(PostResponsibilityMixin, ServiceFormView):
    success_message = "Post holder added."

    def get_page_title(self) -> str:
        return f"Add a post holder to section {self.section.number}"

    def perform(self, form):
        data = form.cleaned_data
        return services.post_responsibility_add(
            actor=self.request.user,
            section=self.section,
            post=data["post"],
            post_title=data["post_title"],
            responsibilities=data["responsibilities"],
        )


class PostResponsibilityUpdateView(PostResponsibilityMixin, ServiceFormView):
    success_message = "Post holder's responsibilities saved."
    page_title = "Change a post holder's responsibilities"

    def load_version(self):
        super().load_version()
        self.responsibility = get_object_or_404(
            PostResponsibility, pk=self.kwargs["responsibility_pk"], section=self.section
        )

    def get_initial(self):
        r = self.responsibility
        return {
            "post": r.post_id,
            "post_title": r.post_title,
            "responsibilities": r.responsibilities,
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.post_responsibility_update(
            actor=self.request.user,
            responsibility=self.responsibility,
            post=data["post"],
            post_title=data["post_title"],
            responsibilities=data["responsibilities"],
        )


class PostResponsibilityDeleteView(DeleteView):
    noun = "post holder"
    success_message = "Post holder removed."

    def get_object(self):
        return get_object_or_404(
            PostResponsibility,
            pk=self.kwargs["responsibility_pk"],
            section__pk=self.kwargs["section_pk"],
            section__version=self.version,
        )

    def perform(self, form):
        services.post_responsibility_delete(actor=self.request.user, responsibility=self.object)


# --- the resolution ladder -------------------------------------------------------------


class LadderStepCreateView(AuthoringMixin, ServiceFormView):
    form_class = protocol_forms.LadderStepForm
    page_title = "Add a step to the resolution process"
    success_message = "Step added."

    def perform(self, form):
        return services.ladder_step_add(
            actor=self.request.user,
            version=self.version,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#ladder"


class LadderStepUpdateView(AuthoringMixin, ServiceFormView):
    form_class = protocol_forms.LadderStepForm
    success_message = "Step saved."

    def load_version(self):
        super().load_version()
        self.step = get_object_or_404(LadderStep, pk=self.kwargs["step_pk"], version=self.version)

    def get_page_title(self) -> str:
        return f"Change step {self.step.order} of the resolution process"

    def get_initial(self):
        return {"title": self.step.title, "description": self.step.description}

    def perform(self, form):
        return services.ladder_step_update(
            actor=self.request.user,
            step=self.step,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#ladder"


class LadderStepDeleteView(DeleteView):
    noun = "step"
    success_message = "Step deleted. The steps above it have been renumbered."

    def get_object(self):
        return get_object_or_404(LadderStep, pk=self.kwargs["step_pk"], version=self.version)

    def perform(self, form):
        services.ladder_step_delete(actor=self.request.user, step=self.object)

    def get_success_url(self):
        return f"{self.version.get_absolute_url()}#ladder"
