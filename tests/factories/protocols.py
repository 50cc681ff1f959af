"""factory_boy factories for protocols, for tests that need rows without the services.

Rows made here skip the services' checks on purpose (a query-count test needs many
protocols fast; a tamper test edits what the services would refuse). Tests of behaviour
build protocols through ``protocols.services``.
"""

import datetime

import factory
from django.utils import timezone

from protocols.models import (
    Approval,
    Comment,
    LadderStep,
    Obligation,
    Party,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)
from tests.factories import AreaFactory, BoardFactory, PersonFactory, UserFactory


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    area = factory.SubFactory(AreaFactory)
    reference = factory.Sequence(lambda n: f"protocol-{n}")
    review_rule = factory.LazyFunction(
        lambda: {"kind": "anniversary", "of": "signing", "every_years": 1}
    )


class ProtocolVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolVersion
        skip_postgeneration_save = True

    protocol = factory.SubFactory(ProtocolFactory)
    number = 1
    title = factory.Sequence(lambda n: f"Working together protocol {n}")
    status = ProtocolVersion.Status.DRAFT
    status_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def make_current(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.protocol.current_version = self
            self.protocol.save(update_fields=["current_version"])


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    version = factory.SubFactory(ProtocolVersionFactory)
    board = factory.SubFactory(BoardFactory)
    order = factory.Sequence(lambda n: n + 1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(ProtocolVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "The boards will work together."


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    version = factory.SubFactory(ProtocolVersionFactory)
    owing_board = factory.SubFactory(BoardFactory)
    receiving_board = factory.SubFactory(BoardFactory)
    what = Obligation.What.PRESENT_REPORT
    description = "Present the annual report."
    timing = factory.LazyFunction(lambda: {"kind": "fixed_month", "month": 9})


class LadderStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LadderStep

    version = factory.SubFactory(ProtocolVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Step {n}")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    version = factory.SubFactory(ProtocolVersionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Please say who chairs the quarterly meeting."


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval

    version = factory.SubFactory(ProtocolVersionFactory)
    board = factory.SubFactory(BoardFactory)
    decided_on = datetime.date(2026, 7, 13)
    decided_by = "The Board"
    recorded_by = factory.SubFactory(UserFactory)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    version = factory.SubFactory(ProtocolVersionFactory)
    board = factory.SubFactory(BoardFactory)
    signer = factory.SubFactory(PersonFactory)
    capacity = "Chair"
    signed_at = factory.LazyFunction(timezone.now)
    method = Signature.Method.DEMO
    content_hash = "0" * 64
