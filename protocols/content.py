"""The content of a version as plain data: what is signed, hashed and compared.

Everything a signatory agrees to is here (title, purpose, parties and who signs for them,
sections, obligations with their timing rules, post holders' responsibilities, the
resolution ladder); nothing that changes without changing the agreement is (ids of rows,
timestamps, status).
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects

from boards.models import Board, Post

from .models import LadderStep, Obligation, Party, PostResponsibility, ProtocolVersion, Section

#: The cache a page's reading of a version's body goes to (see ``fetch_body``).
CACHE_ALIAS = "protocol_content"
#: The lookups ``fetch_body`` fetches: everything of the content but the parties, which the
#: permission checks read (and so a page reads afresh, with the version).
BODY_LOOKUPS = ("sections", "obligations", "ladder_steps")


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


def fetch_body(version: ProtocolVersion) -> None:
    """Fetch one version's sections (with their post holders), obligations and ladder.

    On PostgreSQL they may come from the ``protocol_content`` cache instead, under a key
    made of the version's id and a digest the database computes, in the same request, over
    the full stored text of every row they are built from (``body_digest``). A change to
    any of those rows, by this service or by anyone with access to the database, changes
    the digest and so the key: what a page shows, and checks the signatures against, is
    always what is stored now. Elsewhere (SQLite) they are read afresh each time.
    """
    digest = body_digest(version.pk)
    if digest is None:
        _read_body(version)
        return
    cache = caches[CACHE_ALIAS]
    key = f"protocols:body:{version.pk}:{digest}"
    found = cache.get(key)
    if found is None:
        _read_body(version)
        # Pickled with their rows (and the sections' post holders), as Django pickles a
        # QuerySet that has been read.
        cache.set(key, {name: version._prefetched_objects_cache[name] for name in BODY_LOOKUPS})
        return
    if not hasattr(version, "_prefetched_objects_cache"):
        version._prefetched_objects_cache = {}
    version._prefetched_objects_cache.update(found)


def _read_body(version: ProtocolVersion) -> None:
    lookups = [p for p in content_prefetches() if p.prefetch_to in BODY_LOOKUPS]
    prefetch_related_objects([version], *lookups)


def body_digest(version_id: int) -> str | None:
    """The SHA-256 of the full text of every row ``fetch_body`` reads for a version.

    The rows are the version's sections, post holders' responsibilities, obligations and
    ladder steps, and the sections, boards and posts its obligations and post holders name,
    each as PostgreSQL's ``row_to_json`` of the whole row (so every column counts), sorted.
    None on a database without ``row_to_json`` (SQLite).
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(_body_digest_sql(), {"version": version_id})
        return cursor.fetchone()[0]


@functools.cache  # the same text for every request
def _body_digest_sql() -> str:
    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    def column(model, name: str) -> str:
        return q(model._meta.get_field(name).column)

    ob, sec, resp, step = Obligation, Section, PostResponsibility, LadderStep
    return f"""
        WITH s AS (SELECT * FROM {table(sec)} WHERE {column(sec, "version")} = %(version)s),
        o AS (SELECT * FROM {table(ob)} WHERE {column(ob, "version")} = %(version)s),
        r AS (SELECT * FROM {table(resp)}
              WHERE {column(resp, "section")} IN (SELECT {q("id")} FROM s)),
        l AS (SELECT * FROM {table(step)} WHERE {column(step, "version")} = %(version)s)
        SELECT encode(sha256(convert_to(
            coalesce(string_agg(line, E'\\n' ORDER BY line), ''), 'UTF8')), 'hex')
        FROM (
            SELECT 'section ' || row_to_json(s)::text AS line FROM s
            UNION ALL SELECT 'obligation ' || row_to_json(o)::text FROM o
            UNION ALL SELECT 'responsibility ' || row_to_json(r)::text FROM r
            UNION ALL SELECT 'step ' || row_to_json(l)::text FROM l
            UNION ALL SELECT 'named section ' || row_to_json(t)::text FROM {table(sec)} t
                WHERE t.{q("id")} IN (SELECT {column(ob, "section")} FROM o)
            UNION ALL SELECT 'board ' || row_to_json(t)::text FROM {table(Board)} t
                WHERE t.{q("id")} IN (SELECT {column(ob, "owing_board")} FROM o
                                     UNION SELECT {column(ob, "receiving_board")} FROM o)
            UNION ALL SELECT 'post ' || row_to_json(t)::text FROM {table(Post)} t
                WHERE t.{q("id")} IN (SELECT {column(ob, "owing_post")} FROM o
                                     UNION SELECT {column(ob, "receiving_post")} FROM o
                                     UNION SELECT {column(resp, "post")} FROM r)
        ) lines
    """


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
