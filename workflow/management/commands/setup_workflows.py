from django.core.management.base import BaseCommand

from workflow.setup import WORKFLOWS, ensure_workflows


class Command(BaseCommand):
    help = "Create the editorial workflows and assign them to the sections. Safe to run again."

    def handle(self, *args, **options):
        ensure_workflows()
        for spec in WORKFLOWS:
            steps = " → ".join(name for name, _role in spec.tasks)
            self.stdout.write(f"  {spec.name}: {steps}")
        self.stdout.write(self.style.SUCCESS("Editorial workflows are up to date."))
