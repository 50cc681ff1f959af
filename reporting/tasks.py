"""Background work of reporting: thin tasks that load a row and call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def build_evidence_pack_task(pack_id: int) -> str | None:
    """Build a requested evidence pack; a pack that is gone or already taken is left alone."""
    from .evidence import evidence_pack_build

    pack = evidence_pack_build(pack_id=pack_id)
    return None if pack is None else pack.status
