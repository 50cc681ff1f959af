"""The canonical content and its SHA-256: stable under reordering, changed by any edit."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from boards.models import Post
from protocols import canonical, content, services
from protocols.models import ProtocolVersion
from tests import factories as f

from .conftest import yesterday

leaves = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12)
json_values = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=25,
)
documents = st.dictionaries(st.text(max_size=6), json_values, min_size=1, max_size=5)


def _reordered(value, rnd):
    """Return the same data with every dict's keys inserted in a shuffled order."""
    if isinstance(value, dict):
        keys = list(value)
        rnd.shuffle(keys)
        return {k: _reordered(value[k], rnd) for k in keys}
    if isinstance(value, list):
        return [_reordered(v, rnd) for v in value]
    return value


def _leaf_paths(value, path=()):
    """Yield the path of every scalar and every empty list or dict."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from _leaf_paths(v, (*path, k))
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            yield from _leaf_paths(v, (*path, i))
    else:
        yield path


def _changed(leaf):
    if isinstance(leaf, list):
        return [None]
    if isinstance(leaf, dict):
        return {"·": None}
    if leaf is None:
        return 0
    if isinstance(leaf, bool):
        return not leaf
    if isinstance(leaf, int):
        return leaf + 1
    return leaf + "·"


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


def _get(value, path):
    for step in path:
        value = value[step]
    return value


@given(documents, st.randoms(use_true_random=False))
def test_hash_ignores_the_order_keys_were_inserted_in(doc, rnd):
    shuffled = _reordered(doc, rnd)
    assert canonical.canonical_bytes(shuffled) == canonical.canonical_bytes(doc)
    assert canonical.content_hash(shuffled) == canonical.content_hash(doc)


@given(documents, st.data())
def test_changing_any_value_changes_the_hash(doc, data):
    paths = list(_leaf_paths(doc))
    path = data.draw(st.sampled_from(paths))
    edited = _replace(doc, path, _changed(_get(doc, path)))
    assert canonical.content_hash(edited) != canonical.content_hash(doc)


@given(documents, st.data())
def test_renaming_a_key_changes_the_hash(doc, data):
    key = data.draw(st.sampled_from(sorted(doc)))
    assume(key + "_" not in doc)
    renamed = {(k + "_" if k == key else k): v for k, v in doc.items()}
    assert canonical.content_hash(renamed) != canonical.content_hash(doc)


@given(st.lists(st.integers(), min_size=2, max_size=6, unique=True))
def test_list_order_is_part_of_the_content(items):
    assert canonical.content_hash({"sections": items}) != canonical.content_hash(
        {"sections": items[::-1]}
    )


def test_hash_is_sha256_of_compact_sorted_utf8_json():
    doc = {"title": "Children’s services", "b": [1, 2], "a": None}
    expected = (
        '{"content":{"a":null,"b":[1,2],"title":"Children’s services"},'
        '"format":"protocol-content/1"}'
    ).encode()
    assert canonical.canonical_bytes(doc) == expected
    assert canonical.content_hash(doc) == hashlib.sha256(expected).hexdigest()


def test_values_json_cannot_hold_exactly_are_refused():
    with pytest.raises(ValueError):
        canonical.canonical_bytes({"x": float("nan")})


# --- the content of a real version -----------------------------------------------------


def _hash(version: ProtocolVersion) -> str:
    fresh = content.content_queryset().get(pk=version.pk)
    return canonical.content_hash(content.version_content(fresh))


def test_a_versions_hash_is_stable_across_fetches(draft):
    assert _hash(draft) == _hash(draft)
    assert (
        json.loads(canonical.canonical_bytes(content.version_content(draft)))["content"]["version"]
        == 1
    )


def _edits(world, version):
    bm = world.user("business_manager")
    section = version.sections.get(order=1)
    dph = f.PostFactory(area=world.area_a, kind=Post.Kind.DPH)
    return {
        "title": lambda: services.version_update(
            actor=bm, version=version, title="New title", purpose=version.purpose
        ),
        "purpose": lambda: services.version_update(
            actor=bm, version=version, title=version.title, purpose="New purpose"
        ),
        "section body": lambda: services.section_update(
            actor=bm, section=section, heading=section.heading, body="New body", revision=1
        ),
        "section heading": lambda: services.section_update(
            actor=bm, section=section, heading="New heading", body=section.body, revision=1
        ),
        "section order": lambda: services.section_move(actor=bm, section=section, direction="down"),
        "new section": lambda: services.section_add(actor=bm, version=version, heading="More"),
        "party signatory": lambda: services.party_update(
            actor=bm,
            party=version.parties.get(board=world.hwb),
            signatory_kind="post",
            signatory_post=dph,
        ),
        "new party": lambda: services.party_add(actor=bm, version=version, board=world.csp),
        "obligation": lambda: services.obligation_add(
            actor=bm,
            version=version,
            section=section,
            what="present_report",
            description="Annual report",
            timing={"kind": "fixed_month", "month": 9},
            owing_board=world.scp,
            receiving_board=world.hwb,
        ),
        "ladder": lambda: services.ladder_step_update(
            actor=bm, step=version.ladder_steps.get(order=1), title="Letter"
        ),
    }


EDITS = [
    "title",
    "purpose",
    "section body",
    "section heading",
    "section order",
    "new section",
    "party signatory",
    "new party",
    "obligation",
    "ladder",
]


@pytest.mark.parametrize("edit", EDITS)
def test_every_content_edit_changes_the_versions_hash(cast, draft, edit):
    before = _hash(draft)
    _edits(cast, draft)[edit]()
    assert _hash(draft) != before


def test_obligation_timing_is_part_of_the_hash(cast, draft):
    bm = cast.user("business_manager")
    obligation = _edits(cast, draft)["obligation"]()
    before = _hash(draft)
    services.obligation_update(
        actor=bm,
        obligation=obligation,
        section=obligation.section,
        what=obligation.what,
        description=obligation.description,
        timing={"kind": "fixed_month", "month": 10},
        owing_board=cast.scp,
        receiving_board=cast.hwb,
    )
    assert _hash(draft) != before


def test_status_approvals_and_comments_do_not_change_the_hash(cast, draft, walk):
    before = _hash(draft)
    walk.consult(draft)
    services.comment_add(actor=cast.user("member"), version=draft, body="Looks right.")
    services.comment_resolve(actor=cast.user("member"), comment=draft.comments.get())
    walk.request_approval(draft)
    services.approval_record(
        actor=cast.user("chair"),
        version=draft,
        board=cast.hwb,
        decided_on=yesterday(),
        decided_by="The Board",
    )
    assert _hash(draft) == before
