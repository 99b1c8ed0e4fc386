"""Security headers Django does not set itself: Content-Security-Policy and Permissions-Policy.

Public pages get a strict policy with no 'unsafe-inline': their templates load only the portal's own
scripts and style sheets (JSON-LD blocks are data, which CSP does not govern). The policy is the same for
every request (no nonce), so a page served from the full-page cache carries a policy that still fits it.
Wagtail's admin writes inline scripts and styles, so paths under the admin get a looser policy of their own.
"""

from django.conf import settings


def _serialise(policy):
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in policy.items())


def admin_prefix():
    return "/" + settings.ADMIN_PATH.strip("/") + "/"


class SecurityHeadersMiddleware:
    """Adds CONTENT_SECURITY_POLICY (public pages) or CONTENT_SECURITY_POLICY_ADMIN (the admin) to HTML
    responses, and PERMISSIONS_POLICY to every response, unless the view set them itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _serialise(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = _serialise(settings.CONTENT_SECURITY_POLICY_ADMIN)
        self.header = (
            "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"
        )
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )
        self.admin_prefix = admin_prefix()

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and self.header not in response:
            is_admin = request.path.startswith(self.admin_prefix)
            response[self.header] = self.admin_policy if is_admin else self.public_policy
        return response
