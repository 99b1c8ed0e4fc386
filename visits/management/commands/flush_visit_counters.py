from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from visits import counter


class Command(BaseCommand):
    help = (
        "Write the visit counters that Redis holds to the database, and delete what is no longer needed "
        "(past days' salts, readers no longer online). Run it every minute from cron or a systemd timer; "
        "each application process also does it every VISITS_FLUSH_INTERVAL seconds and when it exits."
    )

    def handle(self, *args, **options):
        counter.prune()
        if not settings.REDIS_URL:
            if options["verbosity"] > 0:
                self.stdout.write("No REDIS_URL: page views are written to the database directly.")
            return
        counter.reset_redis_state()
        client = counter.redis_client()
        try:
            if client is None:
                raise OSError("the default cache is not django-redis")
            client.ping()
        except counter.REDIS_ERRORS as error:
            raise CommandError(
                f"Redis is unreachable ({error}); its counters are written once it is back, "
                "and page views are counted in the database meanwhile."
            ) from error
        written = counter.flush(client)
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {written} page view(s) to the database.")
