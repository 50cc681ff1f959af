"""The content of a version as plain data: what is signed, hashed and compared.

Everything a signatory agrees to is here (title, purpose, parties and who signs for them,
sections, obligations with their timing rules, post holders' responsibilities, the
resolution ladder); nothing that changes without changing the agreement is (ids of rows,
timestamps, status).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from .models import Obligation, Party, PostResponsibility, ProtocolVersion, Section


def _board(board) -> dict[str, Any] | None:
    if board is None:
        return None
    return {"id": board.pk, "name": board.name, "short_name": board.short_name}


def _post(post) -> dict[str, Any] | None:
    if post is None:
        return None
    return {"id": post.pk, "title": post.display_title}


def party_queryset():
    """Parties in their order, with their board, signatory post (and its holder) and lead
    officer joined: everything content, signing and the permission checks read of them."""
    return Party.objects.select_related("board", "signatory_post__holder", "lead_officer").order_by(
        "order", "pk"
    )


def content_prefetches() -> list[Prefetch]:
    """The lookups that fetch what ``version_content`` reads, for versions already in hand.

    Related rows come joined to the rows that name them (a party's board, post and lead
    officer; a responsibility's post), one query per kind of row.
    """
    return [
        Prefetch("parties", queryset=party_queryset()),
        Prefetch(
            "sections",
            queryset=Section.objects.order_by("order").prefetch_related(
                Prefetch(
                    "post_responsibilities",
                    queryset=PostResponsibility.objects.select_related("post"),
                )
            ),
        ),
        Prefetch(
            "obligations",
            queryset=Obligation.objects.select_related(
                "section", "owing_board", "owing_post", "receiving_board", "receiving_post"
            ).order_by("order", "pk"),
        ),
        Prefetch("ladder_steps"),
    ]


def content_queryset():
    """Versions with everything ``version_content`` reads, in a fixed number of queries."""
    return ProtocolVersion.objects.select_related("protocol").prefetch_related(
        *content_prefetches()
    )


def version_content(version: ProtocolVersion) -> dict[str, Any]:
    """Return the canonical content of ``version`` (use ``content_queryset`` to fetch it)."""
    parties = sorted(version.parties.all(), key=lambda p: p.board_id)
    sections = sorted(version.sections.all(), key=lambda s: s.order)
    return {
        "protocol": version.protocol.reference,
        "version": version.number,
        "title": version.title,
        "purpose": version.purpose,
        "parties": [
            {
                "board": _board(p.board),
                "signatory": p.signatory_kind,
                "signatory_post": _post(p.signatory_post),
                "lead_officer": str(p.lead_officer) if p.lead_officer_id else None,
            }
            for p in parties
        ],
        "sections": [
            {
                "key": str(s.key),
                "number": s.number,
                "heading": s.heading,
                "kind": s.kind,
                "body": s.body,
                "post_holders": [
                    {
                        "post": _post(r.post),
                        "title": r.post_title,
                        "responsibilities": r.responsibility_list,
                    }
                    for r in sorted(s.post_responsibilities.all(), key=lambda r: (r.order, r.pk))
                ],
            }
            for s in sections
        ],
        "obligations": [
            {
                "key": str(o.key),
                "section": str(o.section.key) if o.section_id else None,
                "owing_board": _board(o.owing_board),
                "owing_post": _post(o.owing_post),
                "owing_label": o.owing_label,
                "receiving_board": _board(o.receiving_board),
                "receiving_post": _post(o.receiving_post),
                "what": o.what,
                "description": o.description,
                "timing": o.timing,
            }
            for o in sorted(version.obligations.all(), key=lambda o: (o.order, o.pk))
        ],
        "ladder": [
            {"step": step.order, "title": step.title, "description": step.description}
            for step in sorted(version.ladder_steps.all(), key=lambda s: s.order)
        ],
    }
