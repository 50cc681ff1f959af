"""Occurrences of obligations, the reminders sent about them and calendar feeds.

An ``Occurrence`` is one dated instance of a duty: "the BSCB's annual report for
2026/27, between 1 October 2026 and 31 January 2027". Most come from an obligation's
timing rule and are keyed by the obligation and a short period key ("2026", "2026-Q1",
"meeting-42"), which the database keeps unique so generation can run twice, or twice at
once, without duplicates.

The protocol's own review is an occurrence too, of kind ``review``: it belongs to the
version under review rather than to an obligation, comes from ``Protocol.review_rule``,
and is keyed per version ("review-2027").
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from boards.models import Board, Meeting, Person, TimeStampedModel
from protocols.models import Obligation, Protocol, ProtocolVersion

from . import windows

EVIDENCE_EXTENSIONS = ("pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "pptx")


class OccurrenceQuerySet(models.QuerySet):
    def outstanding(self) -> OccurrenceQuerySet:
        return self.exclude(state__in=Occurrence.CLOSED_STATES)

    def in_financial_year(self, fy: int) -> OccurrenceQuerySet:
        return self.filter(financial_year=fy)

    def for_area(self, area) -> OccurrenceQuerySet:
        return self.filter(version__protocol__area=area)


class Occurrence(TimeStampedModel):
    """One dated instance of an obligation (or of the protocol's review) and its outcome."""

    class Kind(models.TextChoices):
        OBLIGATION = "obligation", "Obligation"
        REVIEW = "review", "Review of the protocol"

    class State(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open"
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        DONE = "done", "Done"
        WAIVED = "waived", "Waived"

    #: states nobody and nothing moves an occurrence out of
    CLOSED_STATES = (State.DONE, State.WAIVED)

    kind = models.CharField("kind", max_length=20, choices=Kind, default=Kind.OBLIGATION)
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occurrences",
        help_text="Empty for the review of the protocol itself.",
        # The unique (obligation, period) index leads with it already.
        db_index=False,
    )
    version = models.ForeignKey(
        ProtocolVersion,
        on_delete=models.PROTECT,
        related_name="occurrences",
        verbose_name="protocol version",
    )
    financial_year = models.PositiveSmallIntegerField(
        "financial year", help_text="The year it starts in: 2026 is April 2026 to March 2027."
    )
    period_key = models.CharField(
        "period",
        max_length=40,
        help_text="Which instance this is, e.g. 2026, 2026-Q1, meeting-42, review-2027.",
    )
    opens_on = models.DateField("opens", null=True, blank=True)
    due_on = models.DateField("due")
    state = models.CharField("state", max_length=20, choices=State, default=State.UPCOMING)
    done_on = models.DateField("done on", null=True, blank=True)
    evidence_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidenced_occurrences",
        verbose_name="meeting",
        help_text="The meeting at which it was presented, shared or discussed.",
        db_index=False,  # indexed below where set: most occurrences have none
    )
    evidence_document = models.FileField(
        "document",
        upload_to="evidence/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    evidence_link = models.URLField("link", max_length=500, blank=True)
    note = models.TextField("note", blank=True)
    waived_reason = models.TextField("reason for waiving", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="recorded by",
        db_index=False,  # indexed below where set
    )
    escalated_on = models.DateField(
        "escalated on",
        null=True,
        blank=True,
        help_text="When, long overdue, it was flagged to both boards' chairs.",
    )
    history = HistoricalRecords()

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "period_key"],
                condition=Q(obligation__isnull=False),
                name="unique_occurrence_per_obligation_period",
            ),
            models.UniqueConstraint(
                fields=["version", "period_key"],
                condition=Q(kind="review"),
                name="unique_review_per_version_period",
            ),
            models.CheckConstraint(
                condition=(Q(kind="obligation") & Q(obligation__isnull=False))
                | (Q(kind="review") & Q(obligation__isnull=True)),
                name="occurrence_review_xor_obligation",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(opens_on__lte=models.F("due_on")),
                name="occurrence_opens_before_due",
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False),
                name="done_occurrence_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state="waived") | ~Q(waived_reason=""),
                name="waived_occurrence_has_reason",
            ),
        ]
        # Each index slows the national insert, so only the ones reads need.
        indexes = [
            models.Index(fields=["state", "due_on"]),
            models.Index(
                fields=["evidence_meeting"],
                condition=Q(evidence_meeting__isnull=False),
                name="occurrence_evidence_meeting",
            ),
            models.Index(
                fields=["recorded_by"],
                condition=Q(recorded_by__isnull=False),
                name="occurrence_recorded_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — due {self.due_on:%-d %B %Y}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.REVIEW:
            return "Review of the protocol"
        return str(self.obligation)

    @property
    def financial_year_label(self) -> str:
        return windows.financial_year_label(self.financial_year)

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES

    @property
    def span(self) -> windows.Span:
        return windows.Span(opens=self.opens_on, due=self.due_on)


class GenerationMark(models.Model):
    """What the last generation planned a version from, so an unchanged version is skipped.

    The fingerprint covers everything a version's occurrences depend on: its obligations'
    keys and rules, its review rule, when it came into force and was signed, the meetings
    and trigger dates its rules follow, and the horizon. A version that stops being in
    force still has its mark, which is how generation finds the occurrences to retire.
    """

    version = models.OneToOneField(
        ProtocolVersion, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    fingerprint = models.CharField("fingerprint", max_length=64)
    generated_at = models.DateTimeField("generated at", auto_now=True)

    class Meta:
        verbose_name = "generation mark"

    def __str__(self) -> str:
        return f"Version {self.version_id} generated at {self.generated_at:%Y-%m-%d %H:%M}"


class TriggerEvent(TimeStampedModel):
    """An event a relative obligation follows, recorded when it happens.

    For example "the BSCB endorses a serious case review overview report": recording it
    makes the obligation that follows it fall due. It names the obligation by the
    protocol and the obligation's stable key, so it still applies to the next version.
    """

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="events")
    obligation_key = models.UUIDField("obligation", help_text="The stable key of the obligation.")
    happened_on = models.DateField("happened on")
    note = models.TextField("note", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["protocol", "obligation_key"])]

    def __str__(self) -> str:
        return f"Event on {self.happened_on:%-d %B %Y}"


class Reminder(TimeStampedModel):
    """A reminder about an occurrence, claimed once per occurrence and offset.

    The row is committed before the email goes, so a retried task or a second worker
    finds it and sends nothing. ``offset`` names the moment: "opens-30" (30 days before
    the window opens), "due-14", "overdue-0", "overdue-7", "review-due", "escalated".
    A send that fails is counted and its error kept; a later run tries it again.
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reminders")
    offset = models.CharField("when", max_length=30)
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    recipients = models.TextField("sent to", blank=True)
    attempts = models.PositiveSmallIntegerField("attempts to send", default=0)
    last_error = models.TextField("last error", blank=True)

    class Meta:
        ordering = ["occurrence", "offset"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "offset"], name="one_reminder_per_occurrence_offset"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offset}: {self.occurrence}"


class Digest(TimeStampedModel):
    """The weekly digest sent to one business manager, once per person and week."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField("week beginning")
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    items = models.PositiveIntegerField("items", default=0)
    attempts = models.PositiveSmallIntegerField("attempts to send", default=0)
    last_error = models.TextField("last error", blank=True)

    class Meta:
        ordering = ["-week_of", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "week_of"], name="one_digest_per_week"),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.person} for the week of {self.week_of:%-d %B %Y}"


class CalendarFeed(TimeStampedModel):
    """A subscribable iCalendar feed of a board's or a person's occurrences.

    The secret token in the feed's address is the only credential a calendar client
    sends, so it is long and random, and revoking the feed stops it working.
    """

    token = models.CharField("secret token", max_length=64, unique=True)
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        help_text="Who made the feed; a personal feed shows what they owe and are owed.",
    )
    revoked_at = models.DateTimeField("revoked", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Calendar of {self.board or self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
