"""Money in đồng as Vietnamese readers write it: ``{{ 1500000|dong }}`` gives “1.500.000 đ”."""

from django import template

register = template.Library()


def format_dong(amount):
    """Whole đồng with a dot between each group of three digits and “đ” after a no-break space."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    grouped = f"{abs(value):,}".replace(",", ".")
    return f"{'-' if value < 0 else ''}{grouped}\u00a0đ"


register.filter("dong", format_dong)
