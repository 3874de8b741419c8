"""Signing in for API clients: exchange a user name and password for a token, revoke it,
read and change the signed-in account (``/api/me/``)."""

from __future__ import annotations

import math
from typing import Any, cast

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stcoop.accounts.choices import Language
from stcoop.accounts.models import User
from stcoop.accounts.services import user_set_language
from stcoop.api.serializers import ErrorSerializer, StrictInputSerializer


class MeSerializer(serializers.Serializer[Any]):
    """The signed-in account as the API shows it to its owner."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    role = serializers.CharField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    language = serializers.ChoiceField(choices=Language.choices, read_only=True)


class MeInputSerializer(StrictInputSerializer):
    """What a user may change about their own account here."""

    language = serializers.ChoiceField(choices=Language.choices)


class TokenInputSerializer(StrictInputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}, write_only=True
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    user = MeSerializer()


class AuthTokenView(APIView):
    """POST a user name and password for a token; DELETE to revoke the caller's token.

    Failed attempts count towards the same lock-out as the sign-in page (django-axes):
    after ``STCOOP_LOGIN_FAILURE_LIMIT`` failures for one user name from one address,
    the answer is 429 until the cool-off has passed, even with the right password.
    """

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenInputSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Missing or wrong credentials."),
            429: OpenApiResponse(ErrorSerializer, description="Too many failed attempts."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The DRF request goes to authenticate() so django-axes records the attempt on it.
        user = authenticate(
            request=request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        if user is None:
            message = _("The user name or password is not correct, or the account is inactive.")
            return Response(
                {
                    "detail": _("Unable to sign in."),
                    "errors": {"non_field_errors": [message]},
                    "status": status.HTTP_400_BAD_REQUEST,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        # A token sign-in is a sign-in: resets the failure count and stamps last_login.
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response({"token": token.key, "user": MeSerializer(user).data})

    @extend_schema(operation_id="auth_token_destroy", request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the caller's token (every client using it is signed out)."""
        Token.objects.filter(user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _locked_out(request: Request) -> Response:
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    if seconds:
        detail = _("Too many failed sign-in attempts. Try again in {minutes} minutes.").format(
            minutes=max(1, math.ceil(seconds / 60))
        )
    else:
        detail = _("Too many failed sign-in attempts. Ask an administrator to unlock the account.")
    response = Response(
        {"detail": detail, "errors": {}, "status": status.HTTP_429_TOO_MANY_REQUESTS},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


class MeView(APIView):
    """The signed-in account; PATCH ``language`` to change the interface language."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        request=MeInputSerializer,
        responses={200: MeSerializer, 400: OpenApiResponse(ErrorSerializer)},
    )
    def patch(self, request: Request) -> Response:
        serializer = MeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_set_language(
            actor=request.user,
            user=cast(User, request.user),  # IsAuthenticated: never anonymous here
            language=serializer.validated_data["language"],
        )
        return Response(MeSerializer(user).data)
