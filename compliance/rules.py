"""The Nghị định 42 checks: rule items read from a data file, each evaluated against the live site.

A rule item (``compliance/data/nd42.json``) names the article it comes from and what to look for:
live pages of a model, objects of a snippet model, or a non-empty site setting. A successor decree means
editing the data file, not this code. A rule whose model is not installed, or that is malformed, is
reported missing with the reason, never an error.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page, Site

RULES_FILE = Path(__file__).resolve().parent / "data" / "nd42.json"
CHECKS = ("pages", "snippets", "setting")

OK = "ok"
MISSING = "missing"
STALE = "stale"
NO_ENGLISH = "no_english"
STATUS_LABELS = {
    OK: _("Present"),
    MISSING: _("Missing"),
    STALE: _("Out of date"),
    NO_ENGLISH: _("No English version"),
}


@dataclass
class Result:
    """One rule item's state on the site."""

    rule: dict
    status: str
    count: int | None = None
    last_update: datetime.datetime | None = None
    english: bool | None = None
    reasons: list = field(default_factory=list)

    @property
    def ok(self):
        return self.status == OK

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def age_days(self):
        if self.last_update is None:
            return None
        return (timezone.now() - self.last_update).days


def load_rules(path=None):
    """The rule items of the data file, in its order."""
    with open(path or RULES_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    return data["items"], data.get("decree", "")


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _english_locale():
    return Locale.objects.filter(language_code="en").first()


def _max_age(rule, period_days):
    return period_days if period_days is not None else rule.get("max_age_days")


def _finish(result, rule, period_days):
    """Set the status from what was found, the first failing check deciding."""
    min_count = rule.get("min_count", 1)
    max_age = _max_age(rule, period_days)
    if result.count is not None and result.count < min_count:
        result.reasons.append(
            _("%(count)s found, %(min)s required.") % {"count": result.count, "min": min_count}
        )
        result.status = MISSING
    elif max_age and result.last_update and result.age_days > max_age:
        result.reasons.append(
            _("Last updated %(days)s days ago; the limit is %(max)s days.")
            % {"days": result.age_days, "max": max_age}
        )
        result.status = STALE
    elif rule.get("english") and result.english is False:
        result.reasons.append(_("An English version is required and none is published."))
        result.status = NO_ENGLISH
    else:
        result.status = OK
    return result


def check_pages(rule, period_days=None):
    model = _model(rule.get("model", ""))
    if model is None or not issubclass(model, Page):
        return Result(
            rule,
            MISSING,
            reasons=[_("The page type %(model)s is not installed.") % {"model": rule.get("model")}],
        )
    pages = model.objects.live().public().filter(**rule.get("filter", {}))
    source = pages.filter(locale=Locale.get_default())
    found = source.aggregate(last=Max(Coalesce("last_published_at", "first_published_at")))
    result = Result(rule, MISSING, count=source.count(), last_update=found["last"])
    if rule.get("english"):
        english = _english_locale()
        result.english = bool(english) and pages.filter(locale=english).exists()
    return _finish(result, rule, period_days)


def check_snippets(rule, period_days=None):
    model = _model(rule.get("model", ""))
    if model is None:
        return Result(
            rule, MISSING, reasons=[_("The model %(model)s is not installed.") % {"model": rule.get("model")}]
        )
    objects = model._default_manager.filter(**rule.get("filter", {}))
    translatable = any(f.name == "locale" for f in model._meta.get_fields())
    if hasattr(model, "live"):
        objects = objects.filter(live=True)
    source = objects.filter(locale=Locale.get_default()) if translatable else objects
    last = None
    for name in ("last_published_at", "latest_revision_created_at", "updated_at"):
        if any(f.name == name for f in model._meta.get_fields()):
            last = source.aggregate(last=Max(name))["last"]
            break
    result = Result(rule, MISSING, count=source.count(), last_update=last)
    if rule.get("english"):
        english = _english_locale()
        result.english = translatable and bool(english) and objects.filter(locale=english).exists()
    return _finish(result, rule, period_days)


def check_setting(rule, period_days=None):
    label, _dot, name = rule.get("setting", "").rpartition(".")
    model = _model(label)
    if model is None or not name or not any(f.name == name for f in model._meta.get_fields()):
        return Result(
            rule,
            MISSING,
            reasons=[_("The setting %(setting)s does not exist.") % {"setting": rule.get("setting")}],
        )
    site = Site.objects.filter(is_default_site=True).first()
    instance = model.for_site(site) if site and hasattr(model, "for_site") else model.load()
    value = str(getattr(instance, name) or "").strip()
    result = Result(rule, MISSING, count=1 if value else 0)
    if rule.get("english"):
        english_name = f"{name}_en"
        has_field = any(f.name == english_name for f in model._meta.get_fields())
        result.english = has_field and bool(str(getattr(instance, english_name) or "").strip())
    rule = {**rule, "min_count": 1, "max_age_days": None}
    return _finish(result, rule, None)


CHECKERS = {"pages": check_pages, "snippets": check_snippets, "setting": check_setting}


def evaluate(rule, period_days=None):
    checker = CHECKERS.get(rule.get("check"))
    if checker is None or not rule.get("id") or not rule.get("title"):
        return Result(rule, MISSING, reasons=[_("This rule item is malformed: check the data file.")])
    try:
        return checker(rule, period_days)
    except (FieldError, TypeError, ValueError, AttributeError):
        return Result(rule, MISSING, reasons=[_("This rule item is malformed: check the data file.")])


def report(period_days=None, path=None):
    """[Result] for every rule item of the data file."""
    rules, _decree = load_rules(path)
    return [evaluate(rule, period_days) for rule in rules]
