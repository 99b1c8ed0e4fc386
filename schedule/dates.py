"""The weeks a schedule is kept by: a week is named by its Monday."""

import datetime


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value):
    """The Monday of the week holding the date ``YYYY-MM-DD`` in ``value``, or None when it is not one."""
    try:
        day = datetime.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    if not datetime.date(1900, 1, 8) <= day <= datetime.date(9999, 12, 24):
        return None
    return monday_of(day)
