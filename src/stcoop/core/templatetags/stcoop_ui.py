"""Template tags shared by every page of the web interface (``{% load stcoop_ui %}``)."""

from __future__ import annotations

import datetime
import math
from typing import Any
from urllib.parse import urlencode

from django import forms, template
from django.db.models import Model
from django.forms.boundfield import BoundField
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from stcoop.accounts.choices import Role
from stcoop.accounts.selectors import user_may_manage_users
from stcoop.core.permissions import role_of

register = template.Library()

# Deepest indentation step that site.css defines (``tree-depth-0`` … ``tree-depth-8``).
MAX_TREE_DEPTH = 8


@register.simple_tag
def url_or_none(viewname: str, *args: Any, **kwargs: Any) -> str | None:
    """Like ``{% url %}``, but ``None`` when the name is not (yet) defined.

    Used for links to pages of apps that may not be installed in every build.
    """
    try:
        return reverse(viewname, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@register.simple_tag
def history_url(record: Model | None) -> str:
    """Address of ``record``'s change-history page, or an empty string for unsaved records."""
    if record is None or getattr(record, "pk", None) is None:
        return ""
    return reverse("core:history", args=[record._meta.label_lower, record.pk])


@register.simple_tag(takes_context=True)
def path_without_lang(context: template.Context) -> str:
    """The current path and query string minus ``lang=`` (so a language switch sticks)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/"
    params = [(k, v) for k, v in request.GET.lists() if k != "lang"]
    query = urlencode([(k, item) for k, values in params for item in values])
    return request.path + (f"?{query}" if query else "")


@register.filter
def manages_users(user: Any) -> bool:
    """Whether ``user`` administers user accounts (shows the "Users" menu entry)."""
    return user_may_manage_users(user)


@register.filter
def role_label(user: Any) -> str:
    """The translated name of ``user``'s effective role."""
    role = role_of(user)
    return str(Role(role).label) if role in Role.values else ""


@register.filter
def minutes(value: datetime.timedelta | float | int | None) -> int:
    """A duration as whole minutes, rounded up (a timedelta or a number of hours)."""
    if value is None:
        return 0
    seconds = (
        value.total_seconds() if isinstance(value, datetime.timedelta) else float(value) * 3600
    )
    return max(math.ceil(seconds / 60), 0)


@register.filter
def tree_depth(depth: int) -> int:
    """Clamp a tree depth to the indentation steps the style sheet defines."""
    return min(max(int(depth), 0), MAX_TREE_DEPTH)


_SIZED = frozenset({"form-control", "form-select"})


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def bs_field(field: BoundField, size: str = "") -> SafeString | str:
    """Render a form field's widget with Bootstrap classes, marked invalid when it has errors.

    ``{{ field|bs_field:"sm" }}`` gives the small variant (filter side bars).
    """
    if not isinstance(field, BoundField):
        return field
    widget = field.field.widget
    base = _widget_class(widget)
    sized = f"{base}-{size}" if size in {"sm", "lg"} and base in _SIZED else ""
    css = " ".join(filter(None, [widget.attrs.get("class", ""), base, sized]))
    if field.errors:
        css = f"{css} is-invalid"
    attrs: dict[str, Any] = {"class": css.strip()} if css.strip() else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}-errors"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    """Whether ``field`` renders as a single check box (laid out differently)."""
    return isinstance(field.field.widget, forms.CheckboxInput)
