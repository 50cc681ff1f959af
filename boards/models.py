"""Boards, the people in them and their meetings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Base model: creation and modification times on every row."""

    created = models.DateTimeField("created", auto_now_add=True)
    modified = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class AreaQuerySet(models.QuerySet):
    def with_board_counts(self) -> AreaQuerySet:
        return self.annotate(board_count=models.Count("boards", distinct=True))


class Area(TimeStampedModel):
    """A local authority area. One installation can hold many."""

    class Kind(models.TextChoices):
        LONDON_BOROUGH = "london_borough", "London borough"
        METROPOLITAN_BOROUGH = "metropolitan_borough", "Metropolitan borough"
        UNITARY = "unitary", "Unitary authority"
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        OTHER = "other", "Other"

    name = models.CharField("name", max_length=200, unique=True)
    slug = models.SlugField("short web name", max_length=80, unique=True)
    council_name = models.CharField(
        "council", max_length=200, blank=True, help_text="For example, London Borough of Bromley."
    )
    kind = models.CharField("kind of authority", max_length=30, choices=Kind, default=Kind.OTHER)
    history = HistoricalRecords()

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("boards:area_detail", kwargs={"slug": self.slug})


class AreaAccess(TimeStampedModel):
    """An explicit grant of an area to a user who has no membership there.

    Democratic services officers, inspectors and partner officers who serve several
    areas are given them here; board members see their boards' areas already.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_accesses"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="accesses")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "area access"
        verbose_name_plural = "area accesses"
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="unique_area_access"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.area}"


class Organisation(TimeStampedModel):
    """A body that sends people to boards: council, police, an NHS body, probation, ..."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        POLICE = "police", "Police"
        NHS = "nhs", "NHS body (ICB, CCG, trust)"
        PROBATION = "probation", "Probation service"
        YOT = "yot", "Youth offending team"
        CAFCASS = "cafcass", "CAFCASS"
        SCHOOL = "school", "School or college"
        VOLUNTARY = "voluntary", "Voluntary or community sector"
        SECURE_ESTATE = "secure_estate", "Secure estate"
        OTHER = "other", "Other"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField("name", max_length=200)
    kind = models.CharField("kind", max_length=20, choices=Kind, default=Kind.OTHER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="unique_organisation_per_area"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("boards:organisation_detail", kwargs={"pk": self.pk})


class BoardQuerySet(models.QuerySet):
    def for_area(self, area: Area) -> BoardQuerySet:
        return self.filter(Q(area=area) | Q(additional_areas=area)).distinct()

    def current(self) -> BoardQuerySet:
        return self.filter(dissolved__isnull=True)


class Board(TimeStampedModel):
    """A partnership board. It can serve more than one area and be superseded."""

    class Kind(models.TextChoices):
        SAFEGUARDING_CHILDREN_BOARD = "lscb", "Local safeguarding children board"
        SAFEGUARDING_CHILDREN_PARTNERSHIP = "scp", "Safeguarding children partnership"
        HEALTH_AND_WELLBEING = "hwb", "Health and wellbeing board"
        SAFEGUARDING_ADULTS = "sab", "Safeguarding adults board"
        COMMUNITY_SAFETY = "csp", "Community safety partnership"
        CHILDRENS_TRUST = "trust", "Children's trust or partnership board"
        IMPROVEMENT = "improvement", "Improvement or implementation board"
        OTHER = "other", "Other"

    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="boards",
        verbose_name="host area",
        help_text="The area whose council hosts the board.",
    )
    additional_areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="shared_boards",
        verbose_name="also serves",
        help_text="Other areas the board serves, for example a board shared by two councils.",
    )
    name = models.CharField("name", max_length=200)
    short_name = models.CharField(
        "short name", max_length=20, help_text="As the board is known in papers, for example BSCB."
    )
    kind = models.CharField("kind of board", max_length=20, choices=Kind)
    is_statutory = models.BooleanField("statutory board", default=True)
    statutory_basis = models.TextField(
        "statutory basis",
        blank=True,
        help_text="For example, Children Act 2004 s.13, or Health and Social Care Act 2012 s.194.",
    )
    terms_of_reference = models.TextField("terms of reference", blank=True)
    established = models.DateField("established", null=True, blank=True)
    dissolved = models.DateField("dissolved", null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name="superseded by",
        help_text="The successor board, for example the safeguarding children partnership.",
    )
    history = HistoricalRecords(m2m_fields=[additional_areas])

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "short_name"], name="unique_board_short_name_per_area"
            ),
            models.UniqueConstraint(fields=["area", "name"], name="unique_board_name_per_area"),
            models.CheckConstraint(
                condition=Q(dissolved__isnull=True)
                | Q(established__isnull=True)
                | Q(dissolved__gte=models.F("established")),
                name="board_dissolved_after_established",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"

    def get_absolute_url(self) -> str:
        return reverse("boards:board_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.established and self.dissolved and self.dissolved < self.established:
            errors["dissolved"] = "The date dissolved must be on or after the date established."
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = "A board cannot supersede itself."
        if self.area_id and self.short_name:
            clash = Board.objects.filter(area_id=self.area_id, short_name__iexact=self.short_name)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["short_name"] = (
                    f"Another board in this area already has the short name {self.short_name}."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.dissolved is None or self.dissolved > timezone.localdate()


class Person(TimeStampedModel):
    """Someone who sits on boards or holds a post. May have a log-in."""

    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The area whose records hold this person.",
    )
    title = models.CharField(
        "title", max_length=40, blank=True, help_text="For example, Cllr or Dr."
    )
    full_name = models.CharField("full name", max_length=200)
    job_title = models.CharField("job title", max_length=200, blank=True)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("telephone", max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="log-in account",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.title} {self.full_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("boards:person_detail", kwargs={"pk": self.pk})


class Subgroup(TimeStampedModel):
    """A board's subgroup: standing, or short-life (task and finish) with an end date."""

    class Kind(models.TextChoices):
        STANDING = "standing", "Standing"
        TASK_AND_FINISH = "task_and_finish", "Short-life (task and finish)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Six-monthly"
        ANNUALLY = "annually", "Annually"
        AS_NEEDED = "as_needed", "As needed"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField("name", max_length=200)
    kind = models.CharField("kind", max_length=20, choices=Kind, default=Kind.STANDING)
    remit = models.TextField("remit", blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_subgroups",
        help_text="Must be a current member of the board or of the subgroup.",
    )
    meeting_frequency = models.CharField(
        "meets", max_length=20, choices=Frequency, default=Frequency.QUARTERLY
    )
    start_date = models.DateField("started", null=True, blank=True)
    end_date = models.DateField(
        "ends", null=True, blank=True, help_text="Required for a short-life group."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "name"], name="unique_subgroup_name_per_board"
            ),
            models.CheckConstraint(
                condition=~Q(kind="task_and_finish") | Q(end_date__isnull=False),
                name="task_and_finish_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="subgroup_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("boards:subgroup_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.TASK_AND_FINISH and not self.end_date:
            errors["end_date"] = "Enter the date a short-life group ends."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if self.chair_id and self.board_id:
            today = timezone.localdate()
            member = (
                Membership.objects.current(today)
                .filter(person_id=self.chair_id)
                .filter(Q(board_id=self.board_id) | Q(subgroup__pk=self.pk, subgroup__isnull=False))
                .exists()
            )
            if not member:
                errors["chair"] = "The chair must be a current member of the board or the subgroup."
        if errors:
            raise ValidationError(errors)


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Membership(TimeStampedModel):
    """A person's seat on a board or a subgroup, in a role, for a period."""

    class Role(models.TextChoices):
        INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        LAY_MEMBER = "lay_member", "Lay member"
        BUSINESS_MANAGER = "business_manager", "Business manager"
        LEAD_OFFICER = "lead_officer", "Lead officer"
        MEMBER = "member", "Member"
        PARTNER_REPRESENTATIVE = "partner_representative", "Statutory partner representative"

    CHAIR_ROLES = (Role.INDEPENDENT_CHAIR, Role.CHAIR, Role.CO_CHAIR)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField("role", max_length=30, choices=Role, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="The organisation the person represents.",
    )
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("until", null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(board__isnull=False) & Q(subgroup__isnull=True))
                | (Q(board__isnull=True) & Q(subgroup__isnull=False)),
                name="membership_of_board_xor_subgroup",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "board", "role"],
                condition=Q(end_date__isnull=True, board__isnull=False),
                name="unique_open_board_membership_role",
            ),
            models.UniqueConstraint(
                fields=["person", "subgroup", "role"],
                condition=Q(end_date__isnull=True, subgroup__isnull=False),
                name="unique_open_subgroup_membership_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.body}"

    @property
    def body(self) -> Board | Subgroup | None:
        return self.board or self.subgroup

    @property
    def is_chair(self) -> bool:
        return self.role in self.CHAIR_ROLES

    def get_absolute_url(self) -> str:
        return reverse("boards:membership_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if bool(self.board_id) == bool(self.subgroup_id):
            errors["board"] = "Choose either a board or a subgroup, not both."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if self.person_id and not errors:
            body_area_id = self.board.area_id if self.board_id else self.subgroup.board.area_id
            person_area_id = self.person.area_id
            shared = (
                self.board.additional_areas.filter(pk=person_area_id).exists()
                if (self.board_id and body_area_id != person_area_id)
                else False
            )
            if body_area_id != person_area_id and not shared:
                errors["person"] = "This person belongs to another area's records."
        if self.person_id and not errors and self.end_date is None:
            clash = Membership.objects.filter(
                person_id=self.person_id,
                board_id=self.board_id,
                subgroup_id=self.subgroup_id,
                role=self.role,
                end_date__isnull=True,
            )
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["role"] = "This person already holds this role here."
        if errors:
            raise ValidationError(errors)


class Post(TimeStampedModel):
    """A post in an area (Chief Executive, Director of Public Health, ...) and its holder.

    Protocols give duties and signatures to posts as well as to boards.
    """

    class Kind(models.TextChoices):
        CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
        LEADER = "leader", "Leader of the Council"
        DCS = "dcs", "Director of Children's Services"
        DASS = "dass", "Director of Adult Social Services"
        DPH = "dph", "Director of Public Health"
        LEAD_MEMBER_CHILDREN = "lead_member_children", "Lead Member for Children's Services"
        LEAD_MEMBER_HEALTH = "lead_member_health", "Lead Member for Health and Wellbeing"
        PCC = "pcc", "Police and Crime Commissioner"
        HEAD_DEMOCRATIC_SERVICES = "head_democratic_services", "Head of Democratic Services"
        OTHER = "other", "Other"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField("post", max_length=30, choices=Kind)
    title = models.CharField(
        "title",
        max_length=200,
        blank=True,
        help_text="Only if it differs from the post's usual name.",
    )
    holder = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name="current holder",
    )
    holder_since = models.DateField("held since", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name", "kind"]
        verbose_name = "post holder"
        verbose_name_plural = "post holders"
        constraints = [
            models.UniqueConstraint(fields=["area", "kind", "title"], name="unique_post_per_area"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("boards:post_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.kind == self.Kind.OTHER and not self.title:
            raise ValidationError({"title": "Enter the title of the post."})
        if self.holder_id and self.area_id and self.holder.area_id != self.area_id:
            raise ValidationError({"holder": "The holder must be a person in this area."})


class Priority(TimeStampedModel):
    """A board's business-plan priority for a period, with its outcomes."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField("priority", max_length=300)
    period_start = models.PositiveIntegerField("from year", help_text="For example, 2015.")
    period_end = models.PositiveIntegerField("to year", help_text="For example, 2018.")
    outcomes = models.TextField("outcomes", blank=True, help_text="One outcome a line.")
    order = models.PositiveIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "-period_start", "order"]
        verbose_name_plural = "priorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="priority_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    @property
    def period(self) -> str:
        return f"{self.period_start}–{str(self.period_end)[-2:]}"

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    def get_absolute_url(self) -> str:
        return reverse("boards:priority_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": "The end year must be the same as or after the start year."}
            )


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> MeetingQuerySet:
        return self.filter(date__gte=timezone.localdate(), status=Meeting.Status.SCHEDULED)


class Meeting(TimeStampedModel):
    """A meeting of a board or of a subgroup."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    date = models.DateField("date")
    start_time = models.TimeField("start time", null=True, blank=True)
    place = models.CharField("place", max_length=300, blank=True)
    status = models.CharField("status", max_length=20, choices=Status, default=Status.SCHEDULED)
    minutes_url = models.URLField("link to the minutes", blank=True)
    notes = models.TextField("notes", blank=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(board__isnull=False) & Q(subgroup__isnull=True))
                | (Q(board__isnull=True) & Q(subgroup__isnull=False)),
                name="meeting_of_board_xor_subgroup",
            ),
        ]
        indexes = [
            models.Index(fields=["board", "date"]),
            models.Index(fields=["subgroup", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name if self.board_id else self.body} — {self.date:%-d %B %Y}"

    @property
    def body(self) -> Board | Subgroup | None:
        return self.board or self.subgroup

    @property
    def owning_board(self) -> Board:
        return self.board if self.board_id else self.subgroup.board

    def get_absolute_url(self) -> str:
        return reverse("boards:meeting_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if bool(self.board_id) == bool(self.subgroup_id):
            raise ValidationError({"board": "Choose either a board or a subgroup, not both."})
