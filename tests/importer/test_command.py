"""The import_protocol command: a dry run prints the proposal; otherwise it makes the draft."""

from __future__ import annotations

import io
import json
import tempfile
from hashlib import sha256
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from boards.demo import load
from protocols import timing
from protocols.models import Protocol, ProtocolImport
from tests.importer.builders import make_docx
from tests.importer.conftest import load_seed

BOLTON = load_seed("bolton_2015_bscb_bhwb_protocol")


class ImportProtocolCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def file(self, name: str, data: bytes) -> str:
        path = Path(self.folder.name) / name
        path.write_bytes(data)
        return str(path)

    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command("import_protocol", *args, stdout=out)
        return out.getvalue()

    def refusal(self, *args) -> str:
        with self.assertRaises(CommandError) as caught:
            self.run_command(*args)
        self.assertFalse(Protocol.objects.exists())
        self.assertFalse(ProtocolImport.objects.exists())
        return str(caught.exception)

    def test_dry_run_prints_the_proposal_as_json_and_saves_nothing(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        data = json.loads(
            self.run_command(path, "--area", "bolton", "--dry-run", "--format", "json")
        )
        self.assertFalse(Protocol.objects.exists())
        self.assertEqual(
            data["title"],
            "Protocol between Bolton Safeguarding Children Board and Health and Wellbeing Board",
        )
        self.assertEqual(
            [(p["short_name"], p["name"]) for p in data["parties"]],
            [
                ("BSCB", "Bolton Safeguarding Children Board"),
                ("BHWB", "Bolton Health and Wellbeing Board"),
            ],
        )
        self.assertEqual(
            [(s["number"], s["heading"]) for s in data["sections"]][:2],
            [(1, "Purpose"), (2, "Bolton Safeguarding Children Board")],
        )
        business_plan = next(o for o in data["obligations"] if "Business Plan" in o["source"])
        self.assertEqual(
            {k: business_plan[k] for k in ("owing", "receiving", "what", "timing", "timing_text")},
            {
                "owing": "BSCB",
                "receiving": "BHWB",
                "what": "share_document",
                "timing": {"kind": "deadline", "month": 6, "day": None},
                "timing_text": "by 30 June each year",
            },
        )
        self.assertEqual(
            business_plan["source"],
            "BSCB will provide BHWB with a copy of their Business Plan by June each year",
        )
        self.assertEqual(business_plan["confidence"], 0.95)
        for item in data["obligations"]:
            timing.parse_rule(item["timing"])
        self.assertNotIn("blocks", data)

    def test_dry_run_reads_a_word_document(self):
        path = self.file("bolton.docx", make_docx(BOLTON.text))
        data = json.loads(
            self.run_command(path, "--area", "bolton", "--dry-run", "--format", "json")
        )
        self.assertEqual(data["source"]["format"], "docx")
        self.assertEqual(len(data["obligations"]), 23)

    def test_dry_run_prints_a_readable_summary_by_default(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        lines = self.run_command(path, "--area", "bolton", "--dry-run").splitlines()
        self.assertEqual(
            lines[:3],
            [
                "Protocol between Bolton Safeguarding Children Board and Health and Wellbeing "
                "Board",
                "Parties: BSCB, BHWB",
                "Sections:",
            ],
        )
        self.assertIn(
            "  BSCB → BHWB: share_document, by 30 June each year (confidence 0.95)", lines
        )

    def test_without_dry_run_creates_the_draft_as_the_named_user(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        out = self.run_command(path, "--area", "bolton", "--as", "bolton-bm-bscb")
        protocol = Protocol.objects.get()
        self.assertEqual(
            out.strip(),
            "Created the draft “Protocol between Bolton Safeguarding Children Board and Health and "
            "Wellbeing Board” (bscb-bhwb) with 7 sections and 23 obligations.",
        )
        self.assertEqual(protocol.created_by.username, "bolton-bm-bscb")

    def test_without_dry_run_keeps_the_file_read_as_the_drafts_source(self):
        data = BOLTON.text.encode()
        path = self.file("bolton.txt", data)
        self.run_command(path, "--area", "bolton", "--as", "bolton-bm-bscb")
        protocol = Protocol.objects.get()
        kept = ProtocolImport.objects.get()
        self.assertEqual(kept.version, protocol.current_version)
        self.assertEqual(kept.status, ProtocolImport.Status.CREATED)
        self.assertEqual((kept.filename, kept.sha256), ("bolton.txt", sha256(data).hexdigest()))
        with kept.file.open("rb") as handle:
            self.assertEqual(handle.read(), data)

    def test_without_dry_run_json_reports_what_was_created_and_left_out(self):
        seed = load_seed("west_berkshire_2013_lscb_hwb_mib_protocol")
        path = self.file("wb.txt", seed.text.encode())
        data = json.loads(
            self.run_command(
                path,
                "--area",
                "west-berkshire",
                "--as",
                "west-berkshire-bm-lscb",
                "--format",
                "json",
            )
        )
        protocol = Protocol.objects.get()
        self.assertEqual(data["protocol"], protocol.pk)
        self.assertEqual(data["url"], protocol.get_absolute_url())
        self.assertEqual(data["obligations"], protocol.current_version.obligations.count())
        self.assertEqual(len(data["skipped"]), 2)

    def test_unknown_area_is_refused(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        self.assertEqual(
            self.refusal(path, "--area", "atlantis", "--dry-run"),
            "There is no area with the short web name “atlantis”.",
        )

    def test_missing_file_is_refused(self):
        self.assertEqual(
            self.refusal(str(Path(self.folder.name) / "none.txt"), "--area", "bolton", "--dry-run"),
            f"There is no file at {Path(self.folder.name) / 'none.txt'}.",
        )

    def test_creating_without_naming_the_user_is_refused(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        self.assertEqual(
            self.refusal(path, "--area", "bolton"),
            "Name the user the draft is created as, with --as <username>, or use --dry-run to "
            "see the proposal without saving it.",
        )

    def test_unknown_user_is_refused(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        self.assertEqual(
            self.refusal(path, "--area", "bolton", "--as", "nobody"), "There is no user “nobody”."
        )

    def test_a_refused_file_gives_its_reason(self):
        path = self.file("empty.docx", b"not a word document")
        self.assertEqual(
            self.refusal(path, "--area", "bolton", "--dry-run"),
            "This file is named .docx but is not a Word document: it is not the zip package a "
            ".docx is. Save it from Word as a .docx and upload it again.",
        )

    def test_a_file_over_the_size_limit_is_refused_before_it_is_read(self):
        path = self.file("big.txt", b"x" * 2048)
        with self.settings(PROTOCOL_IMPORT_MAX_BYTES=1024):
            self.assertEqual(
                self.refusal(path, "--area", "bolton", "--dry-run"),
                "The file is 2 KB, which is over the 1 KB limit. Save the protocol on its own, "
                "without the rest of the committee papers, and upload that.",
            )

    def test_a_user_who_may_not_start_the_protocol_is_refused_and_nothing_is_saved(self):
        path = self.file("bolton.txt", BOLTON.text.encode())
        self.assertEqual(
            self.refusal(path, "--area", "bolton", "--as", "bolton-member"),
            "Only a business manager of a board in this area can import a protocol.",
        )
