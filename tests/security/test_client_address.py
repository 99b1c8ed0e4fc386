"""Forwarded headers are believed only from TRUSTED_PROXIES: one rule for the client's address (Django,
gunicorn, axes, rate limits, visits), and a deploy check when the proxy settings disagree."""

import runpy
from pathlib import Path

import pytest

from django.core.checks import run_checks
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from home import proxies
from security.checks import check_proxy_settings_agree, check_trusted_proxies_parse

PROJECT_DIR = Path(__file__).resolve().parents[2]
NETWORKS = proxies.parse_networks("10.0.0.0/24, 127.0.0.1, ::1")


@pytest.mark.parametrize(
    ("remote", "forwarded", "real_ip", "expected"),
    [
        ("203.0.113.66", "198.51.100.1", "", "203.0.113.66"),  # not a proxy: its headers mean nothing
        ("203.0.113.66", "", "198.51.100.1", "203.0.113.66"),
        ("127.0.0.1", "198.51.100.1", "", "198.51.100.1"),
        ("127.0.0.1", "1.2.3.4, 198.51.100.1", "", "198.51.100.1"),  # the reader forged the first entry
        ("127.0.0.1", "198.51.100.1, 10.0.0.7", "", "198.51.100.1"),  # two trusted hops
        ("127.0.0.1", "", "198.51.100.1", "198.51.100.1"),
        ("127.0.0.1", "", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.1, garbage, 10.0.0.7", "", "10.0.0.7"),
        ("::1", "2001:db8::5", "", "2001:db8::5"),
        ("::ffff:127.0.0.1", "198.51.100.1", "", "198.51.100.1"),
        ("", "198.51.100.1", "", ""),
    ],
)
def test_the_client_address_follows_only_trusted_hops(remote, forwarded, real_ip, expected):
    assert proxies.client_address(remote, forwarded, real_ip, NETWORKS) == expected


def test_with_no_trusted_proxy_the_peer_is_always_the_client():
    assert proxies.client_address("127.0.0.1", "198.51.100.1", "192.0.2.1", ()) == "127.0.0.1"


def test_a_bad_trusted_proxies_value_is_a_clear_error():
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        proxies.parse_networks("10.0.0.1, 10.0.0.300")
    with override_settings(TRUSTED_PROXIES=["nginx"]):
        assert [error.id for error in check_trusted_proxies_parse(None)] == ["cong.E001"]


def answered_request(**meta):
    """The request as a view sees it, after the whole middleware stack."""
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["ip"] = proxies.client_ip(request)
        seen["forwarded"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return HttpResponse()

    request = RequestFactory().get("/", **meta)
    proxies.UntrustedForwardingMiddleware(view)(request)
    return seen


@override_settings(
    TRUSTED_PROXIES=["10.0.0.0/24"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_forwarded_headers_from_an_untrusted_peer_are_dropped_before_anything_reads_them():
    forged = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert answered_request(REMOTE_ADDR="203.0.113.66", **forged) == {
        "secure": False,
        "ip": "203.0.113.66",
        "forwarded": None,
    }
    assert answered_request(REMOTE_ADDR="10.0.0.2", **forged) == {
        "secure": True,
        "ip": "198.51.100.1",
        "forwarded": "198.51.100.1",
    }


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_wsgi_entry_point_drops_them_too():
    seen = {}

    def application(environ, start_response):
        seen.update(environ)
        return []

    wrapped = proxies.UntrustedForwardingWSGI(application)
    wrapped({"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_PROTO": "https"}, None)
    assert "HTTP_X_FORWARDED_PROTO" not in seen
    wrapped({"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_PROTO": "https"}, None)
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"


def test_the_portal_stack_starts_with_the_forwarding_rule(settings):
    assert settings.MIDDLEWARE[0] == "home.proxies.UntrustedForwardingMiddleware"
    assert settings.AXES_CLIENT_IP_CALLABLE == "home.proxies.client_ip"


def gunicorn_settings(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("TRUSTED_PROXIES", value)
    return runpy.run_path(str(PROJECT_DIR / "gunicorn.conf.py"))


def test_gunicorn_trusts_the_same_proxies_and_none_by_default(monkeypatch):
    from gunicorn.config import Config

    for value, expected in ((None, []), ("127.0.0.1, 10.0.0.0/24", ["127.0.0.1/32", "10.0.0.0/24"])):
        config = Config()
        config.set("forwarded_allow_ips", gunicorn_settings(monkeypatch, value)["forwarded_allow_ips"])
        assert config.forwarded_allow_ips == expected  # gunicorn's own validation accepts it


@pytest.mark.parametrize(
    ("trusted", "header", "expected"),
    [
        ([], None, []),
        (["127.0.0.1"], ("HTTP_X_FORWARDED_PROTO", "https"), []),
        ([], ("HTTP_X_FORWARDED_PROTO", "https"), ["cong.W001"]),
        (["127.0.0.1"], None, ["cong.W002"]),
    ],
)
def test_the_deploy_check_warns_when_trusted_proxies_and_proxy_headers_disagree(trusted, header, expected):
    with override_settings(TRUSTED_PROXIES=trusted, SECURE_PROXY_SSL_HEADER=header):
        assert [warning.id for warning in check_proxy_settings_agree(None)] == expected
        deploy = {message.id for message in run_checks(include_deployment_checks=True)}
        assert set(expected) <= deploy
        assert not {"cong.W001", "cong.W002"} - set(expected) & deploy
