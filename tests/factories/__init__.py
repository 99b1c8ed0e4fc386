from .pages import HomePageFactory, StandardPageFactory, default_home

__all__ = ["HomePageFactory", "StandardPageFactory", "default_home"]
