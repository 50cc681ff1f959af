"""API viewsets for the protocols app.

Reads start from the permission policy (``visible_to``) and the selectors, so another
area's protocol answers 404 and a list makes the same number of queries however long it
is. Every write, including each step of the lifecycle, calls the one service the browser
calls; the service checks who may do it and whether the version's state allows it, so a
refusal carries the service's own sentence: 403 for who, 409 for state (a frozen
version, an illegal transition, a stale edit), 400 for the data.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from boards import permissions as policy
from protocols import canonical, content, lifecycle, permissions, selectors, services
from protocols.exceptions import ConflictError
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
)
from protocols.redline import compare

from . import filters
from . import serializers as s
from .verify import PdfVerificationViewSet

REVISION_NEEDED = (
    "Send the section's revision as you read it, so that a change someone else has made "
    "since is not overwritten."
)


class ServicePolicyPermission(BasePermission):
    """Let signed-in callers through to rows the policy shows them; the services decide
    the rest.

    ``boards.permissions.ApiPolicyPermission`` would refuse a write to a frozen version
    with a bare 403 before the service could say why (409, "This version is approved and
    can no longer be changed ..."), so here the door only checks who is calling and the
    service, which asks the same policy, answers for the change itself.
    """

    message = "You do not have permission to do that."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        return policy.can_view(request.user, obj)


class ProtocolApiMixin:
    """What every protocols viewset shares: the permission door, no PUT, and helpers to
    read a request body and answer with a fresh read of the row."""

    permission_classes = [ServicePolicyPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    read_serializer_class: type | None = None

    def body(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), partial=partial
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def fresh(self, instance):
        """Return ``instance`` read again through the viewset's queryset."""
        return self.get_queryset().get(pk=instance.pk)

    def answer(self, instance, *, code=status.HTTP_200_OK) -> Response:
        serializer = self.read_serializer_class(
            self.fresh(instance), context=self.get_serializer_context()
        )
        return Response(serializer.data, status=code)


# --- protocols ---------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.ProtocolCreateSerializer,
        responses={201: s.ProtocolSerializer},
        description="Start a protocol between two or more boards: version 1, in draft, "
        "with the default resolution ladder.",
    ),
)
class ProtocolViewSet(
    ProtocolApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Protocols between boards, each with a summary of its current version."""

    serializer_class = s.ProtocolSerializer
    read_serializer_class = s.ProtocolSerializer
    filterset_class = filters.ProtocolFilterSet
    queryset = Protocol.objects.none()

    def get_queryset(self):
        return selectors.protocol_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = self.body(s.ProtocolCreateSerializer)
        protocol = services.protocol_create(
            actor=request.user,
            area=data["area"],
            reference=data["reference"],
            title=data["title"],
            purpose=data["purpose"],
            boards=data["boards"],
            review_rule=data["review_rule"],
        )
        return self.answer(protocol, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={201: s.VersionSummarySerializer},
        description="Start the next version as a draft copy of the newest one.",
    )
    @action(detail=True, methods=["post"], url_path="new-version", url_name="newversion")
    def new_version(self, request, *args, **kwargs):
        protocol = self.get_object()
        version = services.version_new(actor=request.user, protocol=protocol)
        version = ProtocolVersion.objects.select_related("based_on").get(pk=version.pk)
        return Response(
            s.VersionSummarySerializer(version, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- versions ----------------------------------------------------------------------------

PROTOCOL_PK = OpenApiParameter(
    "protocol_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The protocol's id."
)
FROM = OpenApiParameter(
    "from",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=True,
    description="The number of the version to compare with.",
)


@extend_schema(parameters=[PROTOCOL_PK])
@extend_schema_view(
    list=extend_schema(responses=s.VersionListSerializer(many=True)),
    retrieve=extend_schema(responses=s.VersionDetailSerializer),
    partial_update=extend_schema(
        request=s.VersionUpdateSerializer,
        responses=s.VersionDetailSerializer,
        description="Change the title, purpose or summary of changes of a version in draft "
        "or consultation.",
    ),
)
class VersionViewSet(
    ProtocolApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A protocol's numbered versions; one in full with its content, approvals,
    signatures and comments; and the steps of its lifecycle."""

    serializer_class = s.VersionDetailSerializer
    read_serializer_class = s.VersionDetailSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    queryset = ProtocolVersion.objects.none()

    def get_protocol(self) -> Protocol:
        if not hasattr(self, "_protocol"):
            self._protocol = get_object_or_404(
                policy.visible_to(self.request.user, Protocol), pk=self.kwargs["protocol_pk"]
            )
        return self._protocol

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProtocolVersion.objects.none()
        protocol = self.get_protocol()
        if self.action == "list":
            base = selectors.protocol_versions_summary(protocol)
        else:
            base = selectors.version_queryset().filter(protocol=protocol)
        return policy.visible_to(
            self.request.user, ProtocolVersion, base.select_related("based_on")
        )

    def get_serializer_class(self):
        return s.VersionListSerializer if self.action == "list" else s.VersionDetailSerializer

    def detail_context(self, version: ProtocolVersion) -> dict:
        """Return what the full version shows, worked out once from the prefetched rows."""
        statuses = selectors.signature_status(version, use_prefetched=True)
        return {
            **self.get_serializer_context(),
            "signature_status": {signature.pk: intact for signature, intact in statuses},
            "signatories": selectors.signatories_required(version),
            "signed": {(x.board_id, x.signer_id) for x in version.signatures.all()},
            "transitions": permissions.transitions_for(self.request.user, version),
            "content_hash": canonical.content_hash(content.version_content(version)),
        }

    def show(self, version: ProtocolVersion, *, code=status.HTTP_200_OK) -> Response:
        version = self.fresh(version)
        data = s.VersionDetailSerializer(version, context=self.detail_context(version)).data
        return Response(data, status=code)

    def retrieve(self, request, *args, **kwargs):
        version = self.get_object()
        return Response(
            s.VersionDetailSerializer(version, context=self.detail_context(version)).data
        )

    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        data = self.body(s.VersionUpdateSerializer, partial=True)
        services.version_update(
            actor=request.user,
            version=version,
            title=data.get("title", version.title),
            purpose=data.get("purpose", version.purpose),
            change_summary=data.get("change_summary"),
        )
        return self.show(version)

    # The lifecycle ----------------------------------------------------------------------

    @extend_schema(
        methods=["get"],
        responses=s.TransitionOptionSerializer(many=True),
        description="The steps open from the version's state, and whether you may take each.",
    )
    @extend_schema(
        methods=["post"],
        request=s.TransitionSerializer,
        responses={
            200: s.VersionSummarySerializer,
            403: OpenApiResponse(description="You may not take this step."),
            409: OpenApiResponse(description="The version's state or a condition refuses it."),
        },
        description="Take a step of the lifecycle, such as start_consultation or "
        "bring_into_force. An illegal step is refused (409) with its reason and nothing "
        "changes.",
    )
    @action(detail=True, methods=["get", "post"])
    def transitions(self, request, *args, **kwargs):
        version = self.get_object()
        if request.method == "GET":
            options = [
                {
                    "name": t.name,
                    "label": t.label,
                    "target": t.target,
                    "allowed": permissions.can_transition(request.user, version, t),
                    "needs_reason": t.needs_reason,
                    "needs_date": t.needs_date,
                    "reason_prompt": t.reason_prompt,
                }
                for t in lifecycle.available_from(version.status)
            ]
            return Response(s.TransitionOptionSerializer(options, many=True).data)
        data = self.body(s.TransitionSerializer)
        services.version_transition(
            actor=request.user,
            version=version,
            name=data["name"],
            reason=data["reason"],
            on_date=data["on_date"],
        )
        version = ProtocolVersion.objects.select_related("based_on").get(pk=version.pk)
        return Response(
            s.VersionSummarySerializer(version, context=self.get_serializer_context()).data
        )

    @extend_schema(methods=["get"], responses=s.ApprovalSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=s.ApprovalCreateSerializer,
        responses={201: s.ApprovalSerializer},
        description="Record a party board's decision to approve the version. The last "
        "party's approval makes the version approved.",
    )
    @action(detail=True, methods=["get", "post"])
    def approvals(self, request, *args, **kwargs):
        version = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(s.ApprovalSerializer(version.approvals.all(), many=True).data)
        data = self.body(s.ApprovalCreateSerializer)
        approval = services.approval_record(actor=request.user, version=version, **data)
        approval = Approval.objects.select_related("board", "recorded_by").get(pk=approval.pk)
        return Response(
            s.ApprovalSerializer(approval, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(methods=["get"], responses=s.SignatureSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=s.SignatureCreateSerializer,
        responses={201: s.SignatureSerializer},
        description="Sign an approved version for a party board, entering your password "
        "again (token-authenticated scripts too). A wrong password is refused (400, "
        "on password). The last signature makes the version signed.",
    )
    @action(detail=True, methods=["get", "post"])
    def signatures(self, request, *args, **kwargs):
        version = self.get_object()
        if request.method == "GET":
            statuses = selectors.signature_status(version, use_prefetched=True)
            context = {"signature_status": {x.pk: intact for x, intact in statuses}}
            return Response(
                s.SignatureSerializer([x for x, _ in statuses], many=True, context=context).data
            )
        data = self.body(s.SignatureCreateSerializer)
        signature = services.signature_add(
            actor=request.user,
            version=version,
            board=data["board"],
            password=data["password"],
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        # Read afresh: the version's prefetched signatures predate this one.
        statuses = selectors.signature_status(ProtocolVersion.objects.get(pk=version.pk))
        signature, intact = next((x, ok) for x, ok in statuses if x.pk == signature.pk)
        context = {"signature_status": {signature.pk: intact}}
        return Response(
            s.SignatureSerializer(signature, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[FROM],
        responses=s.REDLINE_SCHEMA,
        description="The redline from version ?from= to this one: sections, obligations, "
        "parties and ladder steps added, removed, changed or moved, and text changes word "
        "by word.",
    )
    @action(detail=True, methods=["get"])
    def compare(self, request, *args, **kwargs):
        version = self.get_object()
        raw = request.query_params.get("from", "")
        if not raw.isdigit():
            raise ValidationError(
                {"from": ["Choose the version to compare with, for example ?from=1."]}
            )
        old = (
            policy.visible_to(request.user, ProtocolVersion, content.content_queryset())
            .filter(protocol_id=version.protocol_id, number=int(raw))
            .first()
        )
        if old is None:
            raise ValidationError({"from": [f"This protocol has no version {int(raw)}."]})
        old_content, new_content = content.version_content(old), content.version_content(version)
        data = s.redline_data(old_content, new_content, compare(old_content, new_content))
        return Response({"from": old.number, "to": version.number, **data})


# --- a version's content -----------------------------------------------------------------


def content_schema(read, create, update, *, delete: str):
    """Describe a content viewset's writes: its own input shapes, the row read back."""
    return extend_schema_view(
        create=extend_schema(request=create, responses={201: read}),
        partial_update=extend_schema(request=update, responses=read),
        destroy=extend_schema(responses={204: None}, description=delete),
    )


class ContentViewSet(
    ProtocolApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """One kind of row in a version's content, written only through its services.

    Subclasses name ``model``, the read and input serializers, ``base_queryset()`` and
    the three service calls.
    """

    model: type
    create_serializer_class: type
    update_serializer_class: type

    def base_queryset(self):
        return self.model._default_manager.all()

    def get_queryset(self):
        return policy.visible_to(self.request.user, self.model, self.base_queryset())

    def create(self, request, *args, **kwargs):
        row = self.perform_service_create(self.body(self.create_serializer_class))
        return self.answer(row, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        row = self.get_object()
        data = self.body(self.update_serializer_class, partial=True)
        row = self.perform_service_update(row, data)
        return self.answer(row)

    def destroy(self, request, *args, **kwargs):
        self.perform_service_delete(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_service_create(self, data: dict):
        raise NotImplementedError

    def perform_service_update(self, row, data: dict):
        raise NotImplementedError

    def perform_service_delete(self, row) -> None:
        raise NotImplementedError


@content_schema(
    s.PartySerializer,
    s.PartyCreateSerializer,
    s.PartyUpdateSerializer,
    delete="Remove a board from the version's parties (never below two).",
)
class PartyViewSet(ContentViewSet):
    """The boards party to a version, their lead officers and who signs for each."""

    model = Party
    queryset = Party.objects.none()
    serializer_class = read_serializer_class = s.PartySerializer
    create_serializer_class = s.PartyCreateSerializer
    update_serializer_class = s.PartyUpdateSerializer
    filterset_class = filters.PartyFilterSet

    def base_queryset(self):
        return Party.objects.select_related("board", "lead_officer", "signatory_post")

    def perform_service_create(self, data):
        return services.party_add(actor=self.request.user, **data)

    def perform_service_update(self, row, data):
        return services.party_update(
            actor=self.request.user,
            party=row,
            lead_officer=data.get("lead_officer", row.lead_officer),
            signatory_kind=data.get("signatory_kind", row.signatory_kind),
            signatory_post=data.get("signatory_post", row.signatory_post),
        )

    def perform_service_delete(self, row):
        services.party_remove(actor=self.request.user, party=row)


@extend_schema_view(
    partial_update=extend_schema(
        responses={
            200: s.SectionSerializer,
            409: OpenApiResponse(
                description="The version is frozen, or someone else saved the section since "
                "the revision you sent."
            ),
        }
    )
)
@content_schema(
    s.SectionSerializer,
    s.SectionCreateSerializer,
    s.SectionUpdateSerializer,
    delete="Delete a section (once no obligation comes from it) and renumber the rest.",
)
class SectionViewSet(ContentViewSet):
    """A version's numbered sections. A change names the revision it started from."""

    model = Section
    queryset = Section.objects.none()
    serializer_class = read_serializer_class = s.SectionSerializer
    create_serializer_class = s.SectionCreateSerializer
    update_serializer_class = s.SectionUpdateSerializer
    filterset_class = filters.SectionFilterSet

    def base_queryset(self):
        return Section.objects.prefetch_related("post_responsibilities").order_by(
            "version", "order"
        )

    def perform_service_create(self, data):
        return services.section_add(actor=self.request.user, **data)

    def perform_service_update(self, row, data):
        if "revision" not in data:
            raise ValidationError({"revision": [REVISION_NEEDED]})
        return services.section_update(
            actor=self.request.user,
            section=row,
            heading=data.get("heading", row.heading),
            body=data.get("body", row.body),
            revision=data["revision"],
        )

    def perform_service_delete(self, row):
        services.section_delete(actor=self.request.user, section=row)

    @extend_schema(request=s.SectionMoveSerializer, responses=s.SectionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move the section one place up or down."""
        section = self.get_object()  # another area's section is not found, whatever the body
        data = self.body(s.SectionMoveSerializer)
        row = services.section_move(
            actor=request.user, section=section, direction=data["direction"]
        )
        return self.answer(row)


@content_schema(
    s.ObligationSerializer,
    s.ObligationCreateSerializer,
    s.ObligationWriteSerializer,
    delete="Delete an obligation, unless another obligation's timing follows it.",
)
class ObligationViewSet(ContentViewSet):
    """Who owes what to whom and when, with the timing rule in plain English."""

    model = Obligation
    queryset = Obligation.objects.none()
    serializer_class = read_serializer_class = s.ObligationSerializer
    create_serializer_class = s.ObligationCreateSerializer
    update_serializer_class = s.ObligationWriteSerializer
    filterset_class = filters.ObligationFilterSet

    def base_queryset(self):
        # timing_text names boards and followed obligations from the obligation's version.
        return (
            Obligation.objects.select_related(
                "version", "owing_board", "owing_post", "receiving_board", "receiving_post"
            )
            .prefetch_related(
                Prefetch("version__parties", queryset=Party.objects.select_related("board")),
                Prefetch(
                    "version__obligations",
                    queryset=Obligation.objects.only("pk", "key", "description", "version_id"),
                ),
            )
            .order_by("version", "order", "pk")
        )

    FIELDS = (
        "section",
        "what",
        "description",
        "timing",
        "owing_board",
        "owing_post",
        "owing_label",
        "receiving_board",
        "receiving_post",
    )

    def perform_service_create(self, data):
        return services.obligation_add(actor=self.request.user, **data)

    def perform_service_update(self, row, data):
        values = {name: data.get(name, getattr(row, name)) for name in self.FIELDS}
        return services.obligation_update(actor=self.request.user, obligation=row, **values)

    def perform_service_delete(self, row):
        services.obligation_delete(actor=self.request.user, obligation=row)


@content_schema(
    s.PostResponsibilitySerializer,
    s.PostResponsibilityCreateSerializer,
    s.PostResponsibilityWriteSerializer,
    delete="Delete a post holder's responsibilities.",
)
class PostResponsibilityViewSet(ContentViewSet):
    """Post holders' responsibilities, the rows of a "Roles of post holders" section."""

    model = PostResponsibility
    queryset = PostResponsibility.objects.none()
    serializer_class = read_serializer_class = s.PostResponsibilitySerializer
    create_serializer_class = s.PostResponsibilityCreateSerializer
    update_serializer_class = s.PostResponsibilityWriteSerializer
    filterset_class = filters.PostResponsibilityFilterSet

    def base_queryset(self):
        return PostResponsibility.objects.order_by("section", "order", "pk")

    def perform_service_create(self, data):
        return services.post_responsibility_add(actor=self.request.user, **data)

    def perform_service_update(self, row, data):
        return services.post_responsibility_update(
            actor=self.request.user,
            responsibility=row,
            post=data.get("post", row.post),
            post_title=data.get("post_title", row.post_title),
            responsibilities=data.get("responsibilities", row.responsibilities),
        )

    def perform_service_delete(self, row):
        services.post_responsibility_delete(actor=self.request.user, responsibility=row)


@content_schema(
    s.LadderStepSerializer,
    s.LadderStepCreateSerializer,
    s.LadderStepWriteSerializer,
    delete="Delete a step of the resolution ladder and renumber the steps above it.",
)
class LadderStepViewSet(ContentViewSet):
    """The steps of a version's resolution ladder, in order."""

    model = LadderStep
    queryset = LadderStep.objects.none()
    serializer_class = read_serializer_class = s.LadderStepSerializer
    create_serializer_class = s.LadderStepCreateSerializer
    update_serializer_class = s.LadderStepWriteSerializer
    filterset_class = filters.LadderStepFilterSet

    def base_queryset(self):
        return LadderStep.objects.order_by("version", "order")

    def perform_service_create(self, data):
        return services.ladder_step_add(actor=self.request.user, **data)

    def perform_service_update(self, row, data):
        return services.ladder_step_update(
            actor=self.request.user,
            step=row,
            title=data.get("title", row.title),
            description=data.get("description", row.description),
        )

    def perform_service_delete(self, row):
        services.ladder_step_delete(actor=self.request.user, step=row)


# --- consultation --------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.CommentCreateSerializer,
        responses={201: s.CommentSerializer},
        description="Comment on a version in consultation, on a section or as a reply.",
    ),
)
class CommentViewSet(
    ProtocolApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Consultation comments, threaded per section, until someone resolves them."""

    serializer_class = read_serializer_class = s.CommentSerializer
    filterset_class = filters.CommentFilterSet
    queryset = Comment.objects.none()

    def get_queryset(self):
        return policy.visible_to(
            self.request.user,
            Comment,
            Comment.objects.select_related("author", "resolved_by").order_by("created", "pk"),
        )

    def create(self, request, *args, **kwargs):
        data = self.body(s.CommentCreateSerializer)
        comment = services.comment_add(actor=request.user, **data)
        return self.answer(comment, code=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.CommentSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        """Mark the comment thread resolved."""
        comment = services.comment_resolve(actor=request.user, comment=self.get_object())
        return self.answer(comment)


# --- concerns ------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.ConcernCreateSerializer,
        responses={201: s.ConcernSerializer},
        description="Raise a concern with another party board of a protocol in force: the "
        "first step of its resolution ladder begins.",
    ),
)
class ConcernViewSet(
    ProtocolApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Concerns raised under a protocol and their climb up its resolution ladder."""

    serializer_class = read_serializer_class = s.ConcernSerializer
    filterset_class = filters.ConcernFilterSet
    queryset = Concern.objects.none()

    def get_queryset(self):
        return policy.visible_to(
            self.request.user,
            Concern,
            Concern.objects.select_related(
                "version", "raised_by_board", "raised_with_board", "raised_by", "on_behalf_of"
            ).prefetch_related(
                Prefetch("steps", queryset=ConcernStep.objects.select_related("ladder_step"))
            ),
        )

    def create(self, request, *args, **kwargs):
        data = self.body(s.ConcernCreateSerializer)
        concern = services.concern_raise(actor=request.user, **data)
        return self.answer(concern, code=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConcernRespondSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, *args, **kwargs):
        """Record the other board's response to the concern's current step."""
        concern = self.get_object()
        data = self.body(s.ConcernRespondSerializer)
        step = max(concern.steps.all(), key=lambda x: x.ladder_step.order, default=None)
        if step is None:
            raise ConflictError("Only the current step of a concern can be answered.")
        services.concern_respond(actor=request.user, step=step, **data)
        return self.answer(concern)

    @extend_schema(request=s.ConcernEscalateSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, *args, **kwargs):
        """Take the concern to the next step of the ladder, or beyond its last step."""
        concern = self.get_object()
        data = self.body(s.ConcernEscalateSerializer)
        services.concern_escalate(actor=request.user, concern=concern, **data)
        return self.answer(concern)

    @extend_schema(request=s.ConcernResolveSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        """Record that the concern is resolved, and how."""
        concern = self.get_object()
        data = self.body(s.ConcernResolveSerializer)
        services.concern_resolve(actor=request.user, concern=concern, **data)
        return self.answer(concern)

    @extend_schema(request=s.ConcernWithdrawSerializer, responses=s.ConcernSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """Withdraw a concern your board raised."""
        concern = self.get_object()
        data = self.body(s.ConcernWithdrawSerializer)
        services.concern_withdraw(actor=request.user, concern=concern, **data)
        return self.answer(concern)


def register(router) -> None:
    """Register the protocols app's viewsets on the /api/v1/ router."""
    router.register("protocols", ProtocolViewSet, basename="protocol")
    router.register(
        r"protocols/(?P<protocol_pk>[0-9]+)/versions", VersionViewSet, basename="protocol-version"
    )
    router.register("protocol-parties", PartyViewSet, basename="protocol-party")
    router.register("protocol-sections", SectionViewSet, basename="protocol-section")
    router.register("protocol-obligations", ObligationViewSet, basename="protocol-obligation")
    router.register(
        "protocol-post-holders",
        PostResponsibilityViewSet,
        basename="protocol-post-holder",
    )
    router.register("protocol-ladder-steps", LadderStepViewSet, basename="protocol-ladder-step")
    router.register("protocol-comments", CommentViewSet, basename="protocol-comment")
    router.register("protocol-concerns", ConcernViewSet, basename="protocol-concern")
    router.register("verify", PdfVerificationViewSet, basename="verify")
