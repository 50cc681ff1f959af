"""Template tags that let other apps' pages show protocols without importing this app.

The area page (a ``boards`` template) lists the area's protocols through
``{% area_protocols area %}``, so ``boards`` keeps no dependency on ``protocols``.
"""

from __future__ import annotations

from django import template

from protocols import permissions, selectors

register = template.Library()


@register.inclusion_tag("protocols/includes/area_protocols.html", takes_context=True)
def area_protocols(context, area):
    """Render the protocols of ``area`` the signed-in user may see."""
    user = context["request"].user
    protocols = selectors.protocol_list(user=user, area=area).order_by(
        "current_version__title", "pk"
    )
    return {
        "area": area,
        "protocols": list(protocols),
        "can_create": permissions.can_create_protocol(user, area),
    }
