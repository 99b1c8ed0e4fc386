"""Core models shared by every app: page bases, media, and site-wide settings."""

from .media import PortalDocument, PortalImage, PortalRendition
from .pages import BasePage, HomePage, StandardPage
from .site_settings import ExternalLink, PortalSettings

__all__ = [
    "BasePage",
    "ExternalLink",
    "HomePage",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "PortalSettings",
    "StandardPage",
]
