"""Properties of the pure merge rules, for all inputs hypothesis can think of: two devices' concurrent
edits converge in either arrival order, and a referral's replayed timeline is always a valid chain."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_protocol import derived
from liaison_protocol.records import REFERRAL_STATUSES, is_valid_referral_transition
from liaison_server import merge

FIELDS = ("given_name", "phone", "notes")
values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
edits = st.dictionaries(st.sampled_from(FIELDS), values, max_size=3)
ops = st.sampled_from(["upsert", "upsert", "delete"])


def _base() -> merge.RecordState:
    created = merge.Incoming(
        "upsert", {"given_name": "x"}, "0000000000001-000000-origin", None, "origin", "u0"
    )
    return merge.create("contact", created)


def _apply(state: merge.RecordState, incoming: merge.Incoming) -> tuple[merge.RecordState, list[tuple]]:
    result = merge.merge(state, incoming)
    notes = [
        (c.kind, c.field, repr(c.kept_value), c.kept_hlc, c.kept_by, repr(c.set_aside_value), c.set_aside_hlc)
        for c in result.conflicts
    ]
    return result.state or state, notes


def _observable(state: merge.RecordState) -> tuple:
    return (state.deleted, tuple(sorted((k, repr(v)) for k, v in state.fields.items())))


@settings(max_examples=300, deadline=None)
@given(edits, edits, ops, ops, st.booleans())
def test_two_concurrent_edits_converge_in_either_arrival_order(
    fields_a: dict, fields_b: dict, op_a: str, op_b: str, a_is_later: bool
) -> None:
    base = _base()
    hlc_a = f"00000000000{'3' if a_is_later else '2'}0-000000-deva"
    hlc_b = f"00000000000{'2' if a_is_later else '3'}0-000000-devb"
    a = merge.Incoming(op_a, fields_a if op_a == "upsert" else {}, hlc_a, 1, "deva", "ua")
    b = merge.Incoming(op_b, fields_b if op_b == "upsert" else {}, hlc_b, 1, "devb", "ub")
    first, notes_ab1 = _apply(base, a)
    ab, notes_ab2 = _apply(first, b)
    second, notes_ba1 = _apply(base, b)
    ba, notes_ba2 = _apply(second, a)
    assert _observable(ab) == _observable(ba)
    assert sorted(notes_ab1 + notes_ab2) == sorted(notes_ba1 + notes_ba2)


@settings(max_examples=200, deadline=None)
@given(edits, st.integers(min_value=0, max_value=3))
def test_an_edit_of_the_latest_version_never_conflicts(fields: dict, earlier_edits: int) -> None:
    state = _base()
    for n in range(earlier_edits):
        other = merge.Incoming(
            "upsert", {"notes": f"v{n}"}, f"00000000001{n}0-000000-devb", state.version, "devb", "ub"
        )
        state, _ = _apply(state, other)
    mine = merge.Incoming("upsert", fields, "0000000000100-000000-deva", state.version, "deva", "ua")
    result = merge.merge(state, mine)
    assert result.status == "applied" and result.conflicts == ()
    new_state = result.state or state
    assert all(new_state.fields.get(k) == v for k, v in fields.items())


events = st.lists(
    st.tuples(
        st.sampled_from(REFERRAL_STATUSES),
        st.sampled_from(REFERRAL_STATUSES),
        st.integers(min_value=0, max_value=50),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(events, st.randoms(use_true_random=False))
def test_a_referral_timeline_replays_to_a_valid_chain_whatever_the_arrival_order(raw: list, rnd) -> None:
    timeline = [
        derived.TimelineEvent(f"e{i}", f"{stamp:013d}-000000-n{i}", src, dst)
        for i, (src, dst, stamp) in enumerate(raw)
    ]
    shuffled = list(timeline)
    rnd.shuffle(shuffled)
    status, effective = derived.replay_referral(timeline)
    assert (status, effective) == derived.replay_referral(shuffled)
    current = "draft"
    for event in sorted(timeline, key=lambda e: (e.hlc, e.record_id)):
        if effective[event.record_id]:
            assert event.from_status == current and is_valid_referral_transition(current, event.to_status)
            current = event.to_status
    assert current == status
