"""Security headers on every response; a Content-Security-Policy without 'unsafe-inline' on public pages,
and public templates that need none (no inline script, style element or style attribute)."""

import pytest

from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.e2e import content
from tests.helpers import soup

pytestmark = pytest.mark.django_db


def policy(response, header="Content-Security-Policy"):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response[header].split(";") if part.strip()
    )


@pytest.fixture
def public_urls(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # photos and renditions of this test's own, in a fresh directory
    news = content.news(with_slides=True)
    documents = content.register()
    reports = content.inspection()
    return {
        "home": "/",
        "article": news.article.url,
        "news-index": news.section.url,
        "inspection-report": reports.report.url,
        "register": documents.index.url + "?q=quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh",
        "document": documents.decision.url,
        "search": "/search/?query=chuy%E1%BB%83n+%C4%91%E1%BB%95i",
        "404": "/khong-ton-tai/",
    }


def test_public_pages_have_a_strict_policy_and_no_inline_code(client, public_urls):
    for name, url in public_urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), name
        csp = policy(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], name
        assert csp["script-src"] == "'self'"
        assert csp["style-src"] == "'self'"
        assert csp["object-src"] == "'none'"
        assert csp["frame-ancestors"] == "'none'"
        assert csp["base-uri"] == "'self'"
        html = soup(response)
        for script in html.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (name, str(script)[:200])
        assert not html.find_all("style"), name
        assert not html.select("[style]"), (name, [str(tag)[:120] for tag in html.select("[style]")])
        inline_handlers = [
            tag.name for tag in html.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)
        ]
        assert not inline_handlers, name


def test_every_response_has_the_basic_security_headers(client):
    for url in ["/", "/healthz", "/robots.txt"]:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in permissions
        assert (
            'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")' in permissions
        )
    # The policy governs HTML; JSON and text responses do not need one.
    assert "Content-Security-Policy" not in client.get("/healthz")


def test_the_admin_gets_its_own_looser_policy(client):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "mat-khau-rat-dai-1")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == "'self'"  # the page editor frames its own preview
    assert csp["object-src"] == "'none'"
    login = client.get("/admin/login/")
    assert "'unsafe-inline'" in policy(login)["script-src"]


def test_video_players_may_be_framed_on_public_pages(client):
    csp = policy(client.get("/"))
    assert csp["frame-src"] == "'self' https://www.youtube-nocookie.com https://player.vimeo.com"


@override_settings(CSP_REPORT_ONLY=True)
def test_report_only_mode_for_trying_a_policy(client):
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
