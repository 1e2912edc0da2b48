"""The quick check of a push's encoded payload says exactly what the walk through its values says."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from liaison_server.storable import is_storable, is_storable_json

# Text rich in what matters here: backslashes, NULs, the letters of an escape, lone surrogates.
tricky_text = st.text(
    alphabet=st.sampled_from(["\\", "u", "0", "\x00", "\ud800", "\udfff", "a", "é", "م", '"', "\n"]),
    max_size=12,
)
values = st.recursive(
    tricky_text | st.integers() | st.booleans() | st.none(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(tricky_text, children, max_size=4),
    max_leaves=12,
)


@given(values)
def test_the_encoded_check_agrees_with_the_walk_through_the_value(value: object) -> None:
    assert is_storable_json(json.dumps(value, ensure_ascii=False)) == is_storable(value)


def test_a_literal_backslash_u0000_typed_by_a_person_is_storable() -> None:
    assert is_storable_json(json.dumps("see C:\\u0000 in the log", ensure_ascii=False))


def test_a_nul_after_a_literal_backslash_is_not_storable() -> None:
    assert not is_storable_json(json.dumps("a\\\x00", ensure_ascii=False))
