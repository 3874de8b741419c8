"""Rendering highlighted snippets: every piece escaped, matches wrapped in ``<mark>``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def marked(segments: Iterable[Any] | None) -> SafeString:
    """``[(piece, is_match), ...]`` as HTML with the matches in ``<mark>``."""
    out: list[str] = []
    for segment in segments or ():
        try:
            piece, is_match = segment
        except (TypeError, ValueError):
            piece, is_match = str(segment), False
        text = str(conditional_escape(str(piece)))
        out.append(f"<mark>{text}</mark>" if is_match else text)
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` (``key`` itself when absent)."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return key


@register.filter
def percent(value: float | None) -> str:
    """A similarity in [-1, 1] as a whole percentage ("" for ``None``)."""
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"
