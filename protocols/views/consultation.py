"""Consultation: comments on each section, threaded, until someone resolves them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView, View

from boards.exceptions import DomainError

from .. import permissions, services
from ..forms import CommentForm
from ..models import Comment, Section
from ._base import VersionMixin, add_errors, error_list


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)
    can_resolve: bool = False
    form: CommentForm | None = None


@dataclass
class SectionThreads:
    section: Section | None
    threads: list[Thread] = field(default_factory=list)
    form: CommentForm | None = None

    @property
    def anchor(self) -> str:
        return f"comments-{self.section.number}" if self.section else "comments-general"

    @property
    def open_count(self) -> int:
        return sum(1 for t in self.threads if not t.comment.is_resolved)


def _target(data) -> tuple[str, str]:
    """Which form on the page a POST came from: a reply to a thread, or a new comment."""
    parent = (data.get("parent") or "").strip()
    if parent:
        return ("parent", parent)
    return ("section", (data.get("section") or "").strip())


class CommentListView(VersionMixin, TemplateView):
    """Every section with its comment threads; a form to comment on each, and to reply."""

    template_name = "protocols/comment_list.html"

    def post(self, request, *args, **kwargs):
        kind, key = _target(request.POST)
        key = key if key.isdigit() else ""
        auto_id = f"id_reply{key}_%s" if kind == "parent" and key else f"id_s{key or 'general'}_%s"
        form = self.make_form(data=request.POST, auto_id=auto_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                comment = services.comment_add(
                    actor=request.user,
                    version=self.version,
                    section=data["section"],
                    body=data["body"],
                    parent=data["parent"],
                )
            except (DomainError, ValidationError) as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Comment added.")
                anchor = (
                    f"comments-{comment.section.number}" if comment.section else "comments-general"
                )
                return HttpResponseRedirect(f"{self.comments_url()}#{anchor}")
        return self.render_to_response(self.get_context_data(bound=form), status=200)

    def comments_url(self) -> str:
        return reverse(
            "protocols:comment_list",
            kwargs={"pk": self.protocol.pk, "number": self.version.number},
        )

    def make_form(self, *, data=None, initial=None, auto_id="id_%s", label=None) -> CommentForm:
        sections = Section.objects.filter(version=self.version)
        comments = Comment.objects.filter(version=self.version, parent__isnull=True)
        return CommentForm(
            data,
            initial=initial,
            auto_id=auto_id,
            sections=sections,
            comments=comments,
            label=label,
        )

    def get_context_data(self, bound=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        can_comment = permissions.can_comment(user, self.version)
        target = _target(bound.data) if bound is not None else None
        comments = list(self.version.comments.all())
        replies: dict[int, list[Comment]] = {}
        for c in comments:
            if c.parent_id:
                replies.setdefault(c.parent_id, []).append(c)
        groups: dict[int | None, SectionThreads] = {}
        for section in sorted(self.version.sections.all(), key=lambda s: s.order):
            groups[section.pk] = SectionThreads(section)
        general = SectionThreads(None)
        for c in comments:
            if c.parent_id:
                continue
            c.version = self.version
            thread = Thread(
                comment=c,
                replies=replies.get(c.pk, []),
                can_resolve=permissions.can_resolve_comment(user, c),
            )
            if can_comment:
                if bound is not None and target == ("parent", str(c.pk)):
                    thread.form = bound
                else:
                    thread.form = self.make_form(
                        initial={"parent": c.pk},
                        auto_id=f"id_reply{c.pk}_%s",
                        label="Your reply",
                    )
                thread.form.helper.form_action = self.comments_url()
                thread.form.helper.inputs[0].value = "Reply"
            groups.get(c.section_id, general).threads.append(thread)
        blocks = [*groups.values(), general]
        if can_comment:
            for block in blocks:
                key = str(block.section.pk) if block.section else ""
                if bound is not None and target == ("section", key):
                    block.form = bound
                else:
                    label = (
                        f"Comment on section {block.section.number}"
                        if block.section
                        else "Comment on the version as a whole"
                    )
                    block.form = self.make_form(
                        initial={"section": block.section.pk if block.section else None},
                        auto_id=f"id_s{key or 'general'}_%s",
                        label=label,
                    )
                block.form.helper.form_action = self.comments_url()
        if (
            bound is not None
            and not any(b.form is bound for b in blocks)
            and not any(t.form is bound for b in blocks for t in b.threads)
        ):
            # A forged target: show the refusal above the page, where it can be read.
            blocks[-1].form = bound
        ctx.update(
            page_title="Consultation comments",
            blocks=blocks,
            can_comment=can_comment,
            errors=error_list(bound),
            open_count=sum(b.open_count for b in blocks),
        )
        return ctx


class CommentResolveView(VersionMixin, View):
    """Mark a thread resolved (a button beside it, so POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = get_object_or_404(
            Comment.objects.select_related("section"),
            pk=self.kwargs["comment_pk"],
            version=self.version,
        )
        url = reverse(
            "protocols:comment_list",
            kwargs={"pk": self.protocol.pk, "number": self.version.number},
        )
        anchor = f"comments-{comment.section.number}" if comment.section else "comments-general"
        try:
            services.comment_resolve(actor=request.user, comment=comment)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Comment resolved.")
        return HttpResponseRedirect(f"{url}#{anchor}")
