"""Serializer bases shared by every API: strict input and the documented error body."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer[Any]):
    """Input that refuses keys it does not know, so a misspelt field is an error, not a no-op.

    Keys listed in ``ignored_fields`` (the read-only fields of the matching output, such
    as ``id`` or ``created``) are accepted and ignored, so a client may send back what
    it read.
    """

    ignored_fields: ClassVar[tuple[str, ...]] = ()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = set(self.fields) | set(self.ignored_fields)
            unknown = sorted(str(key) for key in data if key not in allowed)
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("Unknown field: {name}").format(name=key)] for key in unknown}
                )
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every error answer under ``/api/``."""

    detail = serializers.CharField(help_text="What went wrong, in the client's language.")
    errors = serializers.DictField(  # type: ignore[assignment]  # a field named "errors"
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field name (dotted for nested fields); empty when none.",
    )
    status = serializers.IntegerField(help_text="The HTTP status code.")
