"""REST endpoints: the client's own saved searches (``/api/saved-searches/``) and
notifications (``/api/notifications/``), and technology matches (``/api/matches/``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from stcoop.api.schema import crud_schema
from stcoop.api.serializers import StrictInputSerializer
from stcoop.matching import matchmaking
from stcoop.matching.choices import PROFILE_KIND_ALIASES, MatchKind, SearchMode
from stcoop.matching.models import Notification, SavedSearch
from stcoop.matching.selectors import notification_list, saved_search_list
from stcoop.matching.services import (
    notification_mark_read,
    notifications_mark_all_read,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
)
from stcoop.technologies.selectors import profile_get


class SavedSearchSerializer(serializers.ModelSerializer[SavedSearch]):
    """A saved search as the API shows it."""

    class Meta:
        model = SavedSearch
        fields = (
            "id",
            "name",
            "query",
            "types",
            "facets",
            "mode",
            "notify_platform",
            "notify_email",
            "created",
            "last_updated",
            "last_checked",
        )
        read_only_fields = fields


class SavedSearchInputSerializer(StrictInputSerializer):
    """What a client sends to create (POST, PUT) or change (PATCH) a saved search."""

    ignored_fields = ("id", "created", "last_updated", "last_checked")

    name = serializers.CharField(max_length=200)
    query = serializers.CharField(max_length=1000)
    types = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    facets = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=200)), required=False
    )
    mode = serializers.ChoiceField(choices=SearchMode.choices, required=False)
    notify_platform = serializers.BooleanField(required=False)
    notify_email = serializers.BooleanField(required=False)


@crud_schema(SavedSearchInputSerializer, SavedSearchSerializer)
class SavedSearchViewSet(viewsets.ModelViewSet[SavedSearch]):
    """The client's own saved searches; another user's answers 404."""

    queryset = SavedSearch.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = SavedSearchSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields: tuple[str, ...] = ()
    ordering_fields = ("name", "created", "last_checked", "id")

    def get_queryset(self) -> Any:
        return saved_search_list(actor=self.request.user)

    def _input(self, request: Request, partial: bool = False) -> dict[str, Any]:
        serializer = SavedSearchInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved = saved_search_create(actor=request.user, **self._input(request))
        return Response(SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        saved = self.get_object()
        saved = saved_search_update(
            actor=request.user, saved_search=saved, **self._input(request, partial)
        )
        return Response(SavedSearchSerializer(saved).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved_search_delete(actor=request.user, saved_search=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    """A notification, its title and body in the client's language and in both."""

    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    title_en = serializers.SerializerMethodField()
    title_zh_hans = serializers.SerializerMethodField()
    body_en = serializers.SerializerMethodField()
    body_zh_hans = serializers.SerializerMethodField()
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = (
            "id",
            "code",
            "params",
            "title",
            "body",
            "title_en",
            "title_zh_hans",
            "body_en",
            "body_zh_hans",
            "link",
            "saved_search",
            "created",
            "read_at",
            "is_read",
        )
        read_only_fields = fields

    def get_title_en(self, notification: Notification) -> str:
        return notification.title_in("en")

    def get_title_zh_hans(self, notification: Notification) -> str:
        return notification.title_in("zh-hans")

    def get_body_en(self, notification: Notification) -> str:
        return notification.body_in("en")

    def get_body_zh_hans(self, notification: Notification) -> str:
        return notification.body_in("zh-hans")


class MarkedSerializer(serializers.Serializer[Any]):
    """How many notifications were marked read."""

    marked = serializers.IntegerField()


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]
):
    """The client's own notifications, newest first (``unread=true``: unread only);
    ``POST .../{id}/read/`` marks one read, ``POST .../read-all/`` all."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields: tuple[str, ...] = ()
    ordering_fields = ("created", "id")

    def get_queryset(self) -> Any:
        unread = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return notification_list(actor=self.request.user, unread=unread)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        notification = notification_mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": notifications_mark_all_read(actor=request.user)})


class ReasonSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    params = serializers.DictField()
    text = serializers.CharField()
    text_en = serializers.CharField()
    text_zh_hans = serializers.CharField()


class MatchSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    type = serializers.CharField()
    pk = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)


def _match_data(match: matchmaking.Match) -> dict[str, Any]:
    return {
        "id": match.id,
        "type": match.id.split(":", 1)[0],
        "pk": match.instance.pk,
        "title": match.title,
        "url": match.url,
        "score": match.score,
        "reasons": [reason.as_dict() for reason in match.reasons],
    }


class MatchViewSet(viewsets.ViewSet):
    """Matches of a technology profile the client may see:
    ``?technology=<id>&kind=offers|requests|organisations|experts`` (``offers`` and
    ``requests`` both name the complementary profiles), best first, with score 0–100 and
    reasons in the client's language and in both."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("technology", int, required=True),
            OpenApiParameter("kind", str, enum=["offers", "requests", "organisations", "experts"]),
            OpenApiParameter("limit", int),
        ],
        responses={200: MatchSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        raw = request.query_params.get("technology", "")
        if not raw.isdigit():
            raise DrfValidationError({"technology": [_("Give the id of a technology profile.")]})
        kind = request.query_params.get("kind", "offers")
        if kind in PROFILE_KIND_ALIASES:
            kind = MatchKind.PROFILES
        if kind not in MatchKind.values:
            raise DrfValidationError(
                {"kind": [_("Use offers, requests, organisations or experts.")]}
            )
        limit_raw = request.query_params.get("limit", "50")
        if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= 200:
            raise DrfValidationError({"limit": [_("Give a number from 1 to 200.")]})
        profile = profile_get(actor=request.user, pk=int(raw))
        matches = matchmaking.matches_for(actor=request.user, profile=profile, kind=kind)
        return Response(
            {
                "technology": profile.pk,
                "kind": kind,
                "count": len(matches),
                "results": [_match_data(m) for m in matches[: int(limit_raw)]],
            }
        )


def register(router: BaseRouter) -> None:
    """Add saved searches, notifications and matches to the API router."""
    router.register("saved-searches", SavedSearchViewSet, basename="savedsearch")
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("matches", MatchViewSet, basename="match")
