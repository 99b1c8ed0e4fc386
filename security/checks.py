"""Deployment checks (``manage.py check --deploy``) for the reverse-proxy settings.

``TRUSTED_PROXIES`` and the proxy headers must agree: a proxy's ``X-Forwarded-Proto`` is dropped unless
the proxy is trusted (``home/proxies.py``), and a trusted proxy that terminates HTTPS must be believed
about it.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from home.proxies import parse_networks


@register(Tags.security)
def check_trusted_proxies_parse(app_configs, **kwargs):
    try:
        parse_networks(getattr(settings, "TRUSTED_PROXIES", ()))
    except ValueError as error:
        return [Error(str(error), hint="Comma-separated addresses or networks.", id="cong.E001")]
    return []


@register(Tags.security, deploy=True)
def check_proxy_settings_agree(app_configs, **kwargs):
    try:
        trusted = parse_networks(getattr(settings, "TRUSTED_PROXIES", ()))
    except ValueError:
        return []  # reported by check_trusted_proxies_parse
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and not trusted:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER (BEHIND_PROXY) is set but TRUSTED_PROXIES is empty: the proxy's "
                "X-Forwarded-* headers are dropped, so HTTPS requests look like plain HTTP and every reader "
                "shares the proxy's address.",
                hint="List the reverse proxy's address in TRUSTED_PROXIES, or set BEHIND_PROXY=0.",
                id="cong.W001",
            )
        ]
    if trusted and not proxy_header:
        return [
            Warning(
                "TRUSTED_PROXIES is set but SECURE_PROXY_SSL_HEADER is not (BEHIND_PROXY=0): the trusted "
                "proxy's X-Forwarded-Proto is ignored, so HTTPS requests look like plain HTTP.",
                hint="Set BEHIND_PROXY=1, or empty TRUSTED_PROXIES when no proxy stands in front.",
                id="cong.W002",
            )
        ]
    return []
