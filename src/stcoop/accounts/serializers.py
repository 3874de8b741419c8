"""API representations of organisation units and user accounts, and their inputs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from stcoop.accounts.choices import Language, Role, UnitKind
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.permissions import grantable_roles

_UNIT_TEXTS = ("name_zh_hans", "name_en", "description_zh_hans", "description_en")


class UnitSerializer(serializers.ModelSerializer[OrganisationUnit]):
    """An organisation unit, with its place in the tree. ``name`` and ``description`` are
    in the client's language (the other language when that one is empty); the ``_zh_hans``
    and ``_en`` fields hold each language as stored."""

    name = serializers.CharField(read_only=True, help_text="Name in the client's language.")
    name_zh_hans = serializers.CharField(read_only=True, default="")
    name_en = serializers.CharField(read_only=True, default="")
    description = serializers.CharField(
        read_only=True, help_text="Description in the client's language."
    )
    description_zh_hans = serializers.CharField(read_only=True, default="")
    description_en = serializers.CharField(read_only=True, default="")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrganisationUnit
        fields = (
            "id",
            "name",
            "name_zh_hans",
            "name_en",
            "acronym",
            "kind",
            "kind_label",
            "parent",
            "path",
            "depth",
            "country",
            "region",
            "description",
            "description_zh_hans",
            "description_en",
            "is_active",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def to_representation(self, instance: OrganisationUnit) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in _UNIT_TEXTS:
            data[name] = data[name] or ""
        return data


class UnitInputSerializer(StrictInputSerializer):
    """Fields a client sends to create or change a unit; a new ``parent`` moves the unit.

    The name is required in Chinese (``name_zh_hans``), in English (``name_en``) or in
    both when creating (POST) or replacing (PUT) a unit. ``name`` and ``description`` (the
    active-language values of the output) are accepted and ignored.
    """

    ignored_fields = (
        "id",
        "name",
        "description",
        "kind_label",
        "path",
        "depth",
        "created",
        "last_updated",
    )

    name_zh_hans = serializers.CharField(max_length=200, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    acronym = serializers.CharField(max_length=40, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    # DRF removes declared fields from the class, so this does not shadow Field.parent.
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=OrganisationUnit.objects.all(), required=False, allow_null=True
    )
    country = serializers.CharField(min_length=2, max_length=2, required=False)
    region = serializers.CharField(max_length=100, required=False, allow_blank=True)
    description_zh_hans = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)

    def to_internal_value(self, data: Any) -> Any:
        """Field errors, plus a missing name, reported together."""
        errors: dict[str, Any] = {}
        value: Any = None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not isinstance(error.detail, dict):
                raise
            errors = dict(error.detail)
        if not self.partial and isinstance(data, dict) and "name_zh_hans" not in errors:
            names = (str(data.get(key) or "").strip() for key in ("name_zh_hans", "name_en"))
            if not any(names):
                errors["name_zh_hans"] = [_("Give the name in Chinese, in English or in both.")]
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate_country(self, value: str) -> str:
        if not value.isalpha():
            raise serializers.ValidationError(_("Give a two-letter ISO country code."))
        return value.upper()


class UserSerializer(serializers.ModelSerializer[User]):
    """A user account as administrators (and the user) see it; never the password."""

    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = User
        fields = (
            "id",
            "username",
            "display_name",
            "email",
            "role",
            "role_label",
            "unit",
            "unit_name",
            "language",
            "is_active",
            "date_joined",
            "last_login",
        )
        read_only_fields = fields


class UserInputSerializer(StrictInputSerializer):
    """A new account. ``password`` is optional (without one the user cannot sign in until
    a password is set) and must pass the platform's password rules. Pass the acting user
    as ``context["actor"]``: ``role`` must be one the actor may grant."""

    username = serializers.RegexField(
        r"^[\w.@+-]+\Z",
        max_length=150,
        error_messages={
            "invalid": _("Use letters, digits and @ . + - _ only."),
        },
    )
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        trim_whitespace=False,
        max_length=4096,
        style={"input_type": "password"},
    )
    role = serializers.ChoiceField(choices=Role.choices)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), allow_null=True
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)

    def validate_role(self, value: str) -> str:
        if value not in grantable_roles(self.context.get("actor")):
            raise serializers.ValidationError(_("You may not grant this role."))
        return value

    def validate_password(self, value: str) -> str:
        """The platform's password rules, reported with any other field errors."""
        if value:
            data = self.initial_data if isinstance(self.initial_data, dict) else {}
            candidate = User(
                **{key: str(data.get(key) or "") for key in ("username", "email", "display_name")}
            )
            try:
                password_validation.validate_password(value, user=candidate)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return value


class UserUpdateSerializer(StrictInputSerializer):
    """Changes to an account (PATCH); which of them the actor may make is the service's rule."""

    ignored_fields = ("id", "username", "role_label", "unit_name", "date_joined", "last_login")

    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), required=False, allow_null=True
    )
    is_active = serializers.BooleanField(required=False)
