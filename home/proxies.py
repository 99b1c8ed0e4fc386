"""Which reverse proxies are trusted, and so who the client is.

Forwarded headers (``X-Forwarded-For``, ``X-Forwarded-Proto``, ``X-Real-IP``…) are believed only when the
connection comes from an address in ``TRUSTED_PROXIES`` (addresses or networks, from the environment;
none by default). Anyone else could write them, so from anyone else they are dropped. One rule serves
gunicorn (``gunicorn.conf.py``), the login lockout (axes), the rate limits and the visit statistics.

This module imports nothing from Django at import time: gunicorn's configuration reads it before Django
is set up.
"""

import functools
import ipaddress

FORWARDED_META_KEYS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)
MAX_FORWARDED_HOPS = 20  # a longer X-Forwarded-For is read from its right end only


def parse_networks(value):
    """``"10.0.0.5, 10.1.0.0/16"`` (or a list) → a tuple of networks; a ValueError names a bad item."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    networks = []
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {item!r} is not an address or a network") from None
    return tuple(networks)


@functools.lru_cache(maxsize=4096)  # a pure function of its text, asked up to three times a request
def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted(address, networks):
    """Whether ``address`` (text or an address object) belongs to one of ``networks``."""
    if not networks:
        return False
    if isinstance(address, str):
        address = _address(address)
    if address is None:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address.version == network.version and address in network for network in networks)


def client_address(remote_addr, forwarded_for="", real_ip="", networks=()):
    """The client's address for a connection from ``remote_addr`` carrying those headers.

    A peer that is not a trusted proxy is the client, whatever it wrote. Behind trusted proxies the
    ``X-Forwarded-For`` chain is read from the right, skipping the trusted hops; the first address that
    is not a trusted proxy is the client (an entry that is not an address stops the walk at the last
    proxy that wrote it). ``X-Real-IP`` is used when a trusted proxy sent no ``X-Forwarded-For``.
    """
    remote = remote_addr or ""
    if not is_trusted(remote, networks):
        return remote
    hops = [part for part in (forwarded_for or "").split(",") if part.strip()][-MAX_FORWARDED_HOPS:]
    if not hops and real_ip:
        hops = [real_ip]
    client = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not is_trusted(address, networks):
            break
    return client


def _networks():
    from django.conf import settings

    configured = getattr(settings, "TRUSTED_PROXIES", ())
    cached = _cache.get("networks")
    if cached is None or cached[0] is not configured:
        cached = _cache["networks"] = (configured, parse_networks(configured))
    return cached[1]


_cache = {}


def client_ip(request):
    """The address of whoever sent ``request``: the one rule of the whole portal (also axes' callable)."""
    meta = request.META
    known = meta.get("cong.client_ip")
    if known is None:
        known = meta["cong.client_ip"] = client_address(
            meta.get("REMOTE_ADDR", ""),
            meta.get("HTTP_X_FORWARDED_FOR", ""),
            meta.get("HTTP_X_REAL_IP", ""),
            _networks(),
        )
    return known


def drop_untrusted_forwarding(environ, networks=None):
    """Remove the forwarded headers from a WSGI environ (or ``request.META``) that no trusted proxy sent."""
    if networks is None:
        networks = _networks()
    if not is_trusted(environ.get("REMOTE_ADDR", ""), networks):
        for key in FORWARDED_META_KEYS:
            environ.pop(key, None)


class UntrustedForwardingWSGI:
    """WSGI wrapper (``wsgi.py``): forwarded headers are dropped before anything reads them."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        drop_untrusted_forwarding(environ)
        return self.application(environ, start_response)


class UntrustedForwardingMiddleware:
    """The same for servers that do not load ``wsgi.py`` (runserver, the test client): first in the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_untrusted_forwarding(request.META)
        return self.get_response(request)
