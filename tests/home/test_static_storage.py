"""Production static files (home/static_storage.py): fingerprinted addresses, worked out once per process."""

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from home.static_storage import PortalStaticFilesStorage


@pytest.fixture
def collected(tmp_path, settings):
    """A collected static root with one style sheet, as ``collectstatic`` leaves it."""
    settings.DEBUG = False
    source = FileSystemStorage(location=tmp_path / "source")
    source.save("css/portal.css", ContentFile(b"body { color: #1a1a1a; }"))
    target = PortalStaticFilesStorage(location=tmp_path / "static", base_url="/static/")
    for name in ("css/portal.css",):
        with source.open(name) as handle:
            target.save(name, handle)
    list(target.post_process({"css/portal.css": (source, "css/portal.css")}))
    return PortalStaticFilesStorage(location=tmp_path / "static", base_url="/static/")


def test_an_address_is_fingerprinted_and_worked_out_once(collected, monkeypatch):
    first = collected.url("css/portal.css")
    assert (
        first.startswith("/static/css/portal.")
        and first.endswith(".css")
        and first != "/static/css/portal.css"
    )

    def never(*args, **kwargs):
        raise AssertionError("the manifest was asked again")

    monkeypatch.setattr(collected, "stored_name", never)
    assert collected.url("css/portal.css") == first


def test_a_file_missing_from_the_manifest_is_an_error_every_time(collected):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            collected.url("css/absent.css")


def test_in_debug_nothing_is_kept(collected, settings):
    settings.DEBUG = True
    assert collected.url("css/portal.css") == "/static/css/portal.css"
    settings.DEBUG = False
    assert collected.url("css/portal.css") != "/static/css/portal.css"
