"""REST endpoints for notices (``/api/notices/``); reads via selectors, writes via services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.accounts.models import OrganisationUnit
from stcoop.api.schema import crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.core.choices import Visibility
from stcoop.notices.choices import NoticeCategory
from stcoop.notices.filtersets import NoticeFilterSet
from stcoop.notices.models import Notice
from stcoop.notices.selectors import notice_list
from stcoop.notices.services import notice_create, notice_delete, notice_update


class NoticeSerializer(serializers.ModelSerializer[Notice]):
    """A notice as the API shows it; ``title`` and ``body`` are in the client's language."""

    title = serializers.CharField(read_only=True, help_text="Title in the client's language.")
    title_zh_hans = serializers.CharField(read_only=True, default="")
    title_en = serializers.CharField(read_only=True, default="")
    body_zh_hans = serializers.CharField(read_only=True, default="")
    body_en = serializers.CharField(read_only=True, default="")
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    created_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    shared_with: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = (
            "id",
            "title",
            "title_zh_hans",
            "title_en",
            "body_zh_hans",
            "body_en",
            "category",
            "published_on",
            "expires_on",
            "link",
            "owner_unit",
            "owner_unit_name",
            "visibility",
            "shared_with",
            "created_by",
            "created",
            "last_updated",
        )
        read_only_fields = fields

    def to_representation(self, instance: Notice) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in ("title_zh_hans", "title_en", "body_zh_hans", "body_en"):
            data[name] = data[name] or ""
        return data


class NoticeInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a notice."""

    ignored_fields = (
        "id",
        "title",
        "owner_unit_name",
        "created_by",
        "created",
        "last_updated",
    )

    title_zh_hans = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    body_zh_hans = serializers.CharField(required=False, allow_blank=True)
    body_en = serializers.CharField(required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=NoticeCategory.choices)
    published_on = serializers.DateField(required=False)
    expires_on = serializers.DateField(required=False, allow_null=True)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationUnit.objects.all())
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationUnit.objects.all(), many=True, required=False
    )


@crud_schema(NoticeInputSerializer, NoticeSerializer)
class NoticeViewSet(viewsets.ModelViewSet[Notice]):
    """Notices the client may see. Writes follow the same rules as the web pages: a notice
    the client cannot see answers 404, one it sees but may not change answers 403.

    PUT needs ``category`` and ``owner_unit``; fields left out of a PUT or PATCH keep their
    values (``shared_with`` too). Unknown keys are refused; the read-only keys of a GET
    answer may be sent back and are ignored.
    """

    queryset = Notice.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    ordering_fields = ("published_on", "expires_on", "category", "created", "last_updated", "id")
    ordering = ("-published_on", "-id")

    def get_queryset(self) -> Any:
        return notice_list(actor=self.request.user)

    def _output(self, notice: Notice, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=notice.pk).first() or notice
        return Response(
            NoticeSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = NoticeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice = notice_create(actor=request.user, **serializer.validated_data)
        return self._output(notice, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        notice = self.get_object()
        serializer = NoticeInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        shared_with = fields.pop("shared_with", None)
        notice = notice_update(actor=request.user, notice=notice, shared_with=shared_with, **fields)
        return self._output(notice)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        notice_delete(actor=request.user, notice=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Add the notice endpoints to the API router."""
    router.register("notices", NoticeViewSet, basename="notice")
