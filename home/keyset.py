"""Keyset pagination for public listings: “the next 20 after this row”, never ``OFFSET``.

A listing orders by a few columns ending with the primary key; the link to the next page carries the
last shown row's values in an opaque ``after`` token. The database then reads from an index position
instead of counting past every earlier row, so page 50 costs what page 1 costs, and a row published
while a reader browses never pushes another one to the next page twice. A token that does not decode
(edited by hand, or from an older ordering) shows the first page, as a bad page number does elsewhere.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q


@dataclass(frozen=True)
class KeysetPage:
    items: list
    next_token: str  # "" on the last page
    is_first: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)


def _encode_value(value):
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value):
    if isinstance(value, dict):
        if set(value) == {"dt"} and isinstance(value["dt"], str):
            return datetime.datetime.fromisoformat(value["dt"])
        if set(value) == {"d"} and isinstance(value["d"], str):
            return datetime.date.fromisoformat(value["d"])
        raise ValueError("unknown value")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError("unknown value")


class Keyset:
    """An ordering by ``fields`` (names, ``-`` for descending; the last one unique, e.g. ``pk``)."""

    def __init__(self, *fields):
        self.fields = [(name.lstrip("-"), name.startswith("-")) for name in fields]

    def order(self, queryset):
        return queryset.order_by(*[f"-{name}" if desc else name for name, desc in self.fields])

    def values_of(self, obj):
        return [getattr(obj, "pk" if name == "pk" else name) for name, _desc in self.fields]

    def encode(self, obj):
        raw = json.dumps([_encode_value(value) for value in self.values_of(obj)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, token, model=None):
        """The values a token stands for, or None when it is not one of ours; with ``model``, each value
        converted by its field, so that a forged token never reaches the database with a wrong type."""
        if not token or not isinstance(token, str) or len(token) > 500:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            values = [_decode_value(value) for value in json.loads(raw)]
        except (binascii.Error, ValueError, UnicodeDecodeError, TypeError, RecursionError):
            return None
        if len(values) != len(self.fields) or None in values:
            return None
        return values if model is None else self._typed(model, values)

    def _typed(self, model, values):
        typed = []
        for (name, _desc), value in zip(self.fields, values, strict=True):
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            if isinstance(value, int) and not -(2**63) < value < 2**63:
                return None  # beyond any database integer
            try:
                typed.append(field.to_python(value))
            except (ValidationError, TypeError, ValueError, OverflowError):
                return None
        return typed

    def after_q(self, values):
        """Rows strictly after ``values`` in this ordering (the fields are never null: the databases
        disagree on where nulls sort)."""
        clauses = Q(pk__in=[])
        for position, (name, desc) in enumerate(self.fields):
            step = Q(**{f"{name}__{'lt' if desc else 'gt'}": values[position]})
            for (earlier, _desc), earlier_value in zip(
                self.fields[:position], values[:position], strict=True
            ):
                step &= Q(**{earlier: earlier_value})
            clauses |= step
        return clauses

    def page(self, queryset, token, size):
        """One page of ``queryset`` after ``token``: the rows and the next page's token."""
        values = self.decode(token, queryset.model)
        ordered = self.order(queryset)
        if values is not None:
            ordered = ordered.filter(self.after_q(values))
        rows = list(ordered[: size + 1])
        next_token = self.encode(rows[size - 1]) if len(rows) > size else ""
        return KeysetPage(items=rows[:size], next_token=next_token, is_first=values is None)
