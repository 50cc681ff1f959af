"""Every URL × every role, checked against one table: the access policy.

The URLs come from the URL conf itself, so a page or endpoint added without a row in
``POLICY`` fails here with its name. Each URL is tried by every persona of
``tests/conftest.py`` with GET, and the pages and endpoints that write are tried with a
valid write as well (POST for the browser forms and for API lists, PATCH for API
records); a refused write must leave the database as it was. Every other operation the API
schema lists (PUT, DELETE and the actions) is tried too, with an empty body
(``tests/security/api_operations.py``), so the table covers the schema as well.

Targets name which record fills the URL (or, for a new record, where it is added):

- ``-``: no record;
- ``A``: area A's record on the HWB board, which the business manager and chair run;
- ``A2``: area A's record on the other board (ASCP), which they may only read;
- ``B``: area B's record, which only area B's business manager (and a superuser) sees.

Protocol records are in a protocol between area A's HWB and ASCP (``A``), and one
between two of area B's boards (``B``); both versions are in consultation, so they can
still be changed and commented on. The protocol pages use the same records and, where a
page needs another state, a version awaiting approval, an approved one or a protocol in
force (``tests/security/protocol_pages.py`` says which page gets which, and what a
correct submission of each page's form is).

Only the Django admin (its own staff-only login, checked separately) and static files
are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.test import APIClient

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
from calendar_cycle import feeds as calendar_feeds
from calendar_cycle.models import CalendarFeed, Occurrence
from protocols import services as protocol_services
from protocols.models import (
    Comment,
    Concern,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolImport,
    ProtocolVersion,
    Section,
)
from reporting.models import CommitteeReport, EvidencePack
from tests import factories as f
from tests.conftest import ROLES
from tests.factories import protocols as pf
from tests.security import api_operations as api
from tests.security import protocol_pages as pages

# --- outcomes ----------------------------------------------------------------------------

LOGIN = "login"  # 302 to /accounts/login/
SAVED = "saved"  # a write accepted (302 to the record, or 200/201 from the API); it changed
BAD = "bad"  # a write refused at a field (the form again, or 400); nothing changed
REFUSED = pages.REFUSED  # a button's write refused: 302 back with the reason; nothing changed
# 200: the page or the data; 403: refused; 404: as if it did not exist; 405: no such method.
# A refused write (403, 404, 405, login) must also leave the record as it was.

# --- the policy --------------------------------------------------------------------------
# Keys are "<url name> <method> <target>". Columns follow ROLES in tests/conftest.py.

# fmt: off
POLICY = {
    #                                       anon   member b.man  chair  dem.s  b.m.B  super
    "home GET -":                           (LOGIN, 200,   200,   200,   200,   200,   200),
    "login GET -":                          (200,   200,   200,   200,   200,   200,   200),
    "logout GET -":                         (LOGIN, 405,   405,   405,   405,   405,   405),
    "healthz GET -":                        (200,   200,   200,   200,   200,   200,   200),
    "boards:area_detail GET A":             (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:area_detail GET B":             (LOGIN, 404,   404,   404,   404,   200,   200),

    # Boards: only a superuser adds one; a board's business manager and chair change it.
    "boards:board_list GET -":              (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:board_create GET -":            (LOGIN, 403,   403,   403,   403,   403,   200),
    "boards:board_create POST A":           (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:board_create POST B":           (LOGIN, 404,   404,   404,   404,   403,   SAVED),
    "boards:board_detail GET A":            (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:board_detail GET A2":           (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:board_detail GET B":            (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:board_update GET A":            (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:board_update GET A2":           (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:board_update GET B":            (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:board_update POST A":           (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:board_update POST A2":          (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:board_update POST B":           (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),

    # Area records: the editors of any board hosted in the area keep them.
    "boards:organisation_list GET -":       (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:organisation_create GET -":     (LOGIN, 403,   200,   200,   403,   200,   200),
    "boards:organisation_create POST A":    (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:organisation_create POST B":    (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:organisation_detail GET A":     (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:organisation_detail GET B":     (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:organisation_update GET A":     (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:organisation_update GET B":     (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:organisation_update POST A":    (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:organisation_update POST B":    (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:person_list GET -":             (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:person_create GET -":           (LOGIN, 403,   200,   200,   403,   200,   200),
    "boards:person_create POST A":          (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:person_create POST B":          (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:person_detail GET A":           (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:person_detail GET B":           (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:person_update GET A":           (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:person_update GET B":           (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:person_update POST A":          (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:person_update POST B":          (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:post_list GET -":               (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:post_create GET -":             (LOGIN, 403,   200,   200,   403,   200,   200),
    "boards:post_create POST A":            (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:post_create POST B":            (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:post_detail GET A":             (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:post_detail GET B":             (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:post_update GET A":             (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:post_update GET B":             (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:post_update POST A":            (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:post_update POST B":            (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),

    # Board records: the board's own business manager and chair keep them.
    "boards:subgroup_list GET -":           (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:subgroup_create GET -":         (LOGIN, 403,   200,   200,   403,   200,   200),
    "boards:subgroup_create POST A":        (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:subgroup_create POST A2":       (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:subgroup_create POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:subgroup_detail GET A":         (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:subgroup_detail GET A2":        (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:subgroup_detail GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:subgroup_update GET A":         (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:subgroup_update GET A2":        (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:subgroup_update GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:subgroup_update POST A":        (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:subgroup_update POST A2":       (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:subgroup_update POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:membership_list GET -":         (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:membership_create GET -":       (LOGIN, 403,   200,   200,   403,   200,   200),
    "boards:membership_create POST A":      (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:membership_create POST A2":     (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:membership_create POST B":      (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:membership_detail GET A":       (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:membership_detail GET A2":      (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:membership_detail GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:membership_update GET A":       (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:membership_update GET A2":      (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:membership_update GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:membership_update POST A":      (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:membership_update POST A2":     (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:membership_update POST B":      (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:priority_list GET -":           (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:priority_create GET -":         (LOGIN, 403,   200,   200,   403,   200,   200),
    "boards:priority_create POST A":        (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:priority_create POST A2":       (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:priority_create POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:priority_detail GET A":         (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:priority_detail GET A2":        (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:priority_detail GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:priority_update GET A":         (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:priority_update GET A2":        (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:priority_update GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:priority_update POST A":        (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "boards:priority_update POST A2":       (LOGIN, 403,   403,   403,   403,   404,   SAVED),
    "boards:priority_update POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),

    # Meetings: democratic services also schedule and change them, for any board they see.
    "boards:meeting_list GET -":            (LOGIN, 200,   200,   200,   200,   200,   200),
    "boards:meeting_create GET -":          (LOGIN, 403,   200,   200,   200,   200,   200),
    "boards:meeting_create POST A":         (LOGIN, 403,   SAVED, SAVED, SAVED, 404,   SAVED),
    "boards:meeting_create POST A2":        (LOGIN, 403,   403,   403,   SAVED, 404,   SAVED),
    "boards:meeting_create POST B":         (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "boards:meeting_detail GET A":          (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:meeting_detail GET A2":         (LOGIN, 200,   200,   200,   200,   404,   200),
    "boards:meeting_detail GET B":          (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:meeting_update GET A":          (LOGIN, 403,   200,   200,   200,   404,   200),
    "boards:meeting_update GET A2":         (LOGIN, 403,   403,   403,   200,   404,   200),
    "boards:meeting_update GET B":          (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:meeting_update POST A":         (LOGIN, 403,   SAVED, SAVED, SAVED, 404,   SAVED),
    "boards:meeting_update POST A2":        (LOGIN, 403,   403,   403,   SAVED, 404,   SAVED),
    "boards:meeting_update POST B":         (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),

    # Committee reports: democratic services of the area write, clear and publish them,
    # and a draft is theirs alone (to everyone else it is not found). Only the officer
    # named records a clearance, so that page refuses everyone else, a superuser too.
    # A meeting's agenda pack is for anyone who can see the meeting.
    "reporting:report_list GET -":          (LOGIN, 200,   200,   200,   200,   200,   200),
    "reporting:report_create GET -":        (LOGIN, 403,   403,   403,   200,   403,   200),
    "reporting:report_create POST -":       (LOGIN, 403,   403,   403,   BAD,   403,   BAD),
    "reporting:report_from_protocol GET -": (LOGIN, 404,   404,   404,   404,   404,   404),
    "reporting:report_detail GET A":        (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_detail GET A2":       (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_detail GET B":        (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_update GET A":        (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_update GET A2":       (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_update GET B":        (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_update POST A":       (LOGIN, 404,   404,   404,   SAVED, 404,   SAVED),
    "reporting:report_update POST A2":      (LOGIN, 404,   404,   404,   SAVED, 404,   SAVED),
    "reporting:report_update POST B":       (LOGIN, 404,   404,   404,   404,   404,   SAVED),
    "reporting:report_sections GET A":      (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_sections GET A2":     (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_sections GET B":      (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_implications GET A":  (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_implications GET A2": (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_implications GET B":  (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_officers GET A":      (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_officers GET A2":     (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_officers GET B":      (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_clearance GET A":     (LOGIN, 404,   404,   404,   403,   404,   403),
    "reporting:report_clearance GET A2":    (LOGIN, 404,   404,   404,   403,   404,   403),
    "reporting:report_clearance GET B":     (LOGIN, 404,   404,   404,   404,   404,   403),
    "reporting:report_submit GET A":        (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_submit GET A2":       (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_submit GET B":        (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_withdraw GET A":      (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_withdraw GET A2":     (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_withdraw GET B":      (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_clear GET A":         (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_clear GET A2":        (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_clear GET B":         (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_publish GET A":       (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_publish GET A2":      (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_publish GET B":       (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_revise GET A":        (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_revise GET A2":       (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_revise GET B":        (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_pdf GET A":           (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_pdf GET A2":          (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_pdf GET B":           (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:report_docx GET A":          (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_docx GET A2":         (LOGIN, 404,   404,   404,   200,   404,   200),
    "reporting:report_docx GET B":          (LOGIN, 404,   404,   404,   404,   404,   200),
    "reporting:meeting_agenda GET A":       (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:meeting_agenda GET A2":      (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:meeting_agenda GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:report_from_occurrence GET -": (LOGIN, 404, 404,   404,   404,   404,   404),

    # Compliance: the figures, their downloads and the annual report tracker for anyone
    # who can see the area, board or protocol. Evidence packs are made (POST only; an
    # empty one is refused) and downloaded by the area's board chairs, business managers
    # and democratic services; to everyone else a pack is not found.
    "reporting:compliance_home GET -":      (LOGIN, 200,   200,   200,   200,   200,   200),
    "reporting:area_compliance GET A":      (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:area_compliance GET B":      (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:area_figures GET A":         (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:area_figures GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:area_tracker GET A":         (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:area_tracker GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:board_compliance GET A":     (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:board_compliance GET A2":    (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:board_compliance GET B":     (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:board_figures GET A":        (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:board_figures GET A2":       (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:board_figures GET B":        (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:protocol_compliance GET A":  (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:protocol_compliance GET B":  (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:protocol_figures GET A":     (LOGIN, 200,   200,   200,   200,   404,   200),
    "reporting:protocol_figures GET B":     (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:occurrence_list GET -":      (LOGIN, 200,   200,   200,   200,   200,   200),
    "reporting:occurrence_log GET -":       (LOGIN, 200,   200,   200,   200,   200,   200),
    "reporting:pack_create GET -":          (LOGIN, 405,   405,   405,   405,   405,   405),
    "reporting:pack_create POST -":         (LOGIN, BAD,   BAD,   BAD,   BAD,   BAD,   BAD),
    "reporting:pack_detail GET A":          (LOGIN, 404,   200,   200,   200,   404,   200),
    "reporting:pack_detail GET B":          (LOGIN, 404,   404,   404,   404,   200,   200),
    "reporting:pack_download GET A":        (LOGIN, 404,   200,   200,   200,   404,   200),
    "reporting:pack_download GET B":        (LOGIN, 404,   404,   404,   404,   200,   200),

    # The calendar: what's due and the calendar for anyone who can see the area; an
    # occurrence is recorded or waived by POST from its page only (GET is 405). The
    # fixture occurrences have no evidence document, so the download is not found; it is
    # tried with one in tests/calendar_cycle/test_views_occurrence.py. Feeds belong to
    # whoever made them (the business managers here); the feed itself needs no sign-in.
    "calendar_cycle:due_list GET -":        (LOGIN, 200,   200,   200,   200,   200,   200),
    "calendar_cycle:board_due GET A":       (LOGIN, 200,   200,   200,   200,   404,   200),
    "calendar_cycle:board_due GET A2":      (LOGIN, 200,   200,   200,   200,   404,   200),
    "calendar_cycle:board_due GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "calendar_cycle:calendar_home GET -":   (LOGIN, 200,   200,   200,   200,   200,   200),
    "calendar_cycle:area_calendar GET A":   (LOGIN, 200,   200,   200,   200,   404,   200),
    "calendar_cycle:area_calendar GET B":   (LOGIN, 404,   404,   404,   404,   200,   200),
    "calendar_cycle:occurrence_detail GET A": (LOGIN, 200, 200,   200,   200,   404,   200),
    "calendar_cycle:occurrence_detail GET B": (LOGIN, 404, 404,   404,   404,   200,   200),
    "calendar_cycle:occurrence_done GET A": (LOGIN, 405,   405,   405,   405,   405,   405),
    "calendar_cycle:occurrence_done GET B": (LOGIN, 405,   405,   405,   405,   405,   405),
    "calendar_cycle:occurrence_waive GET A": (LOGIN, 405,  405,   405,   405,   405,   405),
    "calendar_cycle:occurrence_waive GET B": (LOGIN, 405,  405,   405,   405,   405,   405),
    "calendar_cycle:occurrence_evidence GET A": (LOGIN, 404, 404, 404,   404,   404,   404),
    "calendar_cycle:occurrence_evidence GET B": (LOGIN, 404, 404, 404,   404,   404,   404),
    "calendar_cycle:meeting_plan GET A":    (LOGIN, 200,   200,   200,   200,   404,   200),
    "calendar_cycle:meeting_plan GET A2":   (LOGIN, 200,   200,   200,   200,   404,   200),
    "calendar_cycle:meeting_plan GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "calendar_cycle:feed_list GET -":       (LOGIN, 200,   200,   200,   200,   200,   200),
    "calendar_cycle:feed_create GET -":     (LOGIN, 200,   200,   200,   200,   200,   200),
    "calendar_cycle:feed_create POST -":    (LOGIN, BAD,   BAD,   BAD,   BAD,   BAD,   BAD),
    "calendar_cycle:feed_revoke GET A":     (LOGIN, 404,   200,   404,   404,   404,   200),
    "calendar_cycle:feed_revoke GET B":     (LOGIN, 404,   404,   404,   404,   200,   200),
    "calendar_cycle:feed_ics GET A":        (200,   200,   200,   200,   200,   200,   200),
    "calendar_cycle:feed_ics GET B":        (200,   200,   200,   200,   200,   200,   200),

    # Public pages: anyone, signed in or not. A protocol has a public page and signed PDF
    # only while it is signed and in force; these are in consultation, so not found.
    "verify:pdf_verify GET -":              (200,   200,   200,   200,   200,   200,   200),
    "public:protocol_list GET -":           (200,   200,   200,   200,   200,   200,   200),
    "public:protocol_detail GET A":         (404,   404,   404,   404,   404,   404,   404),
    "public:protocol_detail GET B":         (404,   404,   404,   404,   404,   404,   404),
    "public:protocol_pdf GET A":            (404,   404,   404,   404,   404,   404,   404),
    "public:protocol_pdf GET B":            (404,   404,   404,   404,   404,   404,   404),

    # Deleting asks for confirmation first; whoever may change a record may delete it.
    "boards:subgroup_delete GET A":         (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:subgroup_delete GET A2":        (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:subgroup_delete GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:membership_delete GET A":       (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:membership_delete GET A2":      (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:membership_delete GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:post_delete GET A":             (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:post_delete GET B":             (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:priority_delete GET A":         (LOGIN, 403,   200,   200,   403,   404,   200),
    "boards:priority_delete GET A2":        (LOGIN, 403,   403,   403,   403,   404,   200),
    "boards:priority_delete GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "boards:meeting_delete GET A":          (LOGIN, 403,   200,   200,   200,   404,   200),
    "boards:meeting_delete GET A2":         (LOGIN, 403,   403,   403,   200,   404,   200),
    "boards:meeting_delete GET B":          (LOGIN, 404,   404,   404,   404,   200,   200),

    # The API: the same policy. Anonymous callers get 403 (session authentication comes
    # first). A new record naming a parent the caller cannot see is a field error (400).
    "api-root GET -":                       (403,   200,   200,   200,   200,   200,   200),
    "api-token GET -":                      (405,   405,   405,   405,   405,   405,   405),
    "schema GET -":                         (403,   200,   200,   200,   200,   200,   200),
    "api-docs GET -":                       (403,   200,   200,   200,   200,   200,   200),
    "area-list GET -":                      (403,   200,   200,   200,   200,   200,   200),
    "area-list POST -":                     (403,   405,   405,   405,   405,   405,   405),
    "area-detail GET A":                    (403,   200,   200,   200,   200,   404,   200),
    "area-detail GET B":                    (403,   404,   404,   404,   404,   200,   200),
    "area-detail PATCH A":                  (403,   405,   405,   405,   405,   405,   405),
    "area-detail PATCH B":                  (403,   405,   405,   405,   405,   405,   405),
    "board-list GET -":                     (403,   200,   200,   200,   200,   200,   200),
    "board-list POST A":                    (403,   403,   403,   403,   403,   403,   SAVED),
    "board-list POST B":                    (403,   403,   403,   403,   403,   403,   SAVED),
    "board-detail GET A":                   (403,   200,   200,   200,   200,   404,   200),
    "board-detail GET A2":                  (403,   200,   200,   200,   200,   404,   200),
    "board-detail GET B":                   (403,   404,   404,   404,   404,   200,   200),
    "board-detail PATCH A":                 (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "board-detail PATCH A2":                (403,   403,   403,   403,   403,   404,   SAVED),
    "board-detail PATCH B":                 (403,   404,   404,   404,   404,   SAVED, SAVED),
    "organisation-list GET -":              (403,   200,   200,   200,   200,   200,   200),
    "organisation-list POST A":             (403,   403,   SAVED, SAVED, 403,   BAD,   SAVED),
    "organisation-list POST B":             (403,   403,   BAD,   BAD,   403,   SAVED, SAVED),
    "organisation-detail GET A":            (403,   200,   200,   200,   200,   404,   200),
    "organisation-detail GET B":            (403,   404,   404,   404,   404,   200,   200),
    "organisation-detail PATCH A":          (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "organisation-detail PATCH B":          (403,   404,   404,   404,   404,   SAVED, SAVED),
    "person-list GET -":                    (403,   200,   200,   200,   200,   200,   200),
    "person-list POST A":                   (403,   403,   SAVED, SAVED, 403,   BAD,   SAVED),
    "person-list POST B":                   (403,   403,   BAD,   BAD,   403,   SAVED, SAVED),
    "person-detail GET A":                  (403,   200,   200,   200,   200,   404,   200),
    "person-detail GET B":                  (403,   404,   404,   404,   404,   200,   200),
    "person-detail PATCH A":                (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "person-detail PATCH B":                (403,   404,   404,   404,   404,   SAVED, SAVED),
    "post-list GET -":                      (403,   200,   200,   200,   200,   200,   200),
    "post-list POST A":                     (403,   403,   SAVED, SAVED, 403,   BAD,   SAVED),
    "post-list POST B":                     (403,   403,   BAD,   BAD,   403,   SAVED, SAVED),
    "post-detail GET A":                    (403,   200,   200,   200,   200,   404,   200),
    "post-detail GET B":                    (403,   404,   404,   404,   404,   200,   200),
    "post-detail PATCH A":                  (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "post-detail PATCH B":                  (403,   404,   404,   404,   404,   SAVED, SAVED),
    "subgroup-list GET -":                  (403,   200,   200,   200,   200,   200,   200),
    "subgroup-list POST A":                 (403,   403,   SAVED, SAVED, 403,   BAD,   SAVED),
    "subgroup-list POST A2":                (403,   403,   403,   403,   403,   BAD,   SAVED),
    "subgroup-list POST B":                 (403,   403,   BAD,   BAD,   403,   SAVED, SAVED),
    "subgroup-detail GET A":                (403,   200,   200,   200,   200,   404,   200),
    "subgroup-detail GET A2":               (403,   200,   200,   200,   200,   404,   200),
    "subgroup-detail GET B":                (403,   404,   404,   404,   404,   200,   200),
    "subgroup-detail PATCH A":              (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "subgroup-detail PATCH A2":             (403,   403,   403,   403,   403,   404,   SAVED),
    "subgroup-detail PATCH B":              (403,   404,   404,   404,   404,   SAVED, SAVED),
    "membership-list GET -":                (403,   200,   200,   200,   200,   200,   200),
    "membership-list POST A":               (403,   403,   SAVED, SAVED, 403,   BAD,   SAVED),
    "membership-list POST A2":              (403,   403,   403,   403,   403,   BAD,   SAVED),
    "membership-list POST B":               (403,   403,   BAD,   BAD,   403,   SAVED, SAVED),
    "membership-detail GET A":              (403,   200,   200,   200,   200,   404,   200),
    "membership-detail GET A2":             (403,   200,   200,   200,   200,   404,   200),
    "membership-detail GET B":              (403,   404,   404,   404,   404,   200,   200),
    "membership-detail PATCH A":            (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "membership-detail PATCH A2":           (403,   403,   403,   403,   403,   404,   SAVED),
    "membership-detail PATCH B":            (403,   404,   404,   404,   404,   SAVED, SAVED),
    "priority-list GET -":                  (403,   200,   200,   200,   200,   200,   200),
    "priority-list POST A":                 (403,   403,   SAVED, SAVED, 403,   BAD,   SAVED),
    "priority-list POST A2":                (403,   403,   403,   403,   403,   BAD,   SAVED),
    "priority-list POST B":                 (403,   403,   BAD,   BAD,   403,   SAVED, SAVED),
    "priority-detail GET A":                (403,   200,   200,   200,   200,   404,   200),
    "priority-detail GET A2":               (403,   200,   200,   200,   200,   404,   200),
    "priority-detail GET B":                (403,   404,   404,   404,   404,   200,   200),
    "priority-detail PATCH A":              (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "priority-detail PATCH A2":             (403,   403,   403,   403,   403,   404,   SAVED),
    "priority-detail PATCH B":              (403,   404,   404,   404,   404,   SAVED, SAVED),
    "meeting-list GET -":                   (403,   200,   200,   200,   200,   200,   200),
    "meeting-list POST A":                  (403,   403,   SAVED, SAVED, SAVED, BAD,   SAVED),
    "meeting-list POST A2":                 (403,   403,   403,   403,   SAVED, BAD,   SAVED),
    "meeting-list POST B":                  (403,   403,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "meeting-detail GET A":                 (403,   200,   200,   200,   200,   404,   200),
    "meeting-detail GET A2":                (403,   200,   200,   200,   200,   404,   200),
    "meeting-detail GET B":                 (403,   404,   404,   404,   404,   200,   200),
    "meeting-detail PATCH A":               (403,   403,   SAVED, SAVED, SAVED, 404,   SAVED),
    "meeting-detail PATCH A2":              (403,   403,   403,   403,   SAVED, 404,   SAVED),
    "meeting-detail PATCH B":               (403,   404,   404,   404,   404,   SAVED, SAVED),

    # Protocols in the API: every write goes to a service, which answers for who (403) and
    # for the version's state; another area's protocol is not found. A section's change
    # must name the revision it started from, so one without is refused (400) for all.
    "protocol-list GET -":                  (403,   200,   200,   200,   200,   200,   200),
    "protocol-list POST A":                 (403,   403,   SAVED, 403,   403,   BAD,   SAVED),
    "protocol-list POST B":                 (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-detail GET A":                (403,   200,   200,   200,   200,   404,   200),
    "protocol-detail GET B":                (403,   404,   404,   404,   404,   200,   200),
    "protocol-detail PATCH A":              (403,   405,   405,   405,   405,   405,   405),
    "protocol-detail PATCH B":              (403,   405,   405,   405,   405,   405,   405),
    "protocol-newversion GET A":            (403,   405,   405,   405,   405,   405,   405),
    "protocol-newversion GET B":            (403,   405,   405,   405,   405,   405,   405),
    "protocol-version-list GET A":          (403,   200,   200,   200,   200,   404,   200),
    "protocol-version-list GET B":          (403,   404,   404,   404,   404,   200,   200),
    "protocol-version-list POST A":         (403,   405,   405,   405,   405,   405,   405),
    "protocol-version-list POST B":         (403,   405,   405,   405,   405,   405,   405),
    "protocol-version-detail GET A":        (403,   200,   200,   200,   200,   404,   200),
    "protocol-version-detail GET B":        (403,   404,   404,   404,   404,   200,   200),
    "protocol-version-detail PATCH A":      (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-version-detail PATCH B":      (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-version-transitions GET A":   (403,   200,   200,   200,   200,   404,   200),
    "protocol-version-transitions GET B":   (403,   404,   404,   404,   404,   200,   200),
    "protocol-version-approvals GET A":     (403,   200,   200,   200,   200,   404,   200),
    "protocol-version-approvals GET B":     (403,   404,   404,   404,   404,   200,   200),
    "protocol-version-signatures GET A":    (403,   200,   200,   200,   200,   404,   200),
    "protocol-version-signatures GET B":    (403,   404,   404,   404,   404,   200,   200),
    "protocol-version-compare GET A":       (403,   400,   400,   400,   400,   404,   400),
    "protocol-version-compare GET B":       (403,   404,   404,   404,   404,   400,   400),
    "protocol-party-list GET -":            (403,   200,   200,   200,   200,   200,   200),
    "protocol-party-list POST A":           (403,   403,   SAVED, 403,   403,   BAD,   SAVED),
    "protocol-party-list POST B":           (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-party-detail GET A":          (403,   200,   200,   200,   200,   404,   200),
    "protocol-party-detail GET B":          (403,   404,   404,   404,   404,   200,   200),
    "protocol-party-detail PATCH A":        (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-party-detail PATCH B":        (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-section-list GET -":          (403,   200,   200,   200,   200,   200,   200),
    "protocol-section-list POST A":         (403,   403,   SAVED, 403,   403,   BAD,   SAVED),
    "protocol-section-list POST B":         (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-section-detail GET A":        (403,   200,   200,   200,   200,   404,   200),
    "protocol-section-detail GET B":        (403,   404,   404,   404,   404,   200,   200),
    "protocol-section-detail PATCH A":      (403,   BAD,   BAD,   BAD,   BAD,   404,   BAD),
    "protocol-section-detail PATCH B":      (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-section-move GET A":          (403,   405,   405,   405,   405,   405,   405),
    "protocol-section-move GET B":          (403,   405,   405,   405,   405,   405,   405),
    "protocol-obligation-list GET -":       (403,   200,   200,   200,   200,   200,   200),
    "protocol-obligation-list POST A":      (403,   403,   SAVED, 403,   403,   BAD,   SAVED),
    "protocol-obligation-list POST B":      (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-obligation-detail GET A":     (403,   200,   200,   200,   200,   404,   200),
    "protocol-obligation-detail GET B":     (403,   404,   404,   404,   404,   200,   200),
    "protocol-obligation-detail PATCH A":   (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-obligation-detail PATCH B":   (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-post-holder-list GET -":      (403,   200,   200,   200,   200,   200,   200),
    "protocol-post-holder-list POST A":     (403,   403,   SAVED, 403,   403,   BAD,   SAVED),
    "protocol-post-holder-list POST B":     (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-post-holder-detail GET A":    (403,   200,   200,   200,   200,   404,   200),
    "protocol-post-holder-detail GET B":    (403,   404,   404,   404,   404,   200,   200),
    "protocol-post-holder-detail PATCH A":  (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-post-holder-detail PATCH B":  (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-ladder-step-list GET -":      (403,   200,   200,   200,   200,   200,   200),
    "protocol-ladder-step-list POST A":     (403,   403,   SAVED, 403,   403,   BAD,   SAVED),
    "protocol-ladder-step-list POST B":     (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-ladder-step-detail GET A":    (403,   200,   200,   200,   200,   404,   200),
    "protocol-ladder-step-detail GET B":    (403,   404,   404,   404,   404,   200,   200),
    "protocol-ladder-step-detail PATCH A":  (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-ladder-step-detail PATCH B":  (403,   404,   404,   404,   404,   SAVED, SAVED),

    # Consultation comments: anyone on a party board comments; nobody edits a comment.
    "protocol-comment-list GET -":          (403,   200,   200,   200,   200,   200,   200),
    "protocol-comment-list POST A":         (403,   SAVED, SAVED, SAVED, 403,   BAD,   SAVED),
    "protocol-comment-list POST B":         (403,   BAD,   BAD,   BAD,   BAD,   SAVED, SAVED),
    "protocol-comment-detail GET A":        (403,   200,   200,   200,   200,   404,   200),
    "protocol-comment-detail GET B":        (403,   404,   404,   404,   404,   200,   200),
    "protocol-comment-detail PATCH A":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-comment-detail PATCH B":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-comment-resolve GET A":       (403,   405,   405,   405,   405,   405,   405),
    "protocol-comment-resolve GET B":       (403,   405,   405,   405,   405,   405,   405),

    # Concerns move only by their actions (POST); a concern with no protocol is refused.
    "protocol-concern-list GET -":          (403,   200,   200,   200,   200,   200,   200),
    "protocol-concern-list POST -":         (403,   BAD,   BAD,   BAD,   BAD,   BAD,   BAD),
    "protocol-concern-detail GET A":        (403,   200,   200,   200,   200,   404,   200),
    "protocol-concern-detail GET B":        (403,   404,   404,   404,   404,   200,   200),
    "protocol-concern-detail PATCH A":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-detail PATCH B":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-respond GET A":       (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-respond GET B":       (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-escalate GET A":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-escalate GET B":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-resolve GET A":       (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-resolve GET B":       (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-withdraw GET A":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-concern-withdraw GET B":      (403,   405,   405,   405,   405,   405,   405),

    # The API's other operations, as its schema lists them, tried with an empty body:
    # whoever may change a record gets the field error (400) or the state's refusal (409),
    # and a deletion goes ahead; only an administrator deletes a board (refused here,
    # with the reason, while it has records). On a version's approvals, signatures and
    # steps, and on answering a concern, the body or the state is checked before who is
    # asking, so a reader who can see the record gets the 400 or 409 too; nothing changes.
    "api-token POST -":                     (BAD,   BAD,   BAD,   BAD,   BAD,   BAD,   BAD),
    "board-detail DELETE A":                (403,   403,   403,   403,   403,   404,   BAD),
    "board-detail DELETE A2":               (403,   403,   403,   403,   403,   404,   BAD),
    "board-detail DELETE B":                (403,   404,   404,   404,   404,   403,   BAD),
    "board-detail PUT A":                   (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "board-detail PUT A2":                  (403,   403,   403,   403,   403,   404,   BAD),
    "board-detail PUT B":                   (403,   404,   404,   404,   404,   BAD,   BAD),
    "meeting-detail DELETE A":              (403,   403,   SAVED, SAVED, SAVED, 404,   SAVED),
    "meeting-detail DELETE A2":             (403,   403,   403,   403,   SAVED, 404,   SAVED),
    "meeting-detail DELETE B":              (403,   404,   404,   404,   404,   SAVED, SAVED),
    "meeting-detail PUT A":                 (403,   403,   BAD,   BAD,   BAD,   404,   BAD),
    "meeting-detail PUT A2":                (403,   403,   403,   403,   BAD,   404,   BAD),
    "meeting-detail PUT B":                 (403,   404,   404,   404,   404,   BAD,   BAD),
    "membership-detail DELETE A":           (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "membership-detail DELETE A2":          (403,   403,   403,   403,   403,   404,   SAVED),
    "membership-detail DELETE B":           (403,   404,   404,   404,   404,   SAVED, SAVED),
    "membership-detail PUT A":              (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "membership-detail PUT A2":             (403,   403,   403,   403,   403,   404,   BAD),
    "membership-detail PUT B":              (403,   404,   404,   404,   404,   BAD,   BAD),
    "organisation-detail DELETE A":         (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "organisation-detail DELETE B":         (403,   404,   404,   404,   404,   SAVED, SAVED),
    "organisation-detail PUT A":            (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "organisation-detail PUT B":            (403,   404,   404,   404,   404,   BAD,   BAD),
    "person-detail DELETE A":               (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "person-detail DELETE B":               (403,   404,   404,   404,   404,   SAVED, SAVED),
    "person-detail PUT A":                  (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "person-detail PUT B":                  (403,   404,   404,   404,   404,   BAD,   BAD),
    "post-detail DELETE A":                 (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "post-detail DELETE B":                 (403,   404,   404,   404,   404,   SAVED, SAVED),
    "post-detail PUT A":                    (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "post-detail PUT B":                    (403,   404,   404,   404,   404,   BAD,   BAD),
    "priority-detail DELETE A":             (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "priority-detail DELETE A2":            (403,   403,   403,   403,   403,   404,   SAVED),
    "priority-detail DELETE B":             (403,   404,   404,   404,   404,   SAVED, SAVED),
    "priority-detail PUT A":                (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "priority-detail PUT A2":               (403,   403,   403,   403,   403,   404,   BAD),
    "priority-detail PUT B":                (403,   404,   404,   404,   404,   BAD,   BAD),
    "subgroup-detail DELETE A":             (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "subgroup-detail DELETE A2":            (403,   403,   403,   403,   403,   404,   SAVED),
    "subgroup-detail DELETE B":             (403,   404,   404,   404,   404,   SAVED, SAVED),
    "subgroup-detail PUT A":                (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "subgroup-detail PUT A2":               (403,   403,   403,   403,   403,   404,   BAD),
    "subgroup-detail PUT B":                (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-newversion POST A":           (403,   403,   409,   403,   403,   404,   409),
    "protocol-newversion POST B":           (403,   404,   404,   404,   404,   409,   409),
    "protocol-version-transitions POST A":  (403,   BAD,   BAD,   BAD,   BAD,   404,   BAD),
    "protocol-version-transitions POST B":  (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-version-approvals POST A":    (403,   BAD,   BAD,   BAD,   BAD,   404,   BAD),
    "protocol-version-approvals POST B":    (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-version-signatures POST A":   (403,   BAD,   BAD,   BAD,   BAD,   404,   BAD),
    "protocol-version-signatures POST B":   (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-party-detail DELETE A":       (403,   403,   BAD,   403,   403,   404,   BAD),
    "protocol-party-detail DELETE B":       (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-section-detail DELETE A":     (403,   403,   BAD,   403,   403,   404,   BAD),
    "protocol-section-detail DELETE B":     (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-section-move POST A":         (403,   BAD,   BAD,   BAD,   BAD,   404,   BAD),
    "protocol-section-move POST B":         (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-obligation-detail DELETE A":  (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-obligation-detail DELETE B":  (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-post-holder-detail DELETE A": (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-post-holder-detail DELETE B": (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-ladder-step-detail DELETE A": (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-ladder-step-detail DELETE B": (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-comment-resolve POST A":      (403,   403,   SAVED, 403,   403,   404,   SAVED),
    "protocol-comment-resolve POST B":      (403,   404,   404,   404,   404,   SAVED, SAVED),
    "protocol-concern-respond POST A":      (403,   409,   409,   409,   409,   404,   409),
    "protocol-concern-respond POST B":      (403,   404,   404,   404,   404,   409,   409),
    "protocol-concern-escalate POST A":     (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "protocol-concern-escalate POST B":     (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-concern-resolve POST A":      (403,   403,   BAD,   BAD,   403,   404,   BAD),
    "protocol-concern-resolve POST B":      (403,   404,   404,   404,   404,   BAD,   BAD),
    "protocol-concern-withdraw POST A":     (403,   403,   SAVED, SAVED, 403,   404,   SAVED),
    "protocol-concern-withdraw POST B":     (403,   404,   404,   404,   404,   SAVED, SAVED),

    # Protocol pages. Everyone in the area reads a protocol; only a party board's business
    # manager writes it (a reader gets 403, another area 404). Chairs also take lifecycle
    # steps, which the service then refuses if the step is a manager's (here: back to draft).
    # Only the named signatory signs, a superuser included. Comments come from anyone on a
    # party board; resolving one is for its author and the managers, and the button's
    # refusal comes back as a message. The concern here was raised by the HWB with the ASCP,
    # so only the ASCP's side responds.
    "protocols:protocol_list GET -":        (LOGIN, 200,   200,   200,   200,   200,   200),
    "protocols:protocol_create GET -":      (LOGIN, 403,   200,   403,   403,   200,   200),
    "protocols:protocol_create POST A":     (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:protocol_create POST B":     (LOGIN, 403,   404,   403,   403,   SAVED, SAVED),
    "protocols:protocol_detail GET A":      (LOGIN, 200,   200,   200,   200,   404,   200),
    "protocols:protocol_detail GET B":      (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:version_compare GET A":      (LOGIN, 200,   200,   200,   200,   404,   200),
    "protocols:version_compare GET B":      (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:version_create GET A":       (LOGIN, 405,   405,   405,   405,   405,   405),
    "protocols:version_create GET B":       (LOGIN, 405,   405,   405,   405,   405,   405),
    "protocols:version_create POST A":      (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:version_create POST B":      (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:version_detail GET A":       (LOGIN, 200,   200,   200,   200,   404,   200),
    "protocols:version_detail GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:version_update GET A":       (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:version_update GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:version_update POST A":      (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:version_update POST B":      (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:version_transition GET A":   (LOGIN, 403,   200,   200,   403,   404,   200),
    "protocols:version_transition GET B":   (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:version_transition POST A":  (LOGIN, 403,   SAVED, BAD,   403,   404,   SAVED),
    "protocols:version_transition POST B":  (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:party_update GET A":         (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:party_update GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:party_update POST A":        (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:party_update POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:section_create GET A":       (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:section_create GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:section_create POST A":      (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:section_create POST B":      (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:section_update GET A":       (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:section_update GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:section_update POST A":      (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:section_update POST B":      (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:section_move GET A":         (LOGIN, 403,   405,   403,   403,   404,   405),
    "protocols:section_move GET B":         (LOGIN, 404,   404,   404,   404,   405,   405),
    "protocols:section_move POST A":        (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:section_move POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:section_delete GET A":       (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:section_delete GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:section_delete POST A":      (LOGIN, 403,   BAD,   403,   403,   404,   BAD),
    "protocols:section_delete POST B":      (LOGIN, 404,   404,   404,   404,   BAD,   BAD),
    "protocols:postresponsibility_create GET A":(LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:postresponsibility_create GET B":(LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:postresponsibility_create POST A":(LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:postresponsibility_create POST B":(LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:postresponsibility_update GET A":(LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:postresponsibility_update GET B":(LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:postresponsibility_update POST A":(LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:postresponsibility_update POST B":(LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:postresponsibility_delete GET A":(LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:postresponsibility_delete GET B":(LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:postresponsibility_delete POST A":(LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:postresponsibility_delete POST B":(LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:obligation_create GET A":    (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:obligation_create GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:obligation_create POST A":   (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:obligation_create POST B":   (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:obligation_update GET A":    (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:obligation_update GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:obligation_update POST A":   (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:obligation_update POST B":   (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:obligation_delete GET A":    (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:obligation_delete GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:obligation_delete POST A":   (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:obligation_delete POST B":   (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:ladderstep_create GET A":    (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:ladderstep_create GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:ladderstep_create POST A":   (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:ladderstep_create POST B":   (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:ladderstep_update GET A":    (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:ladderstep_update GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:ladderstep_update POST A":   (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:ladderstep_update POST B":   (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:ladderstep_delete GET A":    (LOGIN, 403,   200,   403,   403,   404,   200),
    "protocols:ladderstep_delete GET B":    (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:ladderstep_delete POST A":   (LOGIN, 403,   SAVED, 403,   403,   404,   SAVED),
    "protocols:ladderstep_delete POST B":   (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:comment_list GET A":         (LOGIN, 200,   200,   200,   200,   404,   200),
    "protocols:comment_list GET B":         (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:comment_list POST A":        (LOGIN, SAVED, SAVED, SAVED, BAD,   404,   SAVED),
    "protocols:comment_list POST B":        (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:comment_resolve GET A":      (LOGIN, 405,   405,   405,   405,   404,   405),
    "protocols:comment_resolve GET B":      (LOGIN, 404,   404,   404,   404,   405,   405),
    "protocols:comment_resolve POST A":     (LOGIN, REFUSED, SAVED, REFUSED, REFUSED, 404,   SAVED),
    "protocols:comment_resolve POST B":     (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:approval_create GET A":      (LOGIN, 403,   200,   200,   403,   404,   200),
    "protocols:approval_create GET B":      (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:approval_create POST A":     (LOGIN, 403,   SAVED, SAVED, 403,   404,   SAVED),
    "protocols:approval_create POST B":     (LOGIN, 404,   404,   404,   404,   SAVED, SAVED),
    "protocols:signature_create GET A":     (LOGIN, 403,   403,   200,   403,   404,   403),
    "protocols:signature_create GET B":     (LOGIN, 404,   404,   404,   404,   403,   403),
    "protocols:signature_create POST A":    (LOGIN, 403,   403,   SAVED, 403,   404,   403),
    "protocols:signature_create POST B":    (LOGIN, 404,   404,   404,   404,   403,   403),
    # A version's PDFs are for whoever reads it. The draft is collected only by the job
    # its preparer was given (none here), and a version in consultation has no signed PDF.
    "protocols:version_pdf GET A":          (LOGIN, 200,   200,   200,   200,   404,   200),
    "protocols:version_pdf GET B":          (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:version_draftpdf GET A":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:version_draftpdf GET B":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:version_signedpdf GET A":    (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:version_signedpdf GET B":    (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_create GET A":       (LOGIN, 403,   200,   200,   403,   404,   200),
    "protocols:concern_create GET B":       (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:concern_create POST A":      (LOGIN, 403,   BAD,   SAVED, 403,   404,   BAD),
    "protocols:concern_create POST B":      (LOGIN, 404,   404,   404,   404,   BAD,   BAD),
    "protocols:concern_detail GET A":       (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_detail GET B":       (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_respond GET A":      (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_respond GET B":      (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_respond POST A":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_respond POST B":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_escalate GET A":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_escalate GET B":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_escalate POST A":    (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_escalate POST B":    (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_resolve GET A":      (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_resolve GET B":      (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_resolve POST A":     (LOGIN, 404,   404,   404,   404,   404,   404),
    "protocols:concern_resolve POST B":     (LOGIN, 404,   404,   404,   404,   404,   404),

    # Importing a protocol: only those who may start one in the area (a board's business
    # manager); to everyone else an import, its review and its uploaded file are not found.
    "protocols:protocolimport_create GET -":  (LOGIN, 403,   200,   403,   403,   200,   200),
    "protocols:protocolimport_detail GET A":  (LOGIN, 404,   200,   404,   404,   404,   200),
    "protocols:protocolimport_detail GET B":  (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:protocolimport_review GET A":  (LOGIN, 404,   200,   404,   404,   404,   200),
    "protocols:protocolimport_review GET B":  (LOGIN, 404,   404,   404,   404,   200,   200),
    "protocols:protocolimport_source GET A":  (LOGIN, 404,   200,   404,   404,   404,   200),
    "protocols:protocolimport_source GET B":  (LOGIN, 404,   404,   404,   404,   200,   200),

    # The check of a PDF is open to anyone and takes only a multipart upload.
    "verify-list GET -":                    (405,   405,   405,   405,   405,   405,   405),
    "verify-list POST -":                   (415,   415,   415,   415,   415,   415,   415),

    # Compliance figures in the API: read-only, for those who can see the record.
    "area-compliance-detail GET A":         (403,   200,   200,   200,   200,   404,   200),
    "area-compliance-detail GET B":         (403,   404,   404,   404,   404,   200,   200),
    "area-compliance-detail PATCH A":       (403,   405,   405,   405,   405,   405,   405),
    "area-compliance-detail PATCH B":       (403,   405,   405,   405,   405,   405,   405),
    "board-compliance-detail GET A":        (403,   200,   200,   200,   200,   404,   200),
    "board-compliance-detail GET A2":       (403,   200,   200,   200,   200,   404,   200),
    "board-compliance-detail GET B":        (403,   404,   404,   404,   404,   200,   200),
    "board-compliance-detail PATCH A":      (403,   405,   405,   405,   405,   405,   405),
    "board-compliance-detail PATCH A2":     (403,   405,   405,   405,   405,   405,   405),
    "board-compliance-detail PATCH B":      (403,   405,   405,   405,   405,   405,   405),
    "protocol-compliance-detail GET A":     (403,   200,   200,   200,   200,   404,   200),
    "protocol-compliance-detail GET B":     (403,   404,   404,   404,   404,   200,   200),
    "protocol-compliance-detail PATCH A":   (403,   405,   405,   405,   405,   405,   405),
    "protocol-compliance-detail PATCH B":   (403,   405,   405,   405,   405,   405,   405),
}
# fmt: on

# --- how URLs are filled -----------------------------------------------------------------

#: the records each model's URLs are tried with (see the module docstring)
OBJECT_TARGETS = {
    "area": ("A", "B"),
    "report": ("A", "A2", "B"),
    "board-compliance": ("A", "A2", "B"),
    "board": ("A", "A2", "B"),
    "organisation": ("A", "B"),
    "person": ("A", "B"),
    "post": ("A", "B"),
    "subgroup": ("A", "A2", "B"),
    "membership": ("A", "A2", "B"),
    "priority": ("A", "A2", "B"),
    "meeting": ("A", "A2", "B"),
}
#: where a new record of each model is added; models without one are posted empty ("-")
CREATE_TARGETS = {
    "board": ("A", "B"),
    "organisation": ("A", "B"),
    "person": ("A", "B"),
    "post": ("A", "B"),
    "subgroup": ("A", "A2", "B"),
    "membership": ("A", "A2", "B"),
    "priority": ("A", "A2", "B"),
    "meeting": ("A", "A2", "B"),
    "protocol": ("A", "B"),
    "protocol-party": ("A", "B"),
    "protocol-section": ("A", "B"),
    "protocol-obligation": ("A", "B"),
    "protocol-post-holder": ("A", "B"),
    "protocol-ladder-step": ("A", "B"),
    "protocol-comment": ("A", "B"),
}
MODELS = {
    "area": Area,
    "area-compliance": Area,
    "board-compliance": Board,
    "protocol-compliance": Protocol,
    "pack": EvidencePack,
    "occurrence": Occurrence,
    "feed": CalendarFeed,
    "report": CommitteeReport,
    "board": Board,
    "organisation": Organisation,
    "person": Person,
    "post": Post,
    "subgroup": Subgroup,
    "membership": Membership,
    "priority": Priority,
    "meeting": Meeting,
    "protocol": Protocol,
    "protocol-version": ProtocolVersion,
    "protocol-party": Party,
    "protocol-section": Section,
    "protocol-obligation": Obligation,
    "protocol-post-holder": PostResponsibility,
    "protocol-ladder-step": LadderStep,
    "protocol-comment": Comment,
    "protocol-concern": Concern,
    "protocolimport": ProtocolImport,
}
#: a field of each record and a new value for it, to prove an update saved
CHANGES = {
    "board": ("name", "Renamed Board"),
    "report": ("title", "Renamed report"),
    "organisation": ("name", "Renamed Council"),
    "person": ("full_name", "Renamed Person"),
    "post": ("title", "Renamed Post"),
    "subgroup": ("name", "Renamed Subgroup"),
    "membership": ("start_date", datetime.date(2021, 4, 1)),
    "priority": ("title", "Renamed Priority"),
    "meeting": ("place", "Renamed Hall"),
    "protocol-version": ("title", "Renamed protocol"),
    "protocol-party": ("lead_officer", None),
    "protocol-section": ("heading", "Renamed section"),
    "protocol-obligation": ("description", "Renamed obligation"),
    "protocol-post-holder": ("post_title", "Renamed post"),
    "protocol-ladder-step": ("title", "Renamed step"),
}
EXCLUDED_PREFIXES = ("admin/", "static/", "media/")
MODELS.update(pages.STATE_MODELS)
#: the secret of each calendar feed's address, by the feed's id (only its hash is stored)
FEED_TOKENS: dict[int, str] = {}
OBJECT_PARAMS = {
    "pk": lambda obj: obj.pk,
    "slug": lambda obj: obj.slug,
    "token": lambda feed: FEED_TOKENS[feed.pk],
    # A protocol's versions are addressed by the protocol and the version's number.
    "protocol_pk": lambda obj: obj.protocol_id,
    "number": lambda obj: obj.number,
}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]

    @property
    def model(self) -> str:
        base = self.name.split(":")[-1]
        for separator in ("_", "-"):
            if separator in base:
                return base.rsplit(separator, 1)[0]
        return base

    @property
    def action(self) -> str:
        base = self.name.split(":")[-1]
        for separator in ("_", "-"):
            if separator in base:
                return base.rsplit(separator, 1)[1]
        return ""

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def is_page_of_protocols(self) -> bool:
        return self.name.startswith("protocols:")

    @property
    def has_object(self) -> bool:
        return any(p in OBJECT_PARAMS for p in self.params)


@dataclass(frozen=True)
class Case:
    route: Route
    method: str
    target: str

    @property
    def key(self) -> str:
        return f"{self.route.name} {self.method} {self.target}"

    def __str__(self) -> str:
        suffix = " [format]" if "format" in self.route.params else ""
        return f"{self.key}{suffix}"


def walk(patterns, prefix: str = "", namespace: str = "", params: tuple[str, ...] = ()):
    """Yield every named route of the URL conf with its full path and parameters."""
    for pattern in patterns:
        here = prefix + str(pattern.pattern)
        names = params + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, here, inner, names)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"(unnamed) {here}"
            yield Route(name=name, route=here, params=names)


def routes() -> list[Route]:
    return [
        r
        for r in walk(get_resolver().url_patterns)
        if not r.route.startswith(EXCLUDED_PREFIXES) and not r.name.startswith("admin:")
    ]


def write_method(route: Route) -> str | None:
    if route.is_api:
        return {"list": "POST", "detail": "PATCH"}.get(route.action)
    if route.name.startswith("protocols:"):
        return "POST" if route.name in pages.PAGE_POSTS else None
    return "POST" if route.action in ("create", "update") else None


#: the methods the API schema lists for each URL name
SCHEMA_OPERATIONS = api.schema_operations()


def write_methods(route: Route) -> list[str]:
    """Return the writes tried on a route: its main one, and every other the schema lists."""
    methods = [write_method(route)] if write_method(route) else []
    extra = SCHEMA_OPERATIONS.get(route.name, set()) - {"GET", *methods} if route.is_api else ()
    return methods + sorted(extra)


def cases() -> list[Case]:
    found = []
    for route in routes():
        object_targets = OBJECT_TARGETS.get(route.model, ("A", "B"))
        targets = object_targets if route.has_object else ("-",)
        found += [Case(route, "GET", t) for t in targets]
        if not route.has_object:
            targets = CREATE_TARGETS.get(route.model, ("-",))
        found += [Case(route, method, t) for method in write_methods(route) for t in targets]
    return found


CASES = cases()


# --- the records the URLs are tried with -------------------------------------------------


@pytest.fixture
def objects(world, request) -> dict[str, dict[str, models.Model]]:
    """Return, per model, area A's record on the HWB (A), on the ASCP (A2), and area B's."""
    person_a = f.PersonFactory(area=world.area_a, full_name="Alex Officer")
    person_b = f.PersonFactory(area=world.area_b, full_name="Bea Officer")
    boards = {"A": world.hwb, "A2": world.scp, "B": world.board_b}
    people = {"A": person_a, "A2": person_a, "B": person_b}
    found: dict[str, dict[str, models.Model]] = {
        "area": {"A": world.area_a, "B": world.area_b},
        "board": boards,
        "person": {"A": person_a, "B": person_b},
        "organisation": {
            "A": f.OrganisationFactory(area=world.area_a, name="Alderley Council"),
            "B": f.OrganisationFactory(area=world.area_b, name="Brookfield Council"),
        },
        "post": {
            "A": f.PostFactory(area=world.area_a, kind=Post.Kind.DPH, holder=person_a),
            "B": f.PostFactory(area=world.area_b, kind=Post.Kind.DPH, holder=person_b),
        },
    }
    found["subgroup"] = {
        t: f.SubgroupFactory(board=b, name=f"{b.short_name} Quality Assurance")
        for t, b in boards.items()
    }
    found["report"] = {
        t: CommitteeReport.objects.create(
            area=b.area,
            board=b,
            meeting=f.MeetingFactory(board=b, date=datetime.date(2027, 3, 11)),
            title=f"{b.short_name} annual report",
        )
        for t, b in boards.items()
    }
    found["membership"] = {
        t: f.MembershipFactory(person=people[t], board=b) for t, b in boards.items()
    }
    found["priority"] = {
        t: f.PriorityFactory(board=b, title=f"{b.short_name} Early help") for t, b in boards.items()
    }
    found["meeting"] = {t: f.MeetingFactory(board=b) for t, b in boards.items()}
    found["_people"] = people
    found["pack"] = {t: ready_pack(world, area) for t, area in found["area"].items()}
    found["area-compliance"], found["board-compliance"] = found["area"], boards
    found.update(calendar_objects(world, people))
    callspec = getattr(request.node, "callspec", None)
    case = callspec.params.get("case") if callspec else None
    # Protocols take a while to build, so only the cases of their URLs get them.
    if case is None or case.route.model.startswith("protocol") or case.route.is_page_of_protocols:
        found.update(protocol_objects(world, people))
        found["protocol-compliance"] = found["protocol"]
        found["protocolimport"] = import_objects(world, request)
    if case is None or case.route.name in pages.STATE_RECORDS:
        pages.build_states(world, found, found["_protocol_boards"])
    return found


def import_objects(world, request) -> dict[str, ProtocolImport]:
    """Return an import ready to review in area A and one in area B, their files kept."""
    from django.core.files.base import ContentFile

    request.getfixturevalue("settings").MEDIA_ROOT = request.getfixturevalue("tmp_path")
    found = {}
    for target, area in (("A", world.area_a), ("B", world.area_b)):
        row = ProtocolImport(
            area=area, filename="protocol.txt", sha256="0" * 64, size=9, kind="text"
        )
        row.file.save("protocol.txt", ContentFile(b"The HWB.\n"), save=False)
        row.status = ProtocolImport.Status.READY
        row.proposal = {"title": "Working together", "parties": [], "sections": []}
        row.save()
        found[target] = row
    return found


def ready_pack(world, area) -> EvidencePack:
    """Return a finished evidence pack of the area whose download link still works."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    pack = EvidencePack(
        requested_by=world.user("superuser"),
        area=area,
        status=EvidencePack.Status.READY,
        sha256="0" * 64,
        size=4,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    pack.file.save(f"matrix-{area.slug}.zip", ContentFile(b"PK\x05\x06"), save=False)
    pack.save()
    return pack


def calendar_objects(world, people) -> dict[str, dict[str, models.Model]]:
    """Return an occurrence of a protocol in force in each area, and a feed of each board.

    Area A's feed is its business manager's, area B's is area B's business manager's;
    the secret of each feed's address is kept in ``FEED_TOKENS``.
    """
    found: dict[str, dict] = {"occurrence": {}, "feed": {}}
    owners = {"A": world.user("business_manager"), "B": world.user("business_manager_b")}
    for target, area, first, second in (
        ("A", world.area_a, world.hwb, world.scp),
        ("B", world.area_b, world.board_b, world.board_b),
    ):
        version = pf.ProtocolVersionFactory(
            protocol=pf.ProtocolFactory(area=area), status=ProtocolVersion.Status.IN_FORCE
        )
        pf.PartyFactory(version=version, board=first, order=1)
        obligation = pf.ObligationFactory(
            version=version,
            owing_board=second,
            receiving_board=first,
            what="present_report",
            description="Present the annual report.",
            timing={"kind": "fixed_month", "month": 9},
        )
        found["occurrence"][target] = Occurrence.objects.create(
            obligation=obligation,
            version=version,
            financial_year=2026,
            period_key="2026",
            opens_on=datetime.date(2026, 9, 1),
            due_on=datetime.date(2026, 9, 30),
        )
        issued = calendar_feeds.feed_create(actor=owners[target], board=first)
        FEED_TOKENS[issued.feed.pk] = issued.token
        found["feed"][target] = issued.feed
    return found


def protocol_objects(world, people) -> dict[str, dict[str, models.Model]]:
    """Return, per protocol model, a record in area A's protocol (A) and in area B's (B).

    Each protocol's version is in consultation; ``_protocol_boards`` holds its two party
    boards and a third board that could join it.
    """
    admin = world.user("superuser")
    found: dict[str, dict] = {name: {} for name in MODELS if name.startswith("protocol")}
    found["_protocol_boards"] = {}
    for target, area, first, second in (
        ("A", world.area_a, world.hwb, world.scp),
        ("B", world.area_b, world.board_b, f.BoardFactory(area=world.area_b, short_name="BSCP")),
    ):
        spare = f.BoardFactory(area=area, short_name=f"{target}CSP", kind="csp")
        found["_protocol_boards"][target] = (first, second, spare)
        protocol = protocol_services.protocol_create(
            actor=admin,
            area=area,
            reference="working-together",
            title="Working together",
            boards=[first, second],
        )
        version = protocol.current_version
        section = protocol_services.section_add(
            actor=admin, version=version, heading="Purpose", body="The boards work together."
        )
        holders = protocol_services.section_add(
            actor=admin, version=version, heading="Roles", kind=Section.Kind.POST_HOLDERS
        )
        party = version.parties.get(board=first)
        protocol_services.party_update(
            actor=admin, party=party, lead_officer=people[target], signatory_kind="chairs"
        )
        protocol_services.version_transition(
            actor=admin, version=version, name="start_consultation"
        )
        found["protocol"][target] = protocol
        found["protocol-version"][target] = version
        found["protocol-party"][target] = party
        found["protocol-section"][target] = section
        found["protocol-obligation"][target] = protocol_services.obligation_add(
            actor=admin,
            version=version,
            section=section,
            what="present_report",
            description="Present the annual report.",
            timing={"kind": "fixed_month", "month": 9},
            owing_board=second,
            receiving_board=first,
        )
        found["protocol-post-holder"][target] = protocol_services.post_responsibility_add(
            actor=admin, section=holders, post_title="Chair", responsibilities="Chairs the board."
        )
        found["protocol-ladder-step"][target] = version.ladder_steps.get(order=1)
        found["protocol-comment"][target] = protocol_services.comment_add(
            actor=admin, version=version, section=section, body="Who chairs the meeting?"
        )
        # Made directly: raising one needs a protocol in force, and only its URLs are tried.
        found["protocol-concern"][target] = Concern.objects.create(
            protocol=protocol,
            version=version,
            raised_by_board=first,
            raised_with_board=second,
            raised_by=admin,
            subject="Annual report not presented",
            description="The annual report was due in January.",
            raised_on=datetime.date(2026, 2, 2),
        )
    return found


def new_record(model: str, target: str, objects) -> dict:
    """Return a valid new record of ``model`` added at ``target``, with related records."""
    if model.startswith("protocol"):
        return new_protocol_record(model, target, objects)
    board = objects["board"][target]
    area = objects["area"]["B" if target == "B" else "A"]
    values = {
        "board": {"area": area, "name": "Safeguarding Adults Board", "short_name": "SAB"},
        "organisation": {"area": area, "name": "Youth Offending Service", "kind": "yot"},
        "person": {"area": area, "full_name": "Priya Shah"},
        "post": {"area": area, "kind": "pcc"},
        "subgroup": {
            "board": board,
            "name": "Training",
            "kind": "standing",
            "meeting_frequency": "quarterly",
        },
        "membership": {"person": objects["_people"][target], "board": board, "role": "lay_member"},
        "priority": {
            "board": board,
            "title": "Neglect",
            "period_start": 2025,
            "period_end": 2028,
            "order": 1,
        },
        "meeting": {
            "board": board,
            "date": datetime.date(2027, 1, 14),
            "status": "scheduled",
            "place": "Town Hall",
        },
    }[model]
    if model == "board":
        values["kind"] = "sab"
    return values


def new_protocol_record(model: str, target: str, objects) -> dict:
    """Return a valid new record of a protocol ``model`` added in ``target``'s protocol."""
    version = objects["protocol-version"][target]
    first, second, spare = objects["_protocol_boards"][target]
    return {
        "protocol": {
            "area": objects["area"][target],
            "reference": "new-protocol",
            "title": "A new protocol",
            "boards": [first.pk, second.pk],
        },
        "protocol-party": {"version": version, "board": spare},
        "protocol-section": {"version": version, "heading": "Training"},
        "protocol-obligation": {
            "version": version,
            "what": "meet",
            "description": "Meet every quarter.",
            "timing": {"kind": "frequency", "every": "quarterly"},
            "owing_board": first,
            "receiving_board": second,
        },
        "protocol-post-holder": {
            "section": objects["protocol-post-holder"][target].section,
            "post_title": "Director of Public Health",
            "responsibilities": "Leads the JSNA.",
        },
        "protocol-ladder-step": {"version": version, "title": "Independent mediation"},
        "protocol-comment": {"version": version, "body": "Please say who chairs."},
    }[model]


def as_json(values: dict) -> dict:
    out = {}
    for name, value in values.items():
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, datetime.date | datetime.time):
            value = value.isoformat()
        out[name] = value
    return out


def as_form(values: dict) -> dict:
    """Encode values as a browser would post them: empty strings, "on", ISO dates."""
    out = {}
    for name, value in values.items():
        if isinstance(value, models.Model):
            value = value.pk
        if value is None:
            value = ""
        elif value is True:
            value = "on"
        elif value is False:
            continue
        elif isinstance(value, datetime.time):
            value = value.strftime("%H:%M")
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        out[name] = value
    return out


# --- one attempt -------------------------------------------------------------------------


def url_for(case: Case, obj) -> str:
    if case.route.is_page_of_protocols and obj is not None and not isinstance(obj, ProtocolImport):
        return reverse(case.route.name, kwargs=pages.page_kwargs(case.route.params, obj))
    kwargs = {}
    for param in case.route.params:
        if param == "format":
            kwargs[param] = "json"
        elif param in OBJECT_PARAMS:
            kwargs[param] = OBJECT_PARAMS[param](obj)
        else:
            pytest.fail(f"{case}: no way to fill the URL parameter {param!r}; add one here")
    return reverse(case.route.name, kwargs=kwargs)


def client_for(user, api: bool):
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def observe(response, case: Case) -> object:
    """Name what a response means, in the terms of the policy table."""
    code = response.status_code
    if code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN
        return SAVED if case.method != "GET" else f"302 to {location}"
    if case.method == "GET":
        return code
    if code in (200, 201, 204) and case.route.is_api:
        return SAVED
    if code == 200 or code == 400:
        return BAD
    return code


def attempt(case: Case, user, objects) -> tuple[object, bool]:
    """Make the request as ``user``; return what it meant and whether the data changed."""
    route = case.route
    model_name = pages.record_key(route.name, route.model)
    model = MODELS.get(model_name)
    obj = None
    if route.has_object:
        if model is None or case.target not in objects.get(model_name, {}):
            pytest.fail(f"{case}: no {case.target} record of {model_name!r} to try; add one")
        # Fetched afresh: an earlier role's change was rolled back in the database only.
        obj = model._default_manager.get(pk=objects[model_name][case.target].pk)
    client = client_for(user, route.is_api)
    url = url_for(case, obj)

    if case.method == "GET":
        return observe(client.get(url), case), False

    if route.is_page_of_protocols:
        response, changed = pages.post_page(
            client, url, route.name, obj, objects, case.target if case.target != "-" else "A"
        )
        if pages.refused_with_a_message(response):
            return REFUSED, changed
        return observe(response, case), changed
    if api.is_probe(case.method, route.is_api, route.has_object):
        response, changed = api.probe(client, url, case.method)
        return observe(response, case), changed
    before = model._default_manager.count() if model else None
    if route.has_object and model_name in CHANGES:
        field, value = CHANGES[model_name]
        if route.is_api:
            response = client.patch(url, as_json({field: value}), format="json")
        else:
            form_class = resolve(url).func.view_class.form_class
            data = model_to_dict(obj, fields=list(form_class.base_fields))
            data[field] = value
            response = client.post(url, as_form(data))
        obj.refresh_from_db()
        changed = getattr(obj, field) == value
    elif route.has_object:
        response = client.patch(url, {}, format="json") if route.is_api else client.post(url, {})
        changed = False
    else:
        values = new_record(model_name, case.target, objects) if case.target != "-" else {}
        if route.is_api:
            response = client.post(url, as_json(values), format="json")
        else:
            parent = "board" if "board" in values else "area"
            query = f"?{parent}={values[parent].pk}" if parent in values else ""
            response = client.post(url + query, as_form(values))
        changed = model is not None and model._default_manager.count() != before
    return observe(response, case), changed


# --- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_url_answers_every_role_as_the_policy_says(case, world, objects):
    if case.key not in POLICY:
        pytest.fail(
            f"{case.route.name} ({case.route.route}) {case.method} {case.target} is not in "
            "POLICY in tests/test_access_matrix.py: add a row saying what each role gets."
        )
    row = POLICY[case.key]
    assert len(row) == len(ROLES), f"{case.key}: one outcome per role in {ROLES}"
    problems = []
    for role, expected in zip(ROLES, row, strict=True):
        with transaction.atomic():
            got, changed = attempt(case, world.user(role), objects)
            transaction.set_rollback(True)
        if got != expected:
            problems.append(f"{role}: expected {expected}, got {got}")
        elif (got == SAVED) != changed:
            problems.append(
                f"{role}: answered {got} but the record {'did' if changed else 'did not'} change"
            )
    assert not problems, f"{case}:\n  " + "\n  ".join(problems)


def test_policy_has_no_rows_for_urls_that_are_gone():
    found = {case.key for case in CASES}
    stale = sorted(set(POLICY) - found)
    assert not stale, f"POLICY rows with no such URL (remove them): {stale}"


def test_every_url_is_named():
    unnamed = [r.route for r in routes() if r.name.startswith("(unnamed)")]
    assert not unnamed, f"Give these URLs a name so the policy can classify them: {unnamed}"


def test_matrix_covers_the_boards_pages_and_api():
    names = {case.route.name for case in CASES}
    for model in ("board", "organisation", "person", "post", "subgroup", "membership"):
        for action in ("list", "create", "detail", "update"):
            assert f"boards:{model}_{action}" in names
        assert {f"{model}-list", f"{model}-detail"} <= names


def test_every_operation_of_the_api_schema_is_in_the_table():
    tried = {(case.route.name, case.method) for case in CASES}
    listed = {(name, method) for name, methods in SCHEMA_OPERATIONS.items() for method in methods}
    assert len(listed) > 100
    assert sorted(listed - tried) == []
    ruled = {tuple(key.split(" ")[:2]) for key in POLICY}
    assert sorted(listed - ruled) == []


@pytest.mark.parametrize(
    ("role", "location"),
    [
        ("anonymous", "/accounts/login/?next=/admin/"),
        ("member", "/admin/login/?next=/admin/"),
        ("business_manager", "/admin/login/?next=/admin/"),
        ("democratic_services", "/admin/login/?next=/admin/"),
    ],
)
def test_admin_turns_away_anyone_not_staff(world, role, location):
    response = client_for(world.user(role), api=False).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == location


def test_admin_opens_for_a_superuser(world):
    response = client_for(world.user("superuser"), api=False).get("/admin/")
    assert response.status_code == 200
