"""Dates typed or picked in the admin are read the way the admin writes them: day first."""

import datetime

import pytest

from django import forms
from django.utils import translation


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_dates_are_read_day_first_in_both_languages(language):
    class Form(forms.Form):
        day = forms.DateField()
        moment = forms.DateTimeField()

    with translation.override(language):
        form = Form({"day": "05/11/2026", "moment": "29/11/2026 08:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 11, 5)
    moment = form.cleaned_data["moment"]
    assert (moment.day, moment.month, moment.year, moment.hour, moment.minute) == (29, 11, 2026, 8, 30)
