"""factory_boy factories for the domain's records."""

import datetime

import factory
from django.contrib.auth import get_user_model

from boards.models import (
    Area,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    council_name = factory.LazyAttribute(lambda a: f"{a.name} Council")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    short_name = factory.Sequence(lambda n: f"B{n}")
    kind = Board.Kind.HEALTH_AND_WELLBEING


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    area = factory.SubFactory(AreaFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda p: f"{p.full_name.replace(' ', '.').lower()}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    board = factory.SubFactory(BoardFactory)
    role = Membership.Role.MEMBER
    start_date = datetime.date(2020, 1, 1)


class SubgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subgroup

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Subgroup {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    area = factory.SubFactory(AreaFactory)
    kind = Post.Kind.CHIEF_EXECUTIVE


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    period_start = 2015
    period_end = 2018


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = datetime.date(2026, 10, 8)
    place = "Civic Centre"
