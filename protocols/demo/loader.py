"""Write the demo protocols through the services, once, and report what was made."""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from boards.demo import ADMIN_USERNAME, DemoResult
from boards.models import Area, Board, Meeting, Person, Post
from protocols import lifecycle, services, timing
from protocols.models import LadderStep, Party, Protocol, ProtocolVersion

from .specs import B, O, ObligationSpec, ProtocolSpec, Side

CHANGE_REASON = "Demo data"


class DemoDataError(RuntimeError):
    """The boards demo this loader builds on is missing."""


def _resolve(value: Any, *, boards: dict[str, Board], keys: dict[str, str]) -> Any:
    """Swap the board and obligation names in a timing rule for their ids and keys."""
    if isinstance(value, B):
        return boards[value.short_name].pk
    if isinstance(value, O):
        return keys[value.name]
    if isinstance(value, dict):
        return {k: _resolve(v, boards=boards, keys=keys) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_resolve(v, boards=boards, keys=keys) for v in value]
    return value


def expected_state(spec: ProtocolSpec) -> str:
    """Return the status the demo takes the protocol's first version to."""
    Status = ProtocolVersion.Status
    if spec.in_force_from:
        return Status.IN_FORCE
    if spec.approvals and len(spec.approvals) == len(spec.parties):
        return Status.SIGNED if spec.signatures else Status.APPROVED
    return Status.AWAITING_APPROVAL if spec.request_approval else Status.DRAFT


class _Builder:
    def __init__(self, spec: ProtocolSpec, created: Counter) -> None:
        self.spec = spec
        self.created = created
        self.area = Area.objects.filter(slug=spec.area).first()
        if self.area is None:
            raise DemoDataError(
                f"The demo area “{spec.area}” is missing: load the boards demo first."
            )
        self.boards = {b.short_name: b for b in Board.objects.filter(area=self.area)}
        self.users: dict[str, Any] = {}
        self.keys: dict[str, str] = {}

    # --- look-ups --------------------------------------------------------------------

    def user(self, username: str):
        if username not in self.users:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise DemoDataError(
                    f"The demo log-in “{username}” is missing: load the boards demo first."
                )
            self.users[username] = user
        return self.users[username]

    def person(self, full_name: str) -> Person | None:
        if not full_name:
            return None
        return Person.objects.get(area=self.area, full_name=full_name)

    def post(self, kind: str) -> Post | None:
        return Post.objects.get(area=self.area, kind=kind, title="") if kind else None

    def board(self, short_name: str) -> Board | None:
        return self.boards[short_name] if short_name else None

    # --- the steps -------------------------------------------------------------------

    def build(self) -> Protocol:
        spec = self.spec
        author = self.user(spec.author)
        protocol = self._start(author)
        version = protocol.current_version
        for party_spec in spec.parties:
            if party_spec.lead_officer:
                party = Party.objects.get(version=version, board=self.boards[party_spec.board])
                services.party_update(
                    actor=author,
                    party=party,
                    lead_officer=self.person(party_spec.lead_officer),
                    signatory_kind=party.signatory_kind,
                    signatory_post=party.signatory_post,
                )
        for section_spec in spec.sections:
            section = services.section_add(
                actor=author,
                version=version,
                heading=section_spec.heading,
                body=section_spec.body,
                kind=section_spec.kind,
            )
            self.created["sections"] += 1
            for holder in section_spec.post_holders:
                services.post_responsibility_add(
                    actor=author,
                    section=section,
                    post=self.post(holder.post),
                    post_title=holder.title,
                    responsibilities="\n".join(holder.responsibilities),
                )
                self.created["post responsibilities"] += 1
            for obligation in section_spec.obligations:
                self._obligation(author, version, section, obligation)
        self._ladder(author, version)
        if spec.request_approval:
            services.version_transition(actor=author, version=version, name="request_approval")
        for approval in sorted(spec.approvals, key=lambda a: a.decided_on):
            board = self.boards[approval.board]
            services.approval_record(
                actor=self.user(approval.recorded_by),
                version=version,
                board=board,
                decided_on=approval.decided_on,
                decided_by=approval.decided_by,
                meeting=self._meeting(board, approval.decided_on, approval.meeting_notes),
                minute_reference=approval.minute_reference,
            )
            self.created["approvals"] += 1
        if spec.signatures:
            admin = self.user(ADMIN_USERNAME)
            for signature in sorted(spec.signatures, key=lambda s: s.signed_at):
                services.signature_add_demo(
                    actor=admin,
                    version=version,
                    board=self.boards[signature.board],
                    person=self.person(signature.signer),
                    signed_at=signature.signed_at,
                )
                self.created["signatures"] += 1
        if spec.in_force_from:
            services.version_transition(
                actor=author, version=version, name="bring_into_force", on_date=spec.in_force_from
            )
        protocol.refresh_from_db()
        return protocol

    def _start(self, author) -> Protocol:
        spec = self.spec
        boards = [self.boards[p.board] for p in spec.parties]
        self.created["protocols"] += 1
        self.created["protocol versions"] += 1
        self.created["parties"] += len(boards)
        if all(board.is_current for board in boards):
            return services.protocol_create(
                actor=author,
                area=self.area,
                reference=spec.reference,
                title=spec.title,
                purpose=spec.purpose,
                boards=boards,
            )
        return self._start_with_a_former_board(author, boards)

    def _start_with_a_former_board(self, author, boards: list[Board]) -> Protocol:
        """Start the protocol as ``protocol_create`` would, with a board since dissolved.

        The service rightly refuses a dissolved board as a party to a new protocol, but a
        paper from before the board was replaced records an agreement it was party to.
        """
        protocol = Protocol(
            area=self.area,
            reference=self.spec.reference,
            review_rule=timing.validate(services.DEFAULT_REVIEW_RULE),
            created_by=author,
        )
        _save(protocol, author, "Protocol started")
        version = _save(
            ProtocolVersion(
                protocol=protocol,
                number=1,
                title=self.spec.title,
                purpose=self.spec.purpose,
                status=ProtocolVersion.Status.DRAFT,
                status_changed_at=timezone.now(),
            ),
            author,
            "Version 1 started",
        )
        for order, board in enumerate(boards, start=1):
            _save(Party(version=version, board=board, order=order), author, "Party added")
        for order, (title, description) in enumerate(services.DEFAULT_LADDER, start=1):
            _save(
                LadderStep(version=version, order=order, title=title, description=description),
                author,
                "Default resolution ladder",
            )
        protocol.current_version = version
        _save(protocol, author, "Version 1 started")
        return protocol

    def _side(self, side: Side) -> dict[str, Any]:
        return {"board": self.board(side.board), "post": self.post(side.post)}

    def _obligation(self, author, version, section, spec: ObligationSpec) -> None:
        owing, receiving = self._side(spec.owing), self._side(spec.receiving)
        obligation = services.obligation_add(
            actor=author,
            version=version,
            section=section,
            what=spec.what,
            description=spec.description,
            timing=_resolve(spec.timing, boards=self.boards, keys=self.keys),
            owing_board=owing["board"],
            owing_post=owing["post"],
            owing_label=spec.owing.label,
            receiving_board=receiving["board"],
            receiving_post=receiving["post"],
        )
        if spec.name:
            self.keys[spec.name] = str(obligation.key)
        self.created["obligations"] += 1

    def _ladder(self, author, version) -> None:
        # Taken from the top down, so no step below has to be renumbered.
        steps = list(LadderStep.objects.filter(version=version).order_by("-order"))
        if self.spec.ladder is None:
            for step in steps:
                services.ladder_step_delete(actor=author, step=step)
            return
        for step, (title, description) in zip(reversed(steps), self.spec.ladder, strict=True):
            if (step.title, step.description) != (title, description):
                services.ladder_step_update(
                    actor=author, step=step, title=title, description=description
                )

    def _meeting(self, board: Board, on, notes: str) -> Meeting | None:
        meeting = Meeting.objects.filter(board=board, date=on).first()
        if meeting is not None or not notes:
            return meeting
        self.created["meetings"] += 1
        return _save(
            Meeting(board=board, date=on, status=Meeting.Status.HELD, notes=notes),
            None,
            CHANGE_REASON,
        )


def _save(instance: models.Model, actor, reason: str):
    instance.full_clean()
    instance._history_user = actor
    instance._change_reason = reason
    instance.save()
    return instance


def load_protocols(specs: tuple[ProtocolSpec, ...], stdout: TextIO | None = None) -> DemoResult:
    """Create each demo protocol not yet in its area; leave existing ones as they are."""
    result = DemoResult(loader="Protocols")
    with transaction.atomic():
        for spec in specs:
            existing = (
                Protocol.objects.filter(area__slug=spec.area, reference=spec.reference)
                .select_related("area", "current_version")
                .first()
            )
            if existing is not None:
                result.unchanged["protocols"] += 1
                _say(stdout, _left_alone(existing, spec))
                continue
            protocol = _Builder(spec, result.created).build()
            version = protocol.current_version
            _say(
                stdout,
                f"{protocol.area.name}: {spec.reference} created "
                f"({lifecycle.STATE_PHRASES[version.status]}), {len(spec.sections)} sections, "
                f"{version.obligations.count()} obligations.",
            )
    return result


def _left_alone(protocol: Protocol, spec: ProtocolSpec) -> str:
    status = protocol.current_version.status if protocol.current_version_id else None
    where = f"{protocol.area.name}: {spec.reference} already exists"
    if status == expected_state(spec):
        return f"{where}; left as it is."
    phrase = lifecycle.STATE_PHRASES.get(status, "without a version")
    return f"{where} ({phrase}, changed since the demo made it); left as it is."


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line)
