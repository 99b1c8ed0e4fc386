"""Core models shared by every app: page bases, media, and site-wide settings."""

from .media import AttachedFile, DocumentFileVersion, PortalDocument, PortalImage, PortalRendition
from .pages import BasePage, HomePage, HomePageNewsSection, HomePageSlide, StandardPage
from .site_settings import ExternalLink, PortalSettings

__all__ = [
    "AttachedFile",
    "BasePage",
    "DocumentFileVersion",
    "ExternalLink",
    "HomePage",
    "HomePageNewsSection",
    "HomePageSlide",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "PortalSettings",
    "StandardPage",
]
