"""``manage.py update_index``: Wagtail's command, then the site search's folded texts (search.site_index),
so one command rebuilds every search index of the portal."""

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.site_index import rebuild


class Command(WagtailUpdateIndex):
    help = WagtailUpdateIndex.help + " Then rebuilds the site search's Vietnamese texts."

    def handle(self, **options):
        super().handle(**options)
        if options.get("schema_only"):
            return
        count = rebuild(batch_size=options.get("chunk_size") or 200)
        if options.get("verbosity", 1):
            self.stdout.write(f"Site search: {count} pages indexed")
