"""schema.org Event for each engagement of a week, as JSON-LD."""

import json


def events_json_ld(week, entries):
    events = []
    for entry in entries:
        event = {
            "@type": "Event",
            "name": entry.content[:200],
            "startDate": entry.starts_at().isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
        }
        if entry.ends_at():
            event["endDate"] = entry.ends_at().isoformat()
        if entry.place:
            event["location"] = {"@type": "Place", "name": entry.place}
        if entry.host:
            event["organizer"] = {"@type": "Person", "name": entry.host}
        events.append(event)
    data = {"@context": "https://schema.org", "@graph": events}
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
