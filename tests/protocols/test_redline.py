"""Redlines: what changed between two versions' content, down to the word."""

from __future__ import annotations

import copy
import re

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.redline import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    UNCHANGED,
    Segment,
    ValueChange,
    compare,
    diff_lines,
    diff_words,
    tokenize,
)
from protocols.templatetags.protocol_text import redline_html

HSCB = {"id": 1, "name": "Bolton Safeguarding Children Board", "short_name": "BSCB"}
BHWB = {"id": 2, "name": "Bolton Health and Wellbeing Board", "short_name": "BHWB"}
CDOP = {"id": 3, "name": "Child Death Overview Panel", "short_name": "CDOP"}
DPH = {"id": 11, "title": "Director of Public Health"}
DELETED = '<del><span class="govuk-visually-hidden">deleted: </span>'
INSERTED = '<ins><span class="govuk-visually-hidden">inserted: </span>'


def _section(key, number, heading, body="", kind="text", post_holders=()):
    return {
        "key": key,
        "number": number,
        "heading": heading,
        "kind": kind,
        "body": body,
        "post_holders": list(post_holders),
    }


def _obligation(key, description, **overrides):
    obligation = {
        "key": key,
        "section": "s-arrangements",
        "owing_board": HSCB,
        "owing_post": None,
        "owing_label": "",
        "receiving_board": BHWB,
        "receiving_post": None,
        "what": "present_report",
        "description": description,
        "timing": {"kind": "fixed_month", "month": 9},
    }
    obligation.update(overrides)
    return obligation


def make_content():
    """Return a small Bolton-like protocol in the shape ``version_content`` builds."""
    return {
        "protocol": "BOL-1",
        "version": 1,
        "title": "Protocol between BSCB and BHWB",
        "purpose": "To keep children safe and healthy.",
        "parties": [
            {
                "board": HSCB,
                "signatory": "chairs",
                "signatory_post": None,
                "lead_officer": "Jo Smith",
            },
            {
                "board": BHWB,
                "signatory": "post",
                "signatory_post": DPH,
                "lead_officer": "Sam Jones",
            },
        ],
        "sections": [
            _section("s-intro", 1, "Introduction", "The board meets quarterly."),
            _section(
                "s-arrangements",
                2,
                "Operational arrangements",
                "- BSCB will present its annual report\n- Boards share minutes",
            ),
            _section(
                "s-posts",
                3,
                "Roles of post holders",
                kind="post_holders",
                post_holders=[
                    {
                        "post": DPH,
                        "title": "Director of Public Health",
                        "responsibilities": ["Advise on health", "Contribute to BSCB"],
                    }
                ],
            ),
            _section("s-resolution", 4, "Resolution process", "Chairs talk first."),
        ],
        "obligations": [
            _obligation("o-report", "Present the annual report to BHWB"),
            _obligation(
                "o-plan",
                "Provide a copy of the Business Plan",
                what="share_document",
                timing={"kind": "deadline", "month": 6, "day": None},
            ),
        ],
        "ladder": [
            {"step": 1, "title": "Chairs meet", "description": "The chairs discuss the issue."},
            {"step": 2, "title": "Escalate", "description": "Refer to the chief executive."},
        ],
    }


def _by_key(items):
    return {item.key: item for item in items}


# Word diffs


def test_one_changed_word_gives_exact_segments():
    diff = diff_words("The board meets quarterly.", "The board meets monthly.")
    assert diff.segments == (
        Segment("equal", "The board meets "),
        Segment("delete", "quarterly"),
        Segment("insert", "monthly"),
        Segment("equal", "."),
    )


def test_segments_unpack_as_op_and_text_pairs():
    diff = diff_words("a b", "a c")
    assert [tuple(segment) for segment in diff.segments] == [
        ("equal", "a "),
        ("delete", "b"),
        ("insert", "c"),
    ]


def test_rewritten_phrase_stays_whole_rather_than_alternating_word_by_word():
    diff = diff_words("BSCB will present its annual report", "BHWB shall receive an annual summary")
    assert diff.segments == (
        Segment("delete", "BSCB will present its"),
        Segment("insert", "BHWB shall receive an"),
        Segment("equal", " annual "),
        Segment("delete", "report"),
        Segment("insert", "summary"),
    )


def test_words_added_at_the_end_are_one_insertion():
    diff = diff_words("Share minutes", "Share minutes after every meeting")
    assert diff.segments == (
        Segment("equal", "Share minutes"),
        Segment("insert", " after every meeting"),
    )


def test_word_removed_at_the_start_is_one_deletion():
    diff = diff_words("Annual report", "report")
    assert diff.segments == (Segment("delete", "Annual "), Segment("equal", "report"))


def test_punctuation_change_is_found_on_its_own():
    diff = diff_words("Chairs meet, then report.", "Chairs meet; then report.")
    assert diff.segments == (
        Segment("equal", "Chairs meet"),
        Segment("delete", ","),
        Segment("insert", ";"),
        Segment("equal", " then report."),
    )


def test_identical_texts_give_one_equal_segment():
    diff = diff_words("Same words.", "Same words.")
    assert diff.segments == (Segment("equal", "Same words."),)
    assert not diff.changed


def test_empty_texts_give_no_segments():
    assert diff_words("", "").segments == ()


def test_text_from_nothing_is_one_insertion():
    assert diff_words("", "New text").segments == (Segment("insert", "New text"),)


def test_text_to_nothing_is_one_deletion():
    assert diff_words("Old text", "").segments == (Segment("delete", "Old text"),)


def test_tokens_keep_whitespace_and_punctuation():
    assert tokenize("Hi,  board\n(BSCB)") == ["Hi", ",", "  ", "board", "\n", "(", "BSCB", ")"]


def test_list_diff_gives_one_segment_per_item():
    assert diff_lines(["Advise", "Contribute", "Attend"], ["Advise", "Lead", "Attend"]) == (
        Segment("equal", "Advise"),
        Segment("delete", "Contribute"),
        Segment("insert", "Lead"),
        Segment("equal", "Attend"),
    )


texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abc ABC,.;:-()\n\t'\"<>&")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(texts, texts)
def test_segments_reassemble_the_old_and_new_texts(old, new):
    segments = diff_words(old, new).segments
    assert "".join(text for op, text in segments if op in ("equal", "delete")) == old
    assert "".join(text for op, text in segments if op in ("equal", "insert")) == new


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_segments_are_never_empty_and_never_repeat_an_op(old, new):
    segments = diff_words(old, new).segments
    assert all(text for _op, text in segments)
    assert all(a.op != b.op for a, b in zip(segments, segments[1:], strict=False))
    assert all(op in ("equal", "insert", "delete") for op, _text in segments)


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_text_is_changed_exactly_when_a_segment_is_not_equal(old, new):
    diff = diff_words(old, new)
    assert diff.changed == any(op != "equal" for op, _text in diff.segments)
    assert diff.changed == (old != new)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_tokens_join_back_to_the_text(text):
    assert "".join(tokenize(text)) == text


# Rendering a diff


def test_redline_html_marks_insertions_and_deletions_for_screen_readers():
    diff = diff_words("The board meets quarterly.", "The board meets monthly.")
    assert redline_html(diff.segments) == (
        f"The board meets {DELETED}quarterly</del>{INSERTED}monthly</ins>."
    )


def test_redline_html_accepts_a_text_diff():
    diff = diff_words("a", "b")
    assert redline_html(diff) == f"{DELETED}a</del>{INSERTED}b</ins>"


def test_redline_html_escapes_every_segment():
    segments = [
        Segment("equal", "<script>alert(1)</script> "),
        Segment("delete", '<img src=x onerror="alert(2)">'),
        Segment("insert", "Tom & Jerry's <b>"),
    ]
    assert redline_html(segments) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; "
        f"{DELETED}&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</del>"
        f"{INSERTED}Tom &amp; Jerry&#x27;s &lt;b&gt;</ins>"
    )


def test_script_inside_diffed_title_is_escaped_in_the_template():
    old = make_content()
    new = make_content()
    new["title"] = "Protocol <script>alert(1)</script> between BSCB and BHWB"
    redline = compare(old, new)
    template = Template("{% load protocol_text %}{{ diff|redline_html }}")
    html = template.render(Context({"diff": redline.title}))
    assert "<script" not in html
    assert html == (
        f"Protocol {INSERTED}&lt;script&gt;alert(1)&lt;/script&gt; </ins>between BSCB and BHWB"
    )


def test_script_quoted_in_section_text_is_diffed_as_words_and_escaped():
    old = make_content()
    new = make_content()
    old["sections"][0]["body"] = "Never paste `<script>` tags."
    new["sections"][0]["body"] = "Never paste `<script>` blocks."
    section = compare(old, new).sections[0]
    assert section.body.segments == (
        Segment("equal", "Never paste <script> "),
        Segment("delete", "tags"),
        Segment("insert", "blocks"),
        Segment("equal", "."),
    )
    assert redline_html(section.body) == (
        f"Never paste &lt;script&gt; {DELETED}tags</del>{INSERTED}blocks</ins>."
    )


def test_redline_html_refuses_an_unknown_operation():
    with pytest.raises(ValueError, match="Unknown diff operation 'replace'."):
        redline_html([("replace", "x")])


def test_redline_html_of_nothing_is_empty():
    assert redline_html(None) == ""


# Comparing versions


def test_identical_versions_have_no_changes():
    old = make_content()
    redline = compare(old, copy.deepcopy(old))
    assert not redline.has_changes
    assert redline.summary() == "No changes"
    items = [*redline.parties, *redline.sections, *redline.obligations, *redline.ladder]
    assert {item.status for item in items} == {UNCHANGED}
    assert len(items) == 2 + 4 + 2 + 2


def test_version_number_alone_is_not_a_change():
    old = make_content()
    new = make_content()
    new["version"] = 2
    assert not compare(old, new).has_changes


def test_title_and_purpose_changes_are_word_diffs():
    old = make_content()
    new = make_content()
    new["title"] = "Protocol between BSCB, CDOP and BHWB"
    new["purpose"] = "To keep children and families safe and healthy."
    redline = compare(old, new)
    assert redline.title.segments == (
        Segment("equal", "Protocol between BSCB"),
        Segment("insert", ", CDOP"),
        Segment("equal", " and BHWB"),
    )
    assert redline.purpose.segments == (
        Segment("equal", "To keep children "),
        Segment("insert", "and families "),
        Segment("equal", "safe and healthy."),
    )
    assert redline.has_changes
    assert redline.summary() == "Title changed; purpose changed"


def test_changed_section_text_is_a_word_diff_of_what_readers_see():
    old = make_content()
    new = make_content()
    new["sections"][0]["body"] = "The board meets monthly."
    redline = compare(old, new)
    intro = _by_key(redline.sections)["s-intro"]
    assert intro.status == CHANGED
    assert intro.changed_fields == ("body",)
    assert intro.body.segments == (
        Segment("equal", "The board meets "),
        Segment("delete", "quarterly"),
        Segment("insert", "monthly"),
        Segment("equal", "."),
    )
    assert redline.summary() == "1 section changed"


def test_section_list_change_diffs_the_list_items_not_the_markdown():
    old = make_content()
    new = make_content()
    new["sections"][1]["body"] = (
        "* BSCB will present its annual report\n* Boards share minutes and agendas"
    )
    arrangements = _by_key(compare(old, new).sections)["s-arrangements"]
    assert arrangements.body.segments == (
        Segment("equal", "- BSCB will present its annual report\n- Boards share minutes"),
        Segment("insert", " and agendas"),
    )


def test_formatting_only_change_shows_the_markup_that_changed():
    old = make_content()
    new = make_content()
    new["sections"][0]["body"] = "The board meets **quarterly**."
    intro = _by_key(compare(old, new).sections)["s-intro"]
    assert intro.status == CHANGED
    assert intro.body.segments == (
        Segment("equal", "The board meets "),
        Segment("insert", "**"),
        Segment("equal", "quarterly"),
        Segment("insert", "**"),
        Segment("equal", "."),
    )


def test_changed_heading_and_kind_are_reported_as_fields():
    old = make_content()
    new = make_content()
    new["sections"][3]["heading"] = "Resolving disagreements"
    new["sections"][3]["kind"] = "ladder"
    resolution = _by_key(compare(old, new).sections)["s-resolution"]
    assert resolution.status == CHANGED
    assert resolution.changed_fields == ("heading", "kind")
    assert resolution.heading.segments == (
        Segment("delete", "Resolution process"),
        Segment("insert", "Resolving disagreements"),
    )


def test_added_section_is_reported_in_place_with_all_its_text_inserted():
    old = make_content()
    new = make_content()
    new["sections"].insert(1, _section("s-new", 2, "Information sharing", "Share data."))
    for number, section in enumerate(new["sections"], start=1):
        section["number"] = number
    redline = compare(old, new)
    assert [(s.key, s.status) for s in redline.sections] == [
        ("s-intro", UNCHANGED),
        ("s-new", ADDED),
        ("s-arrangements", UNCHANGED),
        ("s-posts", UNCHANGED),
        ("s-resolution", UNCHANGED),
    ]
    added = redline.sections[1]
    assert added.old is None
    assert added.heading.segments == (Segment("insert", "Information sharing"),)
    assert added.body.segments == (Segment("insert", "Share data."),)
    assert not any(s.moved for s in redline.sections)
    assert redline.sections[2].renumbered
    assert redline.summary() == "1 section added"


def test_removed_section_stays_where_it_was_with_all_its_text_deleted():
    old = make_content()
    new = make_content()
    del new["sections"][1]
    redline = compare(old, new)
    assert [(s.key, s.status) for s in redline.sections] == [
        ("s-intro", UNCHANGED),
        ("s-arrangements", REMOVED),
        ("s-posts", UNCHANGED),
        ("s-resolution", UNCHANGED),
    ]
    removed = redline.sections[1]
    assert removed.new is None
    assert removed.current["heading"] == "Operational arrangements"
    assert removed.body.segments == (
        Segment("delete", "- BSCB will present its annual report\n- Boards share minutes"),
    )
    assert redline.summary() == "1 section removed"


def test_removed_first_section_is_listed_first():
    old = make_content()
    new = make_content()
    del new["sections"][0]
    assert [s.key for s in compare(old, new).sections] == [
        "s-intro",
        "s-arrangements",
        "s-posts",
        "s-resolution",
    ]


def test_section_moved_to_the_front_is_the_only_one_moved():
    old = make_content()
    new = make_content()
    new["sections"].insert(0, new["sections"].pop())
    for number, section in enumerate(new["sections"], start=1):
        section["number"] = number
    redline = compare(old, new)
    assert [(s.key, s.status, s.moved) for s in redline.sections] == [
        ("s-resolution", MOVED, True),
        ("s-intro", UNCHANGED, False),
        ("s-arrangements", UNCHANGED, False),
        ("s-posts", UNCHANGED, False),
    ]
    assert redline.has_changes
    assert redline.summary() == "1 section moved"


def test_section_moved_and_edited_is_changed_and_marked_moved():
    old = make_content()
    new = make_content()
    moved = new["sections"].pop(0)
    moved["heading"] = "Introduction and scope"
    new["sections"].append(moved)
    intro = _by_key(compare(old, new).sections)["s-intro"]
    assert intro.status == CHANGED
    assert intro.moved
    assert intro.changed_fields == ("heading",)


def test_renumbering_alone_is_not_a_change():
    old = make_content()
    new = make_content()
    for section in new["sections"]:
        section["number"] += 10
    redline = compare(old, new)
    assert all(s.renumbered and s.status == UNCHANGED for s in redline.sections)
    assert not redline.has_changes


def test_post_holder_responsibility_added_is_listed_item_by_item():
    old = make_content()
    new = make_content()
    new["sections"][2]["post_holders"][0]["responsibilities"].append("Attend both boards")
    posts = _by_key(compare(old, new).sections)["s-posts"]
    assert posts.status == CHANGED
    assert posts.changed_fields == ("post_holders",)
    (holder,) = posts.post_holders
    assert holder.status == CHANGED
    assert holder.responsibilities == (
        Segment("equal", "Advise on health"),
        Segment("equal", "Contribute to BSCB"),
        Segment("insert", "Attend both boards"),
    )


def test_post_holder_added_without_a_post_is_matched_by_title():
    old = make_content()
    new = make_content()
    new["sections"][2]["post_holders"].append(
        {"post": None, "title": "Lead Member", "responsibilities": ["Lead politically"]}
    )
    posts = _by_key(compare(old, new).sections)["s-posts"]
    assert [h.status for h in posts.post_holders] == [UNCHANGED, ADDED]
    assert posts.post_holders[1].title.segments == (Segment("insert", "Lead Member"),)
    assert posts.post_holders[1].responsibilities == (Segment("insert", "Lead politically"),)


def test_obligation_timing_change_gives_old_and_new_rules():
    old = make_content()
    new = make_content()
    new["obligations"][1]["timing"] = {"kind": "deadline", "month": 7, "day": 31}
    redline = compare(old, new)
    plan = _by_key(redline.obligations)["o-plan"]
    assert plan.status == CHANGED
    assert plan.changed_fields == ("timing",)
    assert plan.timing == ValueChange(
        {"kind": "deadline", "month": 6, "day": None},
        {"kind": "deadline", "month": 7, "day": 31},
    )
    assert plan.owing is None
    assert plan.description.segments == (Segment("equal", "Provide a copy of the Business Plan"),)
    assert redline.summary() == "1 obligation changed"


def test_obligation_timing_with_keys_in_another_order_is_unchanged():
    old = make_content()
    new = make_content()
    new["obligations"][1]["timing"] = {"day": None, "month": 6, "kind": "deadline"}
    assert not compare(old, new).has_changes


def test_obligation_field_changes_are_each_reported():
    old = make_content()
    new = make_content()
    new["obligations"][0].update(
        section="s-intro",
        owing_board=None,
        owing_post=DPH,
        owing_label="Director of Public Health",
        receiving_board=CDOP,
        what="consult",
        description="Present the annual report to BHWB and CDOP",
    )
    report = _by_key(compare(old, new).obligations)["o-report"]
    assert report.changed_fields == ("section", "owing", "receiving", "what", "description")
    assert report.section == ValueChange("s-arrangements", "s-intro")
    assert report.owing == ValueChange(
        {"board": HSCB, "post": None, "label": ""},
        {"board": None, "post": DPH, "label": "Director of Public Health"},
    )
    assert report.receiving == ValueChange(
        {"board": BHWB, "post": None}, {"board": CDOP, "post": None}
    )
    assert report.what == ValueChange("present_report", "consult")
    assert report.description.segments == (
        Segment("equal", "Present the annual report to BHWB"),
        Segment("insert", " and CDOP"),
    )
    assert report.timing is None


def test_obligation_added_and_removed():
    old = make_content()
    new = make_content()
    del new["obligations"][0]
    new["obligations"].append(
        _obligation("o-minutes", "Share minutes", what="share_document", timing={"kind": "ad_hoc"})
    )
    redline = compare(old, new)
    assert [(o.key, o.status) for o in redline.obligations] == [
        ("o-report", REMOVED),
        ("o-plan", UNCHANGED),
        ("o-minutes", ADDED),
    ]
    assert redline.obligations[0].description.segments == (
        Segment("delete", "Present the annual report to BHWB"),
    )
    assert redline.obligations[2].current["what"] == "share_document"
    assert redline.summary() == "1 obligation added, 1 removed"


def test_parties_added_removed_and_changed_are_matched_by_board():
    old = make_content()
    new = make_content()
    new["parties"][0]["signatory"] = "post"
    new["parties"][0]["signatory_post"] = DPH
    del new["parties"][1]
    new["parties"].append(
        {"board": CDOP, "signatory": "chairs", "signatory_post": None, "lead_officer": None}
    )
    redline = compare(old, new)
    assert [(p.board_id, p.status, p.changed_fields) for p in redline.parties] == [
        (1, CHANGED, ("signatory", "signatory_post")),
        (2, REMOVED, ()),
        (3, ADDED, ()),
    ]
    assert redline.parties[1].current["board"]["short_name"] == "BHWB"
    assert redline.summary() == "1 party changed, 1 added, 1 removed"


def test_renamed_board_changes_the_party():
    old = make_content()
    new = make_content()
    new["parties"][0]["board"] = {**HSCB, "name": "Bolton Safeguarding Children Partnership"}
    (party, _other) = compare(old, new).parties
    assert party.status == CHANGED
    assert party.changed_fields == ("board",)


def test_ladder_steps_are_matched_by_step_number():
    old = make_content()
    new = make_content()
    new["ladder"][1]["description"] = "Refer to the chief executive within 10 days."
    new["ladder"].append({"step": 3, "title": "Mediation", "description": ""})
    redline = compare(old, new)
    assert [(s.step, s.status) for s in redline.ladder] == [
        (1, UNCHANGED),
        (2, CHANGED),
        (3, ADDED),
    ]
    assert redline.ladder[1].changed_fields == ("description",)
    assert redline.ladder[1].description.segments == (
        Segment("equal", "Refer to the chief executive"),
        Segment("insert", " within 10 days"),
        Segment("equal", "."),
    )
    assert redline.summary() == "1 resolution step changed, 1 added"


def test_ladder_step_removed():
    old = make_content()
    new = make_content()
    del new["ladder"][0]
    redline = compare(old, new)
    assert [(s.step, s.status) for s in redline.ladder] == [(1, REMOVED), (2, UNCHANGED)]
    assert redline.ladder[0].title.segments == (Segment("delete", "Chairs meet"),)


def test_summary_counts_changes_per_kind_in_a_fixed_order():
    old = make_content()
    new = make_content()
    new["sections"][0]["body"] = "The board meets monthly."
    new["sections"][3]["heading"] = "Resolving disagreements"
    new["sections"].append(_section("s-review", 5, "Review", "Reviewed every year."))
    del new["obligations"][0]
    assert compare(old, new).summary() == "2 sections changed, 1 added; 1 obligation removed"


def test_summary_puts_every_kind_in_order():
    old = make_content()
    new = make_content()
    new["title"] = "A new title"
    new["parties"][1]["lead_officer"] = "Alex Brown"
    new["sections"][0]["body"] = "The board meets monthly."
    new["sections"][1]["body"] = "Nothing."
    new["sections"].insert(0, new["sections"].pop())
    new["obligations"][0]["timing"] = {"kind": "ad_hoc"}
    new["ladder"].pop()
    assert compare(old, new).summary() == (
        "Title changed; 1 party changed; 2 sections changed, 1 moved; "
        "1 obligation changed; 1 resolution step removed"
    )


def test_missing_lists_compare_as_empty():
    old = {"title": "T", "purpose": ""}
    new = make_content()
    redline = compare(old, new)
    assert {s.status for s in redline.sections} == {ADDED}
    assert len(redline.obligations) == 2


@pytest.mark.parametrize(
    ("where", "duplicate", "message"),
    [
        ("sections", 0, "Two sections share the key 's-intro'."),
        ("obligations", 0, "Two obligations share the key 'o-report'."),
        ("parties", 0, "Two parties share the key 1."),
        ("ladder", 0, "Two resolution steps share the key 1."),
    ],
)
def test_duplicate_keys_are_refused(where, duplicate, message):
    old = make_content()
    new = make_content()
    new[where].append(copy.deepcopy(new[where][duplicate]))
    with pytest.raises(ValueError, match=re.escape(message)):
        compare(old, new)


def _longest_common_run(a, b):
    """Return the length of the longest common subsequence (the textbook table)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from("ABCDEFGHIJ"), unique=True, max_size=10),
    st.lists(st.sampled_from("ABCDEFGHIJKLMN"), unique=True, max_size=12),
)
def test_sections_are_all_listed_once_in_the_new_order_with_fewest_moves(old_keys, new_keys):
    old = {"sections": [_section(k, i, f"Section {k}") for i, k in enumerate(old_keys, 1)]}
    new = {"sections": [_section(k, i, f"Section {k}") for i, k in enumerate(new_keys, 1)]}
    sections = compare(old, new).sections
    listed = [s.key for s in sections]
    assert sorted(listed) == sorted(set(old_keys) | set(new_keys))
    assert [s.key for s in sections if s.status != REMOVED] == new_keys
    assert {s.key for s in sections if s.status == ADDED} == set(new_keys) - set(old_keys)
    assert {s.key for s in sections if s.status == REMOVED} == set(old_keys) - set(new_keys)
    moved = {s.key for s in sections if s.status == MOVED}
    common = [k for k in old_keys if k in new_keys]
    assert len(moved) == len(common) - _longest_common_run(
        common, [k for k in new_keys if k in old_keys]
    )
    staying = [k for k in common if k not in moved]
    assert staying == [k for k in new_keys if k in staying]
    assert {s.status for s in sections} <= {ADDED, REMOVED, MOVED, UNCHANGED}
