"""Snippets of a search hit, cut from the text as it was written, with the words the query matched in bold.

The full-text index holds a prepared copy of each text (Arabic folded, a space between Chinese
characters, see `search_fold.prepare`) so that searching is forgiving; a snippet cut from that copy
showed the folded spelling (زياره for زيارة) and the inserted spaces. Here the original text is split into
words with their positions, each word is folded the way the index folds it, and the words equal to a
query word (the last one as a prefix, as the query is typed) or inside a run of Chinese characters the
query asked for are marked, in the original text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from .search_fold import CJK_RANGES, prepare

# A word: letters, digits, combining marks (a decomposed accent, Arabic harakat) and the Arabic block; or
# one CJK character, which the index also treats as a word of its own.
_WORD = re.compile(f"[{CJK_RANGES}]|[\\w\u0300-\u036f\u0600-\u06ff]+")
_CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
WINDOW_WORDS = 12  # as many words as FTS5's snippet() was asked for
WORDS_BEFORE_HIT = 3
# A Chinese or Japanese character is a word to the index but about half of one to a reader: a snippet of
# twelve characters would be six words long.
_CJK_WEIGHT = 0.5
ELLIPSIS = "…"


def fold(word: str) -> str:
    """A word as the index compares it: prepared, lower case, without Latin diacritics (FTS5's
    `unicode61 remove_diacritics 2`)."""
    decomposed = unicodedata.normalize("NFKD", prepare(word).strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class QueryWords:
    """What a query asks for: whole words, the last word as a prefix, and runs of CJK characters."""

    words: frozenset[str]
    prefix: str | None
    cjk_runs: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, user_text: str) -> QueryWords:
        words: list[str] = []
        runs: list[tuple[str, ...]] = []
        run: list[str] = []
        for match in _WORD.finditer(user_text):
            word = fold(match.group())
            if not word:
                continue
            if _CJK_CHAR.fullmatch(word):
                run.append(word)
                continue
            if run:
                runs.append(tuple(run))
                run = []
            words.append(word)
        if run:
            runs.append(tuple(run))
        # As in `search_index.build_query`: the last word is a prefix unless the query ends in CJK.
        prefix = words[-1] if words and not run else None
        whole = frozenset(words[:-1] if prefix is not None else words)
        return cls(whole, prefix, tuple(runs))


def _marked(folded: list[str], query: QueryWords) -> list[bool]:
    hits = [w in query.words or (query.prefix is not None and w.startswith(query.prefix)) for w in folded]
    for run in query.cjk_runs:
        size = len(run)
        for start in range(len(folded) - size + 1):
            if tuple(folded[start : start + size]) == run:
                for index in range(start, start + size):
                    hits[index] = True
    return hits


def snippet_html(text: str, query: QueryWords) -> str | None:
    """HTML of about `WINDOW_WORDS` words of `text` around its first match, matched words in `<b>`; None
    when nothing in `text` matches."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    hits = _marked([fold(text[start:end]) for start, end in spans], query)
    if not any(hits):
        return None
    weights = [_CJK_WEIGHT if _CJK_CHAR.fullmatch(text[start:end]) else 1.0 for start, end in spans]
    begin = first = hits.index(True)
    before = 0.0
    while begin > 0 and before + weights[begin - 1] <= WORDS_BEFORE_HIT:
        begin -= 1
        before += weights[begin]
    end, shown = begin, 0.0
    while end < len(spans) and shown + weights[end] <= WINDOW_WORDS:
        shown += weights[end]
        end += 1
    end = max(end, first + 1)
    parts: list[str] = [ELLIPSIS] if begin > 0 else []
    position = spans[begin][0]
    index = begin
    while index < end:
        start, stop = spans[index]
        parts.append(html.escape(text[position:start]))
        if hits[index]:
            # Adjacent matched words with nothing between them (a Chinese word) are one bold run.
            while index + 1 < end and hits[index + 1] and spans[index + 1][0] == stop:
                index += 1
                stop = spans[index][1]
            parts.append(f"<b>{html.escape(text[start:stop])}</b>")
        else:
            parts.append(html.escape(text[start:stop]))
        position = stop
        index += 1
    if end < len(spans):
        parts.append(ELLIPSIS)
    return " ".join("".join(parts).split())


def opening_html(text: str) -> str:
    """The start of a text with nothing marked: for a hit whose match the index found in a way the
    snippet does not reproduce (a translation field, say), so that the row still says what it is."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    shown, end = 0.0, 0
    while end < len(spans) and shown < WINDOW_WORDS:
        shown += _CJK_WEIGHT if _CJK_CHAR.fullmatch(text[spans[end][0] : spans[end][1]]) else 1.0
        end += 1
    if end == len(spans):
        return html.escape(" ".join(text.split()))
    return html.escape(" ".join(text[: spans[end - 1][1]].split())) + ELLIPSIS
