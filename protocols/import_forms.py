"""Forms for importing a protocol: the upload, and the review of what was found.

``ImportUploadForm`` takes a file or pasted text and refuses at once what needs no
parser (see ``importer.services.check_upload``). ``ImportReview`` is the review screen:
one small form per proposed part (prefixed, so one ``<form>`` holds them all), each with
accept and reject radios and the fields a reviewer may change; ``accepted()`` turns the
checked answers back into a ``Proposal`` for ``importer.services.protocol_import_confirm``.
A rejected part is not checked at all, and nothing is saved until that service runs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from .forms import BoardMultipleChoiceField, GovUKForm
from .importer import limits
from .importer.proposal import ObligationProposal, PartyProposal, Proposal, Side
from .models import Obligation
from .timing import TimingRuleError
from .timing_forms import TimingRuleForm, initial_from_rule

ACCEPT, REJECT = "accept", "reject"
DECISIONS = [(ACCEPT, "Accept"), (REJECT, "Reject")]
PASTED_NAME = "pasted.txt"


class ImportUploadForm(GovUKForm):
    """A .docx, a PDF or a text file, or the protocol's text pasted in."""

    submit_label = "Upload and read"

    file = forms.FileField(
        label="Upload a file",
        help_text="A Word document (.docx), a PDF saved from Word, or a text file (.txt).",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
        error_messages={"empty": "The file is empty. Choose the file with the protocol in it."},
    )
    text = forms.CharField(
        label="Or paste the protocol's text",
        help_text="Headings on their own lines, numbered paragraphs and lists are kept.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.inputs = []
        self.upload: tuple[str, bytes] | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > limits.max_upload_bytes():
            # Refused from its size alone, before it is read into memory.
            raise forms.ValidationError(limits.too_large(upload.size).message)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "")
        if self.has_error("file"):
            return cleaned
        if upload and text.strip():
            self.add_error("text", "Upload a file or paste the text, not both.")
        elif upload:
            self.upload = (upload.name, upload.read())
        elif text.strip():
            self.upload = (PASTED_NAME, text.encode("utf-8"))
        else:
            self.add_error("file", "Choose a file to upload, or paste the protocol's text.")
        return cleaned

    @property
    def pasted(self) -> bool:
        return self.upload is not None and self.upload[0] == PASTED_NAME


# --- the review ------------------------------------------------------------------------


def _decision_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Keep this?",
        choices=DECISIONS,
        initial=ACCEPT,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to accept or reject this.",
            "invalid_choice": "Choose whether to accept or reject this.",
        },
    )


class _PartForm(forms.Form):
    """A proposed part with accept and reject radios, rendered inside the review form."""

    decision = _decision_field()
    legend = ""

    def __init__(self, *args, legend: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.legend = legend
        decision = self.fields["decision"]
        decision.label = f"Keep {legend[:1].lower()}{legend[1:]}?" if legend else "Keep this?"
        message = f"Choose whether to accept or reject {legend[:1].lower()}{legend[1:]}."
        decision.error_messages.update(required=message, invalid_choice=message)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL
        self.helper.layout = self.layout()

    def layout(self) -> Layout:
        return Layout(Field.radios("decision", inline=True, small=True, legend_size=Size.SMALL))

    @property
    def accepted(self) -> bool:
        return self.cleaned_data.get("decision") == ACCEPT

    def full_clean(self):
        super().full_clean()
        # A rejected part is dropped whole: what is typed in its other fields is not checked.
        if self.is_bound and getattr(self, "cleaned_data", {}).get("decision") == REJECT:
            for name in list(self._errors):
                if name != "decision":
                    del self._errors[name]


class ReviewHeadForm(GovUKForm):
    """The title and the party boards."""

    submit_label = ""
    required_messages = {
        "title": "Enter the protocol's title.",
        "parties": "Select the boards that are party to the protocol.",
    }
    choice_messages = {"parties": "Select boards of this area from the list."}

    title = forms.CharField(label="Title", max_length=300)
    parties = BoardMultipleChoiceField(
        queryset=None,
        label="Party boards",
        help_text="Ticked where the document names the board. Select at least two.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = boards
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_parties(self):
        chosen = self.cleaned_data["parties"]
        if len(chosen) < 2:
            raise forms.ValidationError("Select at least two boards that are party to it.")
        return chosen


class SectionReviewForm(_PartForm):
    heading = forms.CharField(
        label="Heading",
        max_length=300,
        error_messages={"required": "Enter the section's heading, or reject the section."},
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("decision", inline=True, small=True, legend_size=Size.SMALL),
            Field.text("heading"),
        )


class ObligationReviewForm(_PartForm):
    """Who owes what to whom; the timing is a ``TimingRuleForm`` beside it."""

    owing = forms.ChoiceField(
        label="Owed by",
        error_messages={
            "required": "Choose who owes it, or reject it.",
            "invalid_choice": "Choose who owes it from the list.",
        },
    )
    receiving = forms.ChoiceField(
        label="Owed to",
        error_messages={
            "required": "Choose who it is owed to, or reject it.",
            "invalid_choice": "Choose who it is owed to from the list.",
        },
    )
    what = forms.ChoiceField(
        label="What",
        choices=Obligation.What.choices,
        error_messages={
            "required": "Choose what is owed, or reject it.",
            "invalid_choice": "Choose what is owed from the list.",
        },
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the obligation, or reject it."},
    )

    def __init__(self, *args, sides: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("owing", "receiving"):
            self.fields[name].choices = [("", "Choose a board or post holder"), *sides]

    def layout(self) -> Layout:
        return Layout(
            Field.radios("decision", inline=True, small=True, legend_size=Size.SMALL),
            Field.select("owing"),
            Field.select("receiving"),
            Field.select("what"),
            Field.textarea("description"),
        )


def side_value(side: Side) -> str:
    return f"board:{side.board}" if side.board is not None else f"post:{side.post_kind}"


@dataclass
class ObligationRow:
    """One proposed obligation on the review screen: the proposal and its two forms."""

    item: ObligationProposal
    form: ObligationReviewForm
    timing: TimingRuleForm
    timing_note: str = ""

    @property
    def forms(self) -> list[forms.Form]:
        accepted = self.form.is_bound and self.form.is_valid() and self.form.accepted
        return [self.form, self.timing] if accepted or not self.form.is_bound else [self.form]


class ImportReview:
    """Every form of the review screen, built from a proposal and checked together.

    ``boards`` are the area's boards the reviewer may choose as parties; ``posts`` the
    area's post holders, as (kind, title) pairs.
    """

    def __init__(self, proposal: Proposal, *, boards, posts: list[tuple[str, str]], data=None):
        self.proposal = proposal
        self.boards = list(boards)
        by_id = {b.pk: b for b in self.boards}
        self.head = ReviewHeadForm(
            data,
            boards=boards,
            prefix="protocol",
            initial={
                "title": proposal.title,
                "parties": [p.board for p in proposal.parties if p.board in by_id],
            },
        )
        self.sections = [
            SectionReviewForm(
                data,
                prefix=f"section-{s.number}",
                legend=f"Section {s.number}",
                initial={"heading": s.heading},
            )
            for s in proposal.sections
        ]
        self.post_holders = [
            _PartForm(data, prefix=f"post-holder-{n}", legend=holder.title)
            for n, holder in enumerate(proposal.post_holders, start=1)
        ]
        self.ladder = (
            _PartForm(data, prefix="ladder", legend="Resolution process")
            if proposal.ladder
            else None
        )
        self.sides = self._sides(posts)
        board_choices = [(b.pk, b.short_name) for b in self.boards]
        others = [(o.key, _short(o.description)) for o in proposal.obligations]
        self.obligations = []
        parties = {p.board for p in proposal.parties}
        for n, item in enumerate(proposal.obligations, start=1):
            prefix = f"obligation-{n}"
            outsiders = [
                side.name
                for side in (item.owing, item.receiving)
                if side.board is not None and side.board not in parties
            ]
            form = ObligationReviewForm(
                data,
                prefix=prefix,
                sides=self.sides,
                legend=f"Obligation {n}",
                initial={
                    # A board that is not a party cannot owe or be owed under the protocol.
                    "decision": REJECT if outsiders else ACCEPT,
                    "owing": side_value(item.owing),
                    "receiving": side_value(item.receiving),
                    "what": item.what,
                    "description": item.description,
                },
            )
            timing = TimingRuleForm(
                data,
                prefix=f"{prefix}-timing",
                boards=board_choices,
                obligations=[(k, label) for k, label in others if k != item.key],
            )
            note = (
                f"Proposed for rejection: the {outsiders[0]} is not a party. Add it to the "
                "parties and accept this if it should be."
                if outsiders
                else ""
            )
            try:
                timing.initial.update(initial_from_rule(item.timing))
            except TimingRuleError as exc:
                timing.initial.update(kind="ad_hoc")
                note = f"{note} {exc.message}".strip()
            self.obligations.append(ObligationRow(item, form, timing, note))

    def _sides(self, posts: list[tuple[str, str]]) -> list[tuple[str, str]]:
        sides = [(f"board:{b.pk}", f"{b.name} ({b.short_name})") for b in self.boards]
        sides += [(f"post:{kind}", title) for kind, title in posts]
        known = {value for value, _ in sides}
        # A post the area has not recorded stays choosable, so the proposal shows as found;
        # creating the draft then leaves it out and says so.
        for item in self.proposal.obligations:
            for side in (item.owing, item.receiving):
                value = side_value(side)
                if value not in known:
                    sides.append((value, side.label or side.name))
                    known.add(value)
        return sides

    # --- checking ----------------------------------------------------------------------

    def all_forms(self) -> list[forms.Form]:
        found: list[forms.Form] = [self.head, *self.sections, *self.post_holders]
        if self.ladder is not None:
            found.append(self.ladder)
        for row in self.obligations:
            found.extend(row.forms)
        return found

    def is_valid(self) -> bool:
        # Every form is checked, so every error shows at once.
        results = [form.is_valid() for form in self.all_forms()]
        return self._check_parties() and all(results)

    def _check_parties(self) -> bool:
        """An accepted obligation between boards must be between party boards."""
        if not self.head.is_valid():
            return True
        parties = {f"board:{b.pk}" for b in self.head.cleaned_data["parties"]}
        ok = True
        for row in self.obligations:
            form = row.form
            if not (form.is_valid() and form.accepted):
                continue
            for name in ("owing", "receiving"):
                value = form.cleaned_data[name]
                if value.startswith("board:") and value not in parties:
                    label = dict(self.sides)[value]
                    form.add_error(
                        name,
                        f"{label} is not a party: choose a party board, add it to the parties, "
                        "or reject this obligation.",
                    )
                    ok = False
        return ok

    # --- the result --------------------------------------------------------------------

    def accepted(self) -> Proposal:
        """Return the proposal as the reviewer left it; call only once ``is_valid()``."""
        proposal = copy.deepcopy(self.proposal)
        head = self.head.cleaned_data
        proposal.title = head["title"]
        # The parties in the document's order, then any the reviewer added.
        order = {p.board: n for n, p in enumerate(self.proposal.parties)}
        chosen = sorted(head["parties"], key=lambda b: (order.get(b.pk, len(order)), b.name))
        proposal.parties = [
            PartyProposal(board=b.pk, name=b.name, short_name=b.short_name) for b in chosen
        ]
        sections = []
        for item, form in zip(proposal.sections, self.sections, strict=True):
            if form.accepted:
                item.heading = form.cleaned_data["heading"]
                sections.append(item)
        kept = {s.number for s in sections}
        proposal.sections = sections
        proposal.post_holders = [
            holder
            for holder, form in zip(proposal.post_holders, self.post_holders, strict=True)
            if form.accepted and holder.section in kept
        ]
        if self.ladder is not None and not self.ladder.accepted:
            proposal.ladder = []
        obligations = []
        for item, row in zip(proposal.obligations, self.obligations, strict=True):
            form = row.form
            if not form.accepted:
                continue
            data = form.cleaned_data
            item.owing = self._side(data["owing"], item.owing)
            item.receiving = self._side(data["receiving"], item.receiving)
            item.what = data["what"]
            item.description = data["description"]
            item.timing = row.timing.rule or {"kind": "ad_hoc"}
            if item.section not in kept:
                item.section = None
            obligations.append(item)
        proposal.obligations = obligations
        return proposal

    def _side(self, value: str, proposed: Side) -> Side:
        if value == side_value(proposed):
            return proposed  # kept as found, with the words the document used
        kind, _, key = value.partition(":")
        label = dict(self.sides)[value]
        if kind == "board":
            board = next(b for b in self.boards if str(b.pk) == key)
            return Side(board=board.pk, name=board.short_name)
        return Side(post_kind=key, name=label)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "…"
