"""Creating the first platform administrator, which no existing user can authorise.

:func:`stcoop.accounts.services.user_create` needs an actor allowed to grant the role;
on a fresh install there is none, so ``stcoop createadmin`` and the demo generator
create the first administrator here, recording the change as made by the system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stcoop.accounts.models import User


def platform_admin_create(
    *, username: str, password: str, email: str = "", display_name: str = ""
) -> User:
    """Create a platform administrator without an acting user.

    Raises:
        ValidationError: the user name is taken or invalid, or the password is too weak
            for the configured password validators.
    """
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from stcoop.accounts.choices import Role
    from stcoop.accounts.models import User
    from stcoop.core.changelog import log_change
    from stcoop.core.choices import ChangeAction

    user = User(username=username, email=email, display_name=display_name)
    user.role = Role.PLATFORM_ADMIN
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": [f"a user named {username!r} already exists"]})
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        log_change(actor=None, instance=user, action=ChangeAction.CREATE)
    return user
