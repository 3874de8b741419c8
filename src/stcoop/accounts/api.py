"""REST endpoints for organisation units (``/api/units/``) and user accounts (``/api/users/``).

Both need a signed-in client. Every signed-in user may list units; users are narrowed
to those the client may see (:func:`stcoop.core.permissions.visible`). Writes go through
:mod:`stcoop.accounts.services`, which check permission first.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.choices import UnitKind
from stcoop.accounts.filtersets import UserFilterSet
from stcoop.accounts.models import OrganisationUnit, User
from stcoop.accounts.serializers import (
    UnitInputSerializer,
    UnitSerializer,
    UserInputSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from stcoop.accounts.services import (
    unit_create,
    unit_move,
    unit_update,
    user_create,
    user_update,
)
from stcoop.api.permissions import RecordPermission
from stcoop.api.serializers import ErrorSerializer
from stcoop.core.filters import YesNoFilter
from stcoop.core.permissions import visible


def _within(
    queryset: QuerySet[OrganisationUnit], path_field: str, value: OrganisationUnit | None
) -> QuerySet[OrganisationUnit]:
    return queryset.filter(**{f"{path_field}__startswith": value.path}) if value else queryset


class UnitFilterSet(django_filters.FilterSet):
    """``q`` (Chinese or English name, or acronym), ``kind``, ``parent``, ``within`` (a
    unit's sub-tree, itself included), ``country``, ``is_active``."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("Kind"))
    parent = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(), label=_("Parent unit")
    )
    within = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.all(),
        method="filter_within",
        label=_("Within unit"),
    )
    country = django_filters.CharFilter(lookup_expr="iexact", label=_("Country"))
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = OrganisationUnit
        fields = ("q", "kind", "parent", "within", "country", "is_active")

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(name_zh_hans__icontains=value)
            | Q(name_en__icontains=value)
            | Q(acronym__icontains=value)
        )

    def filter_within(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return _within(queryset, "path", value)


_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input, keyed by field."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed for this unit."),
}


@extend_schema_view(
    create=extend_schema(request=UnitInputSerializer, responses={201: UnitSerializer, **_ERRORS}),
    update=extend_schema(request=UnitInputSerializer, responses={200: UnitSerializer, **_ERRORS}),
    partial_update=extend_schema(
        request=UnitInputSerializer, responses={200: UnitSerializer, **_ERRORS}
    ),
)
class UnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[OrganisationUnit],
):
    """Organisation units. Creating and changing follow the unit-management rules;
    sending a different ``parent`` moves the unit with its sub-tree."""

    queryset = OrganisationUnit.objects.all()
    serializer_class = UnitSerializer
    permission_classes = [permissions.IsAuthenticated, RecordPermission]
    filterset_class = UnitFilterSet
    # ``name`` sorts by the name in the client's language.
    ordering_fields = ("name", "name_zh_hans", "name_en", "path", "kind", "country", "id")
    ordering = ("path",)

    def get_queryset(self) -> QuerySet[OrganisationUnit]:
        return visible(self.request.user, OrganisationUnit.objects.all())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = UnitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = unit_create(actor=request.user, **serializer.validated_data)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        serializer = UnitInputSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        with transaction.atomic():
            if "parent" in fields:
                parent = fields.pop("parent")
                if parent != unit.parent:
                    unit = unit_move(actor=request.user, unit=unit, new_parent=parent)
            if fields:
                unit = unit_update(actor=request.user, unit=unit, **fields)
        return Response(UnitSerializer(unit).data)


@extend_schema_view(
    create=extend_schema(request=UserInputSerializer, responses={201: UserSerializer, **_ERRORS}),
    partial_update=extend_schema(
        request=UserUpdateSerializer, responses={200: UserSerializer, **_ERRORS}
    ),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[User],
):
    """User accounts the client may see: its own, and those in the units it manages.

    PATCH changes contact fields and language (anyone, on their own account) and ``role``,
    ``unit``, ``is_active`` (the account's administrators; see
    :func:`stcoop.accounts.services.user_update`). Filters are the user list page's.
    """

    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = User.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated, RecordPermission]
    filterset_class = UserFilterSet
    ordering_fields = ("username", "date_joined", "last_login", "id")
    ordering = ("username",)

    def get_queryset(self) -> QuerySet[User]:
        return visible(self.request.user, User.objects.select_related("unit"))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = UserInputSerializer(data=request.data, context={"actor": request.user})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["password"] = data.get("password") or None
        user = user_create(actor=request.user, **data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.get_object()
        serializer = UserUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(actor=request.user, user=user, **serializer.validated_data)
        return Response(UserSerializer(user).data)


def register(router: BaseRouter) -> None:
    """Add the unit and user endpoints to the API router."""
    router.register("units", UnitViewSet, basename="unit")
    router.register("users", UserViewSet, basename="user")
