"""Snippets of a text around the query's terms, with the matching words marked.

Matching reads the text the way the index does: a traditional-Chinese character matches
its simplified form (清華 ↔ 清华), full-width letters match half-width ones, and an
English word matches another with the same stem ("computing" ↔ "computed"). The output is
plain text segments; the caller escapes and marks them up.
"""

from __future__ import annotations

import re
from typing import Final

from stcoop.engines.text import normalize, tokenize, tokens

from .analysis import MAX_QUERY_CHARS

__all__ = ["highlight"]

_CJK: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN: Final = re.compile(f"[{_CJK}]+")
_RUN: Final = re.compile(f"[{_CJK}]+|[^\\W_]+(?:['’][^\\W_]+)*")
ELLIPSIS: Final = "…"


def _match_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    chinese_terms = [t for t in terms if _CJK_RUN.fullmatch(t)]
    spans: list[tuple[int, int]] = []
    for match in _RUN.finditer(text):
        run, start = match.group(0), match.start()
        if _CJK_RUN.fullmatch(run):
            simplified = normalize(run)
            hit = False
            for term in chinese_terms:
                at = simplified.find(term)
                while at >= 0:
                    hit = True
                    if len(simplified) == len(run):
                        spans.append((start + at, start + at + len(term)))
                    at = simplified.find(term, at + 1)
            if hit and len(simplified) != len(run):
                spans.append((start, match.end()))
        elif any(term in terms for term in tokens(run)):
            spans.append((start, match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    if len(text) <= max_chars:
        return 0, len(text)
    best_start, best_covered = 0, -1
    lead = max_chars // 6
    for anchor, _ in spans:
        start = max(0, min(anchor - lead, len(text) - max_chars))
        end = start + max_chars
        covered = sum(min(e, end) - max(s, start) for s, e in spans if s < end and e > start)
        if covered > best_covered:
            best_start, best_covered = start, covered
    start = best_start
    if start > 0:
        # Start at a word boundary when one is near.
        space = text.rfind(" ", max(0, start - 20), start + 1)
        if space >= 0:
            start = space + 1
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 20), end)
        if space > start:
            end = space
    return start, end


def highlight(text: str, query: str, *, max_chars: int = 240) -> list[tuple[str, bool]]:
    """A snippet of ``text`` around the query's terms as ``(piece, is_match)`` segments.

    Args:
        text: the record text.
        query: the user's query (any language; cut to 1,000 characters).
        max_chars: longest snippet, not counting the "…" added where the text is cut.

    Returns:
        Segments that join to the snippet; ``[]`` for an empty text.
    """
    if not text or max_chars <= 0:
        return []
    terms = {token.term for token in tokenize((query or "")[:MAX_QUERY_CHARS])}
    spans = _match_spans(text, terms) if terms else []
    start, end = _window(text, spans, max_chars)
    segments: list[tuple[str, bool]] = []
    if start > 0:
        segments.append((ELLIPSIS, False))
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start > position:
            segments.append((text[position:span_start], False))
        segments.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        segments.append((text[position:end], False))
    if end < len(text):
        segments.append((ELLIPSIS, False))
    merged: list[tuple[str, bool]] = []
    for piece, is_match in segments:
        if merged and not is_match and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + piece, False)
        else:
            merged.append((piece, is_match))
    return merged
