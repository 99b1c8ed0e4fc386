from django.core.management import call_command
from django.core.management.base import BaseCommand

from home.roles import ROLES, ensure_roles


class Command(BaseCommand):
    help = "Create or update the portal's roles, permissions and workflows. Safe to run again."

    def handle(self, *args, **options):
        ensure_roles()
        for role in ROLES:
            self.stdout.write(f"  {role.group_name}: {role.description}")
        self.stdout.write(self.style.SUCCESS("Portal roles are up to date."))
        # The approval paths on the sections (workflow app).
        call_command("setup_workflows", stdout=self.stdout)
