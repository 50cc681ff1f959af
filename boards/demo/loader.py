"""Write the demo areas to the database, idempotently, and report what changed."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.text import slugify

from boards.models import (
    Area,
    AreaAccess,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)
from boards.permissions import DEMOCRATIC_SERVICES_GROUP

from .bolton import BOLTON
from .bromley import BROMLEY
from .islington import ISLINGTON
from .specs import DEMOCRATIC_SERVICES, AreaSpec, LoginSpec
from .west_berkshire import WEST_BERKSHIRE

DEFAULT_DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a published demo password
CHANGE_REASON = "Demo data"
ADMIN_USERNAME = "admin"


def demo_password() -> str:
    """Return the shared password of the demo log-ins (``DEMO_PASSWORD`` or the default)."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


AREAS: tuple[AreaSpec, ...] = (BROMLEY, BOLTON, WEST_BERKSHIRE, ISLINGTON)


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    board: str
    area: str


@dataclass
class DemoResult:
    """What a loader did: rows created, changed and left alone, and the log-ins it made."""

    loader: str
    logins: list[Login] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"{self.loader}: {self.created.total()} records created, "
            f"{self.changed.total()} changed, {self.unchanged.total()} already up to date."
        )


def _stored(obj: models.Model, name: str):
    concrete = obj._meta.get_field(name)
    return getattr(obj, concrete.attname)


def _wanted(value):
    return value.pk if isinstance(value, models.Model) else value


class _Loader:
    def __init__(self, result: DemoResult) -> None:
        self.result = result
        self._new: set[tuple[str, int]] = set()
        self._password = demo_password()
        self._hash: str | None = None
        self._good_hashes: set[str] = set()

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Find the row by its natural key; create it, or save only the values that differ."""
        label = model._meta.verbose_name_plural
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            counter = self.result.created
        else:
            differing = [n for n, v in values.items() if _stored(obj, n) != _wanted(v)]
            if not differing:
                self.result.unchanged[label] += 1
                return obj
            for name in differing:
                setattr(obj, name, values[name])
            counter = self.result.changed
        obj.full_clean()
        obj._change_reason = CHANGE_REASON
        obj.save()
        if (label, obj.pk) not in self._new:
            counter[label] += 1
        if counter is self.result.created:
            self._new.add((label, obj.pk))
        return obj

    def user(self, username: str, *, email: str, superuser: bool = False):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        counter = self.result.created if user is None else self.result.changed
        user = user or User(username=username)
        wanted = {
            "email": email,
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        }
        dirty = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
        for name, value in wanted.items():
            setattr(user, name, value)
        if not self._password_matches(user.password):
            user.password = self._shared_hash()
            dirty = True
        if dirty:
            user.full_clean()
            user.save()
            counter["users"] += 1
        else:
            self.result.unchanged["users"] += 1
        return user

    def _password_matches(self, stored: str) -> bool:
        # Hashing is slow by design: check each distinct stored hash once, not once a user.
        if stored in self._good_hashes:
            return True
        if stored and check_password(self._password, stored):
            self._good_hashes.add(stored)
            return True
        return False

    def _shared_hash(self) -> str:
        # Every demo log-in shares one published password, so one hash serves them all.
        if self._hash is None:
            self._hash = make_password(self._password)
            self._good_hashes.add(self._hash)
        return self._hash

    def area(self, spec: AreaSpec) -> None:
        area = self.upsert(
            Area,
            {"slug": spec.slug},
            {"name": spec.name, "council_name": spec.council_name, "kind": spec.kind},
        )
        orgs = {
            name: self.upsert(Organisation, {"area": area, "name": name}, {"kind": kind})
            for name, kind in spec.organisations
        }
        boards: dict[str, Board] = {}
        for b in spec.boards:
            boards[b.short_name] = self.upsert(
                Board,
                {"area": area, "short_name": b.short_name},
                {
                    "name": b.name,
                    "kind": b.kind,
                    "is_statutory": b.statutory,
                    "statutory_basis": b.basis,
                    "terms_of_reference": b.terms,
                    "established": b.established,
                    "dissolved": b.dissolved,
                    "superseded_by": boards[b.successor] if b.successor else None,
                },
            )
        people = {
            p.key: self.upsert(
                Person,
                {"area": area, "full_name": p.full_name},
                {"title": p.title, "job_title": p.job_title, "email": _email(p.full_name)},
            )
            for p in spec.people
        }
        # Subgroups first without their chairs: a chair must already sit on the group.
        subgroups = {
            (s.board, s.name): self.upsert(
                Subgroup,
                {"board": boards[s.board], "name": s.name},
                {
                    "kind": s.kind,
                    "remit": s.remit,
                    "meeting_frequency": s.meets,
                    "start_date": s.start,
                    "end_date": s.end,
                },
            )
            for s in spec.subgroups
        }
        for seat in spec.seats:
            body = (
                {"board": None, "subgroup": subgroups[(seat.board, seat.subgroup)]}
                if seat.subgroup
                else {"board": boards[seat.board], "subgroup": None}
            )
            self.upsert(
                Membership,
                {"person": people[seat.person], "role": seat.role, **body},
                {
                    "organisation": orgs[seat.organisation] if seat.organisation else None,
                    "start_date": seat.start,
                    "end_date": seat.end,
                },
            )
        for s in spec.subgroups:
            chair = people[s.chair] if s.chair else None
            self.upsert(Subgroup, {"board": boards[s.board], "name": s.name}, {"chair": chair})
        for kind, title, holder in spec.posts:
            self.upsert(
                Post, {"area": area, "kind": kind, "title": title}, {"holder": people[holder]}
            )
        for order, pr in enumerate(spec.priorities, start=1):
            self.upsert(
                Priority,
                {"board": boards[pr.board], "title": pr.title, "period_start": pr.period[0]},
                {"period_end": pr.period[1], "outcomes": "\n".join(pr.outcomes), "order": order},
            )
        for m in spec.meetings:
            body = (
                {"board": None, "subgroup": subgroups[(m.board, m.subgroup)]}
                if m.subgroup
                else {"board": boards[m.board], "subgroup": None}
            )
            self.upsert(
                Meeting,
                {"date": m.date, **body},
                {
                    "start_time": m.start_time,
                    "place": m.place,
                    "status": m.status,
                    "notes": m.notes,
                },
            )
        for login in spec.logins:
            self.login(area, people[login.person], login)

    def login(self, area: Area, person: Person, spec: LoginSpec) -> None:
        user = self.user(spec.username, email=f"{spec.username}@example.org")
        self.upsert(Person, {"pk": person.pk}, {"user": user})
        if spec.role == DEMOCRATIC_SERVICES:
            group, _ = Group.objects.get_or_create(name=DEMOCRATIC_SERVICES_GROUP)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
            self.upsert(AreaAccess, {"user": user, "area": area}, {})
            role = "Democratic services officer"
        else:
            role = Membership.Role(spec.role).label
        self.result.logins.append(Login(spec.username, role, spec.board, area.name))


def _email(full_name: str) -> str:
    return f"{slugify(full_name.removesuffix(' (demo)')).replace('-', '.')}@example.org"


@transaction.atomic
def load(stdout: TextIO | None = None) -> DemoResult:
    """Load or refresh the four demo areas and their log-ins; return what changed."""
    result = DemoResult(loader="Boards")
    loader = _Loader(result)
    for spec in AREAS:
        loader.area(spec)
        if stdout is not None:
            stdout.write(
                f"{spec.name}: {len(spec.boards)} boards, {len(spec.subgroups)} subgroups, "
                f"{len(spec.people)} people, {len(spec.meetings)} meetings."
            )
    loader.user(ADMIN_USERNAME, email="admin@example.org", superuser=True)
    result.logins.append(Login(ADMIN_USERNAME, "Administrator (staff superuser)", "", "All areas"))
    return result
