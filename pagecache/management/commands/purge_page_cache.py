from django.core.management.base import BaseCommand

from pagecache import cache


class Command(BaseCommand):
    help = "Purge every page of the page cache (run it after each deploy: templates may have changed)."

    def handle(self, *args, **options):
        cache.bump_all()
        self.stdout.write("Page cache purged.")
