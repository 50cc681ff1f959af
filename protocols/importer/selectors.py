"""Reading imports: who may see which, and the one a page is about.

An import is for the people who may start a protocol in its area (the business managers
of its boards, and superusers); to anyone else it does not exist. Once it has become a
draft, its source file is also for everyone who may see that protocol.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from boards import permissions as policy
from boards.models import Board

from ..models import Protocol, ProtocolImport


def protocol_import_visible_to(user) -> QuerySet[ProtocolImport]:
    """Return the imports the user may see and work on."""
    qs = ProtocolImport.objects.select_related("area", "version__protocol")
    who = policy.principal(user)
    if who.is_superuser:
        return qs
    if not getattr(user, "is_authenticated", False) or not who.managed_board_ids:
        return qs.none()
    areas = Board.objects.filter(pk__in=who.managed_board_ids).values("area_id")
    return qs.filter(area_id__in=areas)


def protocol_import_get(*, user, pk: int) -> ProtocolImport:
    """Return the import the user may work on.

    Raises:
        Http404: there is no such import, or it is another area's.
    """
    found = protocol_import_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such import.")
    return found


def protocol_import_source_get(*, user, pk: int) -> ProtocolImport:
    """Return the import whose source file the user may download.

    Raises:
        Http404: the user may neither work on the import nor see the protocol made from it.
    """
    found = protocol_import_visible_to(user).filter(pk=pk).first()
    if found is not None:
        return found
    made = (
        ProtocolImport.objects.select_related("version__protocol")
        .filter(pk=pk, version__protocol__in=policy.visible_to(user, Protocol))
        .first()
    )
    if made is None:
        raise Http404("No such file.")
    return made
