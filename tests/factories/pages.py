import factory
import wagtail_factories

from wagtail.models import Site

from home.models import HomePage, StandardPage


def default_home():
    """The Vietnamese home page the first migration creates at the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Trang chủ"
    intro = "<p>Chào mừng bạn đến với cổng thông tin.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Trang thông tin {n}")
    intro = "Giới thiệu chung về Sở."
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = StandardPage
