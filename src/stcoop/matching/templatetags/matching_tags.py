"""Template helpers of matchmaking: the unread-notification count of the navbar."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """How many notifications the signed-in user has not read (0 for a visitor)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from stcoop.matching.selectors import unread_count

    return unread_count(actor=user)


@register.filter
def score_class(score: int) -> str:
    """Bootstrap colour of a score bar."""
    if score >= 70:
        return "bg-success"
    if score >= 45:
        return "bg-primary"
    return "bg-secondary"
