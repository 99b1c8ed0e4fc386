"""The choices of the disclosure pages, apart from the models so that disclosure/listing.py can offer them
as filters without importing the models (no import cycle)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanType(models.TextChoices):
    STRATEGY = "strategy", _("Strategy")
    MASTER_PLAN = "master_plan", _("Master plan")
    PLAN = "plan", _("Plan")
    PROGRAMME = "programme", _("Programme")
    SCHEME = "scheme", _("Scheme")


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", _("Being drafted")
    IN_PROGRESS = "in_progress", _("Being implemented")
    COMPLETED = "completed", _("Completed")
    REPLACED = "replaced", _("Replaced or adjusted")


class ProjectStage(models.TextChoices):
    PREPARATION = "preparation", _("Investment preparation")
    IMPLEMENTATION = "implementation", _("Being implemented")
    COMPLETED = "completed", _("Completed and in use")
    SUSPENDED = "suspended", _("Paused")


class ProcurementKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    WORKS = "works", _("Works")
    CONSULTING = "consulting", _("Consulting services")
    NON_CONSULTING = "non_consulting", _("Non-consulting services")
    MIXED = "mixed", _("Mixed")


class ReportKind(models.TextChoices):
    BUDGET_ESTIMATE = "estimate", _("Budget estimate")
    BUDGET_EXECUTION = "execution", _("Budget execution")
    FINAL_ACCOUNTS = "final_accounts", _("Final accounts")
    PERIODIC_REPORT = "report", _("Periodic report")


class Period(models.TextChoices):
    YEAR = "year", _("Whole year")
    Q1 = "q1", _("First quarter")
    H1 = "h1", _("First six months")
    Q2 = "q2", _("Second quarter")
    Q3 = "q3", _("Third quarter")
    M9 = "m9", _("First nine months")
    Q4 = "q4", _("Fourth quarter")
