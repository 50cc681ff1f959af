"""API shapes of protocols, their versions and everything in them.

Two kinds of serializer live here. Read serializers turn rows the selectors have
fetched into JSON, without further queries. Input serializers only check the shape of a
request and that every related id is one the user may see (another area's id is refused
as "Invalid pk" exactly as a missing one is); the services decide everything else and
their refusals come back with their own sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from boards import permissions as policy
from boards.models import Area, Board, Meeting, Person, Post
from protocols import lifecycle, redline, rendering, timing
from protocols.models import (
    Approval,
    Comment,
    Concern,
    ConcernStep,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)

NOT_SET = "Not yet set"
NO_LONGER_PARTY = "a board that is not a party"
NO_LONGER_HERE = "an obligation no longer in this version"


# --- timing rules in plain English -----------------------------------------------------


def obligation_label(description: str) -> str:
    """Return a short label for an obligation that another one follows."""
    text = " ".join((description or "").split())
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


def timing_text(rule: Any, *, board_names: Mapping[int, str], labels: Mapping[str, str]) -> str:
    """Return a stored timing rule in plain English, starting with a capital letter."""
    if not rule:
        return NOT_SET
    try:
        parsed = timing.parse_rule(rule)
    except timing.TimingRuleError:
        return NOT_SET
    text = timing.describe(
        parsed,
        board_name=lambda pk: board_names.get(pk, NO_LONGER_PARTY),
        obligation_label=lambda key: labels.get(key, NO_LONGER_HERE),
    )
    return text[:1].upper() + text[1:]


def version_names(version: ProtocolVersion) -> tuple[dict[int, str], dict[str, str]]:
    """Return the short names of the version's party boards and labels of its obligations.

    Read from the version's prefetched parties and obligations where it has them.
    """
    boards = {p.board_id: p.board.short_name for p in version.parties.all()}
    labels = {str(o.key): obligation_label(o.description) for o in version.obligations.all()}
    return boards, labels


# --- the redline as plain data -----------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, redline.Segment):
        return {"op": value.op, "text": value.text}
    if is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, redline.TextDiff):
            out["changed"] = value.changed
        return out
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def redline_data(old: dict, new: dict, result: redline.Redline) -> dict[str, Any]:
    """Return the redline from ``old`` to ``new`` content as JSON-ready data.

    Text comes as word-level segments (``equal``, ``insert``, ``delete``); each party,
    section, obligation and ladder step says whether it was added, removed, changed,
    moved or left alone. Obligations carry their timing in plain English on each side.
    """
    names: dict[int, str] = {}
    labels: dict[str, str] = {}
    for content in (old, new):
        for party in content.get("parties", []):
            names[party["board"]["id"]] = party["board"]["short_name"]
        for o in content.get("obligations", []):
            labels[o["key"]] = obligation_label(o.get("description", ""))
    obligations = []
    for change in result.obligations:
        row = _plain(change)
        row["timing_text"] = {
            side: timing_text(content["timing"], board_names=names, labels=labels)
            if content is not None
            else None
            for side, content in (("old", change.old), ("new", change.new))
        }
        obligations.append(row)
    return {
        "summary": result.summary(),
        "has_changes": result.has_changes,
        "title": _plain(result.title),
        "purpose": _plain(result.purpose),
        "parties": _plain(result.parties),
        "sections": _plain(result.sections),
        "obligations": obligations,
        "ladder": _plain(result.ladder),
    }


# --- related ids the user may see ------------------------------------------------------


class VisibleChoicesMixin:
    """Narrow every writable related field to the rows the user may see."""

    def get_fields(self):
        fields_ = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields_.values():
            relation = getattr(field, "child_relation", field)
            if (
                isinstance(relation, serializers.PrimaryKeyRelatedField)
                and not relation.read_only
                and relation.queryset is not None
            ):
                relation.queryset = policy.visible_to(
                    user, relation.queryset.model, relation.queryset
                )
        return fields_


class InputSerializer(VisibleChoicesMixin, serializers.Serializer):
    """A request body, checked for shape and visibility only."""


def _related(model, *, required: bool = True, **kwargs):
    if not required:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
    return serializers.PrimaryKeyRelatedField(
        queryset=model._default_manager.all(), required=required, **kwargs
    )


def _text(**kwargs):
    # Blank or missing text goes to the service, which answers with its own sentence.
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    return serializers.CharField(trim_whitespace=False, **kwargs)


# --- read shapes: a version's content ----------------------------------------------------


def _one_of(choices) -> str:
    # Read-only choices are described in words: several apps' models share the field
    # names "kind" and "status", and one enum per name keeps the schema's names stable.
    return "One of: " + ", ".join(choices.values) + "."


class PartySerializer(serializers.ModelSerializer):
    board_name = serializers.CharField(source="board.name", read_only=True)
    board_short_name = serializers.CharField(source="board.short_name", read_only=True)
    lead_officer_name = serializers.CharField(
        source="lead_officer.full_name", read_only=True, default=None, allow_null=True
    )
    signatory_post_title = serializers.CharField(
        source="signatory_post.display_title", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Party
        fields = [
            "id",
            "version",
            "board",
            "board_name",
            "board_short_name",
            "order",
            "lead_officer",
            "lead_officer_name",
            "signatory_kind",
            "signatory_post",
            "signatory_post_title",
        ]
        read_only_fields = fields


class PostResponsibilitySerializer(serializers.ModelSerializer):
    responsibility_list = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = PostResponsibility
        fields = [
            "id",
            "section",
            "order",
            "post",
            "post_title",
            "responsibilities",
            "responsibility_list",
        ]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text=_one_of(Section.Kind))
    body_html = serializers.SerializerMethodField(
        help_text="The text as sanitised HTML, as the protocol page shows it."
    )
    post_responsibilities = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = [
            "id",
            "version",
            "key",
            "number",
            "heading",
            "body",
            "body_html",
            "kind",
            "revision",
            "post_responsibilities",
        ]
        read_only_fields = fields

    def get_body_html(self, obj: Section) -> str:
        return str(rendering.render_markdown(obj.body))

    @extend_schema_field(PostResponsibilitySerializer(many=True))
    def get_post_responsibilities(self, obj: Section) -> list[dict]:
        rows = sorted(obj.post_responsibilities.all(), key=lambda r: (r.order, r.pk))
        return PostResponsibilitySerializer(rows, many=True, context=self.context).data


class ObligationSerializer(serializers.ModelSerializer):
    owing_display = serializers.CharField(read_only=True)
    receiving_display = serializers.CharField(read_only=True)
    what_label = serializers.CharField(source="get_what_display", read_only=True)
    timing_text = serializers.SerializerMethodField(
        help_text="The timing rule in plain English, for example “Each year between "
        "1 October and 31 January”."
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "version",
            "section",
            "key",
            "order",
            "owing_board",
            "owing_post",
            "owing_label",
            "owing_display",
            "receiving_board",
            "receiving_post",
            "receiving_display",
            "what",
            "what_label",
            "description",
            "timing",
            "timing_text",
        ]
        read_only_fields = fields

    def get_timing_text(self, obj: Obligation) -> str:
        cache = self.context.setdefault("_version_names", {})
        if obj.version_id not in cache:
            cache[obj.version_id] = version_names(obj.version)
        boards, labels = cache[obj.version_id]
        return timing_text(obj.timing, board_names=boards, labels=labels)


class LadderStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = LadderStep
        fields = ["id", "version", "order", "title", "description"]
        read_only_fields = fields


def _user_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    resolved_by_name = serializers.SerializerMethodField()
    is_resolved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "version",
            "section",
            "parent",
            "author",
            "author_name",
            "body",
            "created",
            "is_resolved",
            "resolved_at",
            "resolved_by",
            "resolved_by_name",
        ]
        read_only_fields = fields

    def get_author_name(self, obj: Comment) -> str:
        return _user_name(obj.author)

    def get_resolved_by_name(self, obj: Comment) -> str | None:
        return _user_name(obj.resolved_by)


class ApprovalSerializer(serializers.ModelSerializer):
    board_name = serializers.CharField(source="board.name", read_only=True)
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Approval
        fields = [
            "id",
            "version",
            "board",
            "board_name",
            "decided_on",
            "meeting",
            "minute_reference",
            "decided_by",
            "recorded_by_name",
            "created",
        ]
        read_only_fields = fields

    def get_recorded_by_name(self, obj: Approval) -> str:
        return _user_name(obj.recorded_by)


class SignatureSerializer(serializers.ModelSerializer):
    """A signature, and whether the version's content is still exactly what was signed.

    ``intact`` comes from the context's ``signature_status`` ({signature id: bool}).
    """

    board_name = serializers.CharField(source="board.name", read_only=True)
    signer_name = serializers.CharField(source="signer.full_name", read_only=True)
    intact = serializers.SerializerMethodField(
        help_text="False if the version's content has changed since it was signed."
    )

    class Meta:
        model = Signature
        fields = [
            "id",
            "version",
            "board",
            "board_name",
            "signer",
            "signer_name",
            "capacity",
            "post",
            "signed_at",
            "method",
            "content_hash",
            "intact",
        ]
        read_only_fields = fields

    def get_intact(self, obj: Signature) -> bool:
        return bool(self.context.get("signature_status", {}).get(obj.pk, False))


class SignatorySerializer(serializers.Serializer):
    """One signature a version needs (see ``selectors.signatories_required``)."""

    board = serializers.IntegerField(source="board.pk")
    board_name = serializers.CharField(source="board.name")
    person = serializers.IntegerField(source="person.pk", allow_null=True, default=None)
    person_name = serializers.CharField(source="person.full_name", allow_null=True, default=None)
    capacity = serializers.CharField()
    post = serializers.IntegerField(source="post.pk", allow_null=True, default=None)
    signed = serializers.SerializerMethodField()

    def get_signed(self, obj) -> bool:
        signed = self.context.get("signed", set())
        return obj.person is not None and (obj.board.pk, obj.person.pk) in signed


class TransitionOptionSerializer(serializers.Serializer):
    """A lifecycle step open from the version's state, and whether the user may take it."""

    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    allowed = serializers.BooleanField()
    needs_reason = serializers.BooleanField()
    needs_date = serializers.BooleanField()
    reason_prompt = serializers.CharField()


# --- read shapes: versions and protocols -----------------------------------------------


class VersionSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_one_of(ProtocolVersion.Status))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    based_on_number = serializers.IntegerField(
        source="based_on.number", read_only=True, default=None
    )

    class Meta:
        model = ProtocolVersion
        fields = [
            "id",
            "protocol",
            "number",
            "title",
            "status",
            "status_label",
            "status_changed_at",
            "in_force_from",
            "review_opened_on",
            "ended_on",
            "based_on_number",
            "change_summary",
        ]
        read_only_fields = fields


class VersionListSerializer(VersionSummarySerializer):
    approval_count = serializers.IntegerField(read_only=True)
    signature_count = serializers.IntegerField(read_only=True)
    open_comment_count = serializers.IntegerField(read_only=True)

    class Meta(VersionSummarySerializer.Meta):
        fields = [
            *VersionSummarySerializer.Meta.fields,
            "approval_count",
            "signature_count",
            "open_comment_count",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSummarySerializer):
    """A version in full, from a version fetched with ``selectors.version_queryset``.

    The context carries what is worked out once per request: ``signature_status``,
    ``signatories``, ``signed``, ``transitions`` and ``content_hash``.
    """

    protocol_reference = serializers.CharField(source="protocol.reference", read_only=True)
    content_hash = serializers.SerializerMethodField(
        help_text="The SHA-256 of the content as it stands: what a signature now would sign."
    )
    parties = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    obligations = serializers.SerializerMethodField()
    ladder_steps = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    signatures_intact = serializers.SerializerMethodField()
    signatories = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    open_comment_count = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField(
        help_text="The lifecycle steps the caller may take now."
    )

    class Meta(VersionSummarySerializer.Meta):
        fields = [
            *VersionSummarySerializer.Meta.fields,
            "protocol_reference",
            "purpose",
            "content_hash",
            "parties",
            "sections",
            "obligations",
            "ladder_steps",
            "approvals",
            "signatures",
            "signatures_intact",
            "signatories",
            "comments",
            "open_comment_count",
            "transitions",
        ]
        read_only_fields = fields

    def _many(self, serializer_class, rows, key=None):
        rows = sorted(rows, key=key) if key else list(rows)
        return serializer_class(rows, many=True, context=self.context).data

    def get_content_hash(self, obj: ProtocolVersion) -> str:
        return self.context["content_hash"]

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(PartySerializer, obj.parties.all(), key=lambda p: (p.order, p.pk))

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(SectionSerializer, obj.sections.all(), key=lambda s: s.order)

    @extend_schema_field(ObligationSerializer(many=True))
    def get_obligations(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(
            ObligationSerializer, obj.obligations.all(), key=lambda o: (o.order, o.pk)
        )

    @extend_schema_field(LadderStepSerializer(many=True))
    def get_ladder_steps(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(LadderStepSerializer, obj.ladder_steps.all(), key=lambda s: s.order)

    @extend_schema_field(ApprovalSerializer(many=True))
    def get_approvals(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(ApprovalSerializer, obj.approvals.all())

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(SignatureSerializer, obj.signatures.all())

    def get_signatures_intact(self, obj: ProtocolVersion) -> bool:
        return all(self.context["signature_status"].values())

    @extend_schema_field(SignatorySerializer(many=True))
    def get_signatories(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(SignatorySerializer, self.context["signatories"])

    @extend_schema_field(CommentSerializer(many=True))
    def get_comments(self, obj: ProtocolVersion) -> list[dict]:
        return self._many(CommentSerializer, obj.comments.all())

    def get_open_comment_count(self, obj: ProtocolVersion) -> int:
        return sum(1 for c in obj.comments.all() if c.parent_id is None and not c.is_resolved)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_transitions(self, obj: ProtocolVersion) -> list[str]:
        return [t.name for t in self.context["transitions"]]


class CurrentVersionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_one_of(ProtocolVersion.Status))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    parties = serializers.SerializerMethodField()

    class Meta:
        model = ProtocolVersion
        fields = ["id", "number", "title", "status", "status_label", "in_force_from", "parties"]
        read_only_fields = fields

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, obj: ProtocolVersion) -> list[dict]:
        rows = sorted(obj.parties.all(), key=lambda p: (p.order, p.pk))
        return PartySerializer(rows, many=True, context=self.context).data


class ProtocolSerializer(serializers.ModelSerializer):
    area_slug = serializers.CharField(source="area.slug", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    review_rule_text = serializers.SerializerMethodField()
    current_version = CurrentVersionSerializer(read_only=True)

    class Meta:
        model = Protocol
        fields = [
            "id",
            "reference",
            "area",
            "area_slug",
            "area_name",
            "review_rule",
            "review_rule_text",
            "current_version",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_review_rule_text(self, obj: Protocol) -> str:
        version = obj.current_version
        boards = {p.board_id: p.board.short_name for p in version.parties.all()} if version else {}
        return timing_text(obj.review_rule, board_names=boards, labels={})


class ConcernStepSerializer(serializers.ModelSerializer):
    step = serializers.IntegerField(source="ladder_step.order", read_only=True)
    step_title = serializers.CharField(source="ladder_step.title", read_only=True)

    class Meta:
        model = ConcernStep
        fields = [
            "id",
            "step",
            "step_title",
            "started_on",
            "request",
            "response",
            "responded_on",
        ]
        read_only_fields = fields


class ConcernSerializer(serializers.ModelSerializer):
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    raised_by_board_name = serializers.CharField(source="raised_by_board.name", read_only=True)
    raised_with_board_name = serializers.CharField(source="raised_with_board.name", read_only=True)
    raised_by_name = serializers.SerializerMethodField()
    on_behalf_of_name = serializers.CharField(
        source="on_behalf_of.full_name", read_only=True, default=None
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Concern
        fields = [
            "id",
            "protocol",
            "version",
            "version_number",
            "raised_by_board",
            "raised_by_board_name",
            "raised_with_board",
            "raised_with_board_name",
            "raised_by_name",
            "on_behalf_of",
            "on_behalf_of_name",
            "subject",
            "description",
            "status",
            "status_label",
            "raised_on",
            "closed_on",
            "outcome",
            "steps",
        ]
        read_only_fields = fields

    def get_raised_by_name(self, obj: Concern) -> str:
        return _user_name(obj.raised_by)

    @extend_schema_field(ConcernStepSerializer(many=True))
    def get_steps(self, obj: Concern) -> list[dict]:
        rows = sorted(obj.steps.all(), key=lambda s: s.ladder_step.order)
        return ConcernStepSerializer(rows, many=True, context=self.context).data


# --- input shapes ------------------------------------------------------------------------


class ProtocolCreateSerializer(InputSerializer):
    area = _related(Area)
    reference = _text(help_text="A short reference used in links, for example bromley-hwb-bscb.")
    title = _text()
    purpose = _text()
    boards = serializers.PrimaryKeyRelatedField(
        queryset=Board.objects.all(), many=True, help_text="Two or more boards, by id."
    )
    review_rule = serializers.JSONField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the protocol is reviewed, as a timing rule. By default, each year "
        "from the date of signing.",
    )


class VersionUpdateSerializer(InputSerializer):
    title = _text()
    purpose = _text()
    change_summary = _text()


class PartyCreateSerializer(InputSerializer):
    version = _related(ProtocolVersion)
    board = _related(Board)
    lead_officer = _related(Person, required=False)
    signatory_kind = serializers.ChoiceField(
        choices=Party.SignatoryKind.choices, default=Party.SignatoryKind.CHAIRS
    )
    signatory_post = _related(Post, required=False)


class PartyUpdateSerializer(InputSerializer):
    lead_officer = _related(Person, required=False)
    signatory_kind = serializers.ChoiceField(choices=Party.SignatoryKind.choices, required=False)
    signatory_post = _related(Post, required=False)


class SectionCreateSerializer(InputSerializer):
    version = _related(ProtocolVersion)
    heading = _text()
    body = _text(help_text="Markdown. Headings, lists, emphasis and links are kept.")
    kind = serializers.ChoiceField(choices=Section.Kind.choices, default=Section.Kind.TEXT)


class SectionUpdateSerializer(InputSerializer):
    heading = _text()
    body = _text()
    revision = serializers.IntegerField(
        min_value=1,
        help_text="The section's revision when you read it. If someone has saved the section "
        "since, the change is refused (409) and nothing is overwritten.",
    )


class SectionMoveSerializer(InputSerializer):
    direction = serializers.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class ObligationWriteSerializer(InputSerializer):
    section = _related(Section, required=False)
    what = serializers.ChoiceField(choices=Obligation.What.choices)
    description = _text()
    timing = serializers.JSONField(help_text="A timing rule (see the protocols.timing shapes).")
    owing_board = _related(Board, required=False)
    owing_post = _related(Post, required=False)
    owing_label = _text()
    receiving_board = _related(Board, required=False)
    receiving_post = _related(Post, required=False)


class ObligationCreateSerializer(ObligationWriteSerializer):
    version = _related(ProtocolVersion)


class PostResponsibilityWriteSerializer(InputSerializer):
    post = _related(Post, required=False)
    post_title = _text(help_text="The post as the protocol words it; by default the post's title.")
    responsibilities = _text(help_text="One responsibility a line.")


class PostResponsibilityCreateSerializer(PostResponsibilityWriteSerializer):
    section = _related(Section, help_text="A “Roles of post and position holders” section.")


class LadderStepWriteSerializer(InputSerializer):
    title = _text()
    description = _text()


class LadderStepCreateSerializer(LadderStepWriteSerializer):
    version = _related(ProtocolVersion)


class CommentCreateSerializer(InputSerializer):
    version = _related(ProtocolVersion)
    section = _related(Section, required=False)
    parent = _related(Comment, required=False, help_text="The comment this replies to.")
    body = _text()


class TransitionSerializer(InputSerializer):
    name = serializers.CharField(
        help_text="The step: " + ", ".join(t.name for t in lifecycle.TRANSITIONS if not t.is_system)
    )
    reason = _text(help_text="Needed to return to draft, withdraw, or close a review.")
    on_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the version comes into force or the review opens; by default today.",
    )


class ApprovalCreateSerializer(InputSerializer):
    board = _related(Board, help_text="The party board whose approval this is.")
    decided_on = serializers.DateField()
    decided_by = _text(help_text="For example, the Board, or the Chair's action.")
    meeting = _related(Meeting, required=False)
    minute_reference = _text()


class SignatureCreateSerializer(InputSerializer):
    board = _related(Board, help_text="The party board you are signing for.")
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Your password, entered again to sign, however you signed in.",
    )


class ConcernCreateSerializer(InputSerializer):
    protocol = _related(Protocol)
    raised_by_board = _related(Board)
    raised_with_board = _related(Board)
    subject = _text()
    description = _text()
    request = _text(help_text="What you ask of the other board at the first step.")
    on_behalf_of = _related(
        Person, required=False, help_text="The chair, when a business manager raises it."
    )
    raised_on = serializers.DateField(required=False, allow_null=True, default=None)


class ConcernRespondSerializer(InputSerializer):
    response = _text()
    responded_on = serializers.DateField(required=False, allow_null=True, default=None)


class ConcernEscalateSerializer(InputSerializer):
    request = _text(help_text="What you ask for at the next step.")


class ConcernResolveSerializer(InputSerializer):
    outcome = _text()


class ConcernWithdrawSerializer(InputSerializer):
    reason = _text()


#: the response body of the compare endpoint, described loosely for the schema
REDLINE_SCHEMA = OpenApiTypes.OBJECT
