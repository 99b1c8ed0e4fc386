"""What the visit beacon tells other apps."""

from django.dispatch import Signal

# A counted page view of a page that showed a search: sent with ``token``, what the page gave its beacon
# (search.querylog.beacon_token), unchecked.
search_page_viewed = Signal()
