"""The schedule as an iCalendar feed (RFC 5545), in Asia/Ho_Chi_Minh time.

Written by hand: the format is small, and the rules that calendar programs are strict about are kept
here in one place: CRLF line ends, lines folded at 75 octets without cutting a UTF-8 character, TEXT
values escaped, a VTIMEZONE for the TZID the events use, and a stable UID per engagement. Imported by
schedule/models.py; it reads the weeks from the index page it is given, so that it imports no model (no
import cycle).
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone

from schedule.dates import monday_of

TZID = "Asia/Ho_Chi_Minh"
# Vietnam has kept UTC+7 without daylight saving time since 1975.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
)
# What the feed holds: the weeks from this many weeks ago onwards.
WEEKS_BACK = 8


def escape_text(value):
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """The content line folded at 75 octets (§3.1), never inside a UTF-8 character."""
    parts = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current)
            current = b""
            limit = 74  # the continuation's leading space counts
        current += encoded
    parts.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def local_stamp(day, time):
    return f"{day:%Y%m%d}T{time:%H%M%S}"


def utc_stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(entry, week, host, request):
    url = week.get_full_url(request)
    description = []
    if entry.host:
        description.append(f"{entry.host}")
    if entry.attendees:
        description.append(entry.attendees)
    lines = [
        "BEGIN:VEVENT",
        f"UID:schedule-entry-{entry.pk}@{host}",
        f"DTSTAMP:{utc_stamp(week.last_published_at or timezone.now())}",
        f"DTSTART;TZID={TZID}:{local_stamp(entry.day, entry.start_time)}",
    ]
    if entry.end_time:
        lines.append(f"DTEND;TZID={TZID}:{local_stamp(entry.day, entry.end_time)}")
    lines.append(f"SUMMARY:{escape_text(entry.content)}")
    if entry.place:
        lines.append(f"LOCATION:{escape_text(entry.place)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    lines += [f"URL:{url}", "END:VEVENT"]
    return lines


def calendar_text(index_page, request):
    since = monday_of(timezone.localdate()) - datetime.timedelta(weeks=WEEKS_BACK)
    published = index_page.weeks()
    weeks = {week.pk: week for week in published.filter(week_start__gte=since)}
    entry_model = published.model._meta.get_field("entries").related_model
    entries = entry_model.objects.filter(page_id__in=list(weeks)).order_by("day", "start_time", "pk")
    # The site's host name, not the request's: a UID must not change with the address the feed is read at.
    site = index_page.get_site()
    host = site.hostname if site else "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cong//Lich cong tac//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(index_page.title)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for entry in entries:
        lines += event_lines(entry, weeks[entry.page_id], host, request)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_response(index_page, request):
    response = HttpResponse(calendar_text(index_page, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
    return response
