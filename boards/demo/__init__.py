"""Demo data: the four areas of the public council papers (2012–2016) the product models.

Bromley, Bolton, West Berkshire and Islington, with their boards, subgroups, chairs,
officers, post holders, priorities and meetings as the papers name them, and one demo
log-in per role per area (plus a staff superuser, ``admin``), all sharing the password
in ``DEMO_PASSWORD`` or, by default, ``demo-password-2026``.

People the papers name keep the name and role the papers give them; everyone else has an
invented name marked "(demo)". Every address is at example.org, so the demo never emails
a real person. Dates the papers do not give are illustrative, and the records say so.

``load()`` writes through the ORM rather than the services layer: services need an actor
and check permissions, and a bootstrap loader has neither (it plays the part of a
fixture). Every row still passes ``full_clean()``. Rows are found by natural keys and
saved only when a value differs, so a second run writes nothing, not even history; a
demo record someone has edited is put back as the demo defines it.

Other apps add their own loader (``load(stdout=None) -> DemoResult``) to
``DEMO_LOADERS`` in the ``load_demo`` command; they find these boards by area slug and
short name, for example ``Board.objects.get(area__slug="bromley", short_name="BSCB")``.
"""

from .loader import (
    ADMIN_USERNAME,
    AREAS,
    DEFAULT_DEMO_PASSWORD,
    DemoResult,
    Login,
    demo_password,
    load,
)

__all__ = [
    "ADMIN_USERNAME",
    "AREAS",
    "DEFAULT_DEMO_PASSWORD",
    "DemoResult",
    "Login",
    "demo_password",
    "load",
]
