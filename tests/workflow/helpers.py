from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from home.roles import ROLES_BY_KEY


def setup_portal():
    call_command("setup_portal", stdout=StringIO())


def make_user(username, role_key=None, **extra):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.gov.vn", password="mat-khau-dai-1", **extra
    )
    if role_key:
        user.groups.add(Group.objects.get(name=ROLES_BY_KEY[role_key].group_name))
    return user
