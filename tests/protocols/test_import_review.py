"""Importing a protocol in the browser: upload, wait, review, create the draft.

Each seed paper goes in as pasted text and as a Word document built here (one as a PDF
made with WeasyPrint); the review form is submitted as a browser would, from the fields
the page shows, with an edit and a rejection; the draft must hold what was accepted.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.demo import load
from boards.models import Area
from protocols.importer.create import draft_from_proposal
from protocols.importer.proposal import Proposal
from protocols.models import PostResponsibility, Protocol, ProtocolImport, ProtocolVersion
from tests.importer.builders import make_docx, make_pdf
from tests.importer.conftest import SEED_NAMES, load_seed

MEDIA = tempfile.mkdtemp(prefix="imports-")
BUSINESS_MANAGERS = {
    "bolton": "bolton-bm-bscb",
    "bromley": "bromley-bm-bscb",
    "islington": "islington-bm-iscp",
    "west-berkshire": "west-berkshire-bm-lscb",
}


class FormReader(HTMLParser):
    """Collect what a browser would submit from the page's forms: every named input,
    the checked radios and checkboxes, the selected options and the textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._option: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            else:
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._option, self._chosen = name, None, False
        elif tag == "option" and self._select is not None:
            if self._option is None:
                self._option = a.get("value", "")
            if "selected" in a and not self._chosen:
                self._option, self._chosen = a.get("value", ""), True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            self.fields.append((self._select, self._option or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data


def form_data(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data


def single(data: dict[str, list[str]], name: str) -> str:
    (value,) = data[name]
    return value


@override_settings(MEDIA_ROOT=MEDIA)
class ImportJourneyTestCase(TestCase):
    """The demo areas (the seeds' boards and people), and helpers that act as a browser."""

    @classmethod
    def setUpTestData(cls):
        load()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def sign_in(self, area_slug: str):
        user = get_user_model().objects.get(username=BUSINESS_MANAGERS[area_slug])
        self.client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return user

    def upload(self, area_slug: str, *, text: str = "", name: str = "", data: bytes = b""):
        """Post the upload form and run the reading queued on commit; return the response."""
        fields: dict = {"area": area_slug, "text": text}
        if name:
            fields["file"] = SimpleUploadedFile(name, data)
        url = f"{reverse('protocols:protocolimport_create')}?area={area_slug}"
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, fields)

    def read(self, area_slug: str, **upload) -> ProtocolImport:
        """Upload, follow to the status page, and return the import once it is read."""
        response = self.upload(area_slug, **upload)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        row = ProtocolImport.objects.latest("pk")
        self.assertEqual(response["Location"], row.get_absolute_url())
        status = self.client.get(row.get_absolute_url())
        self.assertEqual(status.status_code, 200)
        row.refresh_from_db()
        return row

    def review_data(self, row: ProtocolImport) -> dict[str, list[str]]:
        page = self.client.get(reverse("protocols:protocolimport_review", args=[row.pk]))
        self.assertEqual(page.status_code, 200)
        return form_data(page.content.decode())

    def confirm(self, row: ProtocolImport, data: dict):
        url = reverse("protocols:protocolimport_review", args=[row.pk])
        return self.client.post(url, data)


class ImportSeedTests(ImportJourneyTestCase):
    def accept_with_an_edit_and_rejections(self, row: ProtocolImport):
        """Reject the last section (of several) and the first obligation, reword the second,
        rename the first section; add a second party where only one was found; create."""
        proposal = row.proposal
        data = self.review_data(row)
        sections = [s["number"] for s in proposal["sections"]]
        self.assertEqual(single(data, "protocol-title"), proposal["title"])
        self.assertEqual(
            sorted(data["protocol-parties"]), sorted(str(p["board"]) for p in proposal["parties"])
        )
        if len(proposal["parties"]) < 2:  # a briefing names one board; the reviewer adds one
            data["protocol-parties"].append(str(row.area.boards.get(short_name="H&WB").pk))
        headings = [s["heading"] for s in proposal["sections"]]
        if len(sections) > 1:
            data[f"section-{sections[-1]}-decision"] = ["reject"]
            headings.pop()
        data[f"section-{sections[0]}-heading"] = ["What this protocol is for"]
        headings[0] = "What this protocol is for"
        if proposal["obligations"]:
            data["obligation-1-decision"] = ["reject"]
        if len(proposal["obligations"]) > 1:
            data["obligation-2-description"] = ["Present the annual report, as reworded."]
        accepted = [
            single(data, f"obligation-{n}-description")
            for n in range(1, len(proposal["obligations"]) + 1)
            if single(data, f"obligation-{n}-decision") == "accept"
        ]
        response = self.confirm(row, data)
        self.assertEqual(response.status_code, 302)
        row.refresh_from_db()
        self.assertEqual(row.status, ProtocolImport.Status.CREATED)
        self.assertEqual(response["Location"], row.version.get_absolute_url())
        left_out = [
            str(m) for m in get_messages(response.wsgi_request) if str(m).startswith("Left out")
        ]
        return row.version, proposal, headings, accepted, left_out

    def check_draft(self, version, proposal, headings, accepted, left_out):
        self.assertEqual(version.status, ProtocolVersion.Status.DRAFT)
        self.assertEqual(version.title, proposal["title"])
        self.assertEqual(list(version.sections.values_list("heading", flat=True)), headings)
        descriptions = list(version.obligations.values_list("description", flat=True))
        # A post the area has not recorded is left out when the draft is made, and said so.
        self.assertEqual(len(descriptions), len(accepted) - len(left_out), left_out)
        self.assertEqual(sorted(set(descriptions) - set(accepted)), [])
        if len(proposal["obligations"]) > 1:
            self.assertIn("Present the annual report, as reworded.", descriptions)

    def test_each_seed_pasted_as_text_becomes_the_draft_that_was_accepted(self):
        for name in SEED_NAMES:
            with self.subTest(name):
                seed = load_seed(name)
                self.sign_in(seed.area)
                row = self.read(seed.area, text=seed.text)
                self.assertEqual(row.status, ProtocolImport.Status.READY, row.error)
                self.assertEqual(row.kind, ProtocolImport.Kind.TEXT)
                self.check_draft(*self.accept_with_an_edit_and_rejections(row))

    def test_each_seed_as_a_word_document_becomes_the_draft_that_was_accepted(self):
        for name in SEED_NAMES:
            with self.subTest(name):
                seed = load_seed(name)
                self.sign_in(seed.area)
                row = self.read(seed.area, name=f"{name}.docx", data=make_docx(seed.text))
                self.assertEqual(row.status, ProtocolImport.Status.READY, row.error)
                self.assertEqual(row.kind, ProtocolImport.Kind.DOCX)
                self.check_draft(*self.accept_with_an_edit_and_rejections(row))

    def test_a_seed_as_a_pdf_is_read_and_its_file_kept_as_the_drafts_source(self):
        seed = load_seed("bolton_2015_bscb_bhwb_protocol")
        pdf = make_pdf(seed.text)
        self.sign_in("bolton")
        row = self.read("bolton", name="Bolton protocol.pdf", data=pdf)
        self.assertEqual(row.status, ProtocolImport.Status.READY, row.error)
        self.assertEqual(len(row.proposal["obligations"]), 23)
        outcome = self.accept_with_an_edit_and_rejections(row)
        self.check_draft(*outcome)
        self.assertEqual(outcome[0].protocol_import, row)
        source = self.client.get(reverse("protocols:protocolimport_source", args=[row.pk]))
        self.assertEqual(source.status_code, 200)
        self.assertEqual(source["Content-Type"], "application/pdf")
        self.assertEqual(
            source["Content-Disposition"], 'attachment; filename="Bolton protocol.pdf"'
        )
        self.assertEqual(b"".join(source.streaming_content), pdf)
        page = self.client.get(outcome[0].get_absolute_url())
        source_url = reverse("protocols:protocolimport_source", args=[row.pk])
        self.assertContains(
            page,
            f'<a class="govuk-link" href="{source_url}" download>Download the document version 1 '
            "was imported from</a> (Bolton protocol.pdf)",
        )


def contents(version: ProtocolVersion) -> tuple:
    """Return what a draft holds, without its keys, for comparing two drafts."""
    return (
        list(version.parties.values_list("board__short_name", flat=True)),
        list(version.sections.values_list("heading", "kind", "body")),
        sorted(
            (
                o.description,
                o.what,
                o.owing_board_id,
                o.owing_post_id,
                o.receiving_board_id,
                o.receiving_post_id,
                o.owing_label,
                json.dumps(o.timing.get("kind")),
            )
            for o in version.obligations.all()
        ),
        list(version.ladder_steps.values_list("title", flat=True)),
        list(
            PostResponsibility.objects.filter(section__version=version).values_list(
                "post_title", "responsibilities"
            )
        ),
    )


class AcceptAllTests(ImportJourneyTestCase):
    def test_submitting_the_review_unchanged_makes_the_draft_the_command_makes(self):
        for name in ("west_berkshire_2013_lscb_hwb_mib_protocol", "bolton_2015_bscb_bhwb_protocol"):
            with self.subTest(name):
                seed = load_seed(name)
                user = self.sign_in(seed.area)
                row = self.read(seed.area, text=seed.text)
                response = self.confirm(row, self.review_data(row))
                self.assertEqual(response.status_code, 302)
                row.refresh_from_db()
                command = draft_from_proposal(
                    actor=user, area=row.area, proposal=Proposal.from_dict(row.proposal)
                )
                self.assertEqual(contents(row.version), contents(command.protocol.current_version))


class ReviewScreenTests(ImportJourneyTestCase):
    def bolton(self) -> ProtocolImport:
        self.sign_in("bolton")
        return self.read("bolton", text=load_seed("bolton_2015_bscb_bhwb_protocol").text)

    def test_review_quotes_each_source_with_the_matched_phrase_marked(self):
        row = self.bolton()
        page = self.client.get(reverse("protocols:protocolimport_review", args=[row.pk]))
        html = page.content.decode()
        quote = (
            "“BHWB will provide a formal response to the themes and issues identified within "
            "BSCB&#x27;s <mark>annual assessment and report</mark> on the effectiveness of local "
            "safeguarding arrangements”"
        )
        self.assertTrue(quote in html, "the quote with its phrase marked is missing")
        self.assertTrue("Confidence: 60%" in html, "no confidence shown")
        self.assertFalse("<script>" in html, "an inline script without a nonce")
        self.assertEqual(html.count('<h1 class="govuk-heading-l">'), 1)

    def test_a_field_error_shows_the_summary_and_keeps_every_edit(self):
        row = self.bolton()
        data = self.review_data(row)
        data["protocol-title"] = [""]
        data["obligation-2-description"] = ["Kept while the title is put right."]
        data["obligation-3-owing"] = [""]
        before = Protocol.objects.count()
        response = self.confirm(row, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["errors"],
            [
                ("id_protocol-title", "Enter the protocol's title."),
                ("id_obligation-3-owing", "Choose who owes it, or reject it."),
            ],
        )
        html = response.content.decode()
        self.assertTrue('<a href="#id_protocol-title">Enter the protocol' in html, "no link")
        self.assertTrue("Kept while the title is put right." in html, "the edit was lost")
        self.assertEqual(Protocol.objects.count(), before)
        row.refresh_from_db()
        self.assertEqual(row.status, ProtocolImport.Status.READY)
        self.assertFalse(Protocol.objects.filter(versions__protocol_import__isnull=False).exists())

    def test_an_obligation_to_a_board_that_is_not_a_party_is_refused_at_its_field(self):
        row = self.bolton()
        data = self.review_data(row)
        bolton = Area.objects.get(slug="bolton")
        data["protocol-parties"] = [
            str(bolton.boards.get(short_name=name).pk) for name in ("BHWB", "CYPTB")
        ]
        before = Protocol.objects.count()
        response = self.confirm(row, data)
        self.assertEqual(response.status_code, 200)
        messages = [m for _, m in response.context["errors"]]
        self.assertIn(
            "Bolton Safeguarding Children Board (BSCB) is not a party: choose a party board, "
            "add it to the parties, or reject this obligation.",
            messages,
        )
        self.assertEqual(Protocol.objects.count(), before)

    def test_a_rejected_obligation_is_not_checked(self):
        row = self.bolton()
        data = self.review_data(row)
        data["obligation-3-decision"] = ["reject"]
        data["obligation-3-owing"] = [""]
        data["obligation-3-timing-kind"] = ["nonsense"]
        response = self.confirm(row, data)
        self.assertEqual(response.status_code, 302)
        version = ProtocolImport.objects.get(pk=row.pk).version
        self.assertEqual(version.obligations.count(), len(row.proposal["obligations"]) - 1)

    def test_a_changed_timing_is_saved_as_the_rule_chosen(self):
        row = self.bolton()
        data = self.review_data(row)
        data["obligation-4-timing-kind"] = ["window"]
        data["obligation-4-timing-start_month"] = ["10"]
        data["obligation-4-timing-end_month"] = ["1"]
        self.assertEqual(self.confirm(row, data).status_code, 302)
        version = ProtocolImport.objects.get(pk=row.pk).version
        description = row.proposal["obligations"][3]["description"]
        changed = version.obligations.filter(description=description)
        self.assertIn(
            {"kind": "window", "start_month": 10, "end_month": 1},
            [o.timing for o in changed],
        )

    def test_confirming_twice_makes_one_draft(self):
        row = self.bolton()
        data = self.review_data(row)
        self.assertEqual(self.confirm(row, data).status_code, 302)
        again = self.confirm(row, data)
        row.refresh_from_db()
        self.assertEqual(again["Location"], row.version.get_absolute_url())
        self.assertEqual(Protocol.objects.filter(versions__protocol_import=row).count(), 1)
        self.assertEqual(ProtocolVersion.objects.filter(protocol_import__isnull=False).count(), 1)

    def test_review_page_queries_do_not_grow_with_the_number_of_proposals(self):
        self.sign_in("bolton")
        small = self.read(
            "bolton",
            text="Protocol between the BSCB and the BHWB\n\n1. Reporting\n\nThe BSCB will "
            "present its annual report to the BHWB in September each year.\n",
        )
        large = self.bolton()
        self.assertEqual(len(small.proposal["obligations"]), 1)
        self.assertEqual(len(large.proposal["obligations"]), 23)
        counts = []
        for row in (small, large):
            url = reverse("protocols:protocolimport_review", args=[row.pk])
            self.client.get(url)  # the session and the user's roles, as on any page
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
