"""Without Chromium the browser tests skip on a developer's machine and fail in CI."""

import pytest

from tests.e2e import conftest


def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.setattr(conftest.os.path, "exists", lambda path: False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        conftest._chromium_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        conftest._chromium_or_skip()


def test_present_chromium_is_used(monkeypatch):
    monkeypatch.setattr(conftest.os.path, "exists", lambda path: path == conftest.CHROMIUM)
    monkeypatch.setenv("CI", "true")
    conftest._chromium_or_skip()
