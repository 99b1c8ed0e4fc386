"""News (tin tức) and inspection reports (kết quả thanh tra, kiểm tra) as pages."""

import json
import math
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import SourceImageIOError
from wagtail.models import Orderable, Site, TranslatableMixin
from wagtail.search import index

from articles.blocks import ArticleStreamBlock, ReportStreamBlock
from articles.feeds import SectionFeed
from articles.listing import news_listing, report_listing
from home.blocks import PARAGRAPH_FEATURES
from home.models import AttachedFile, BasePage, PortalSettings
from home.text import nfc

# Vietnamese readers of news take in about 220 words (syllables) a minute.
WORDS_PER_MINUTE = 220
TEXT_BLOCKS = {"paragraph", "heading", "quote", "note"}


def json_for_script(data):
    """JSON that is safe inside a <script> element."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


class NewsCategory(TranslatableMixin, models.Model):
    """A chuyên mục, e.g. "Chuyển đổi số", shared by the news sections of one language."""

    name = models.CharField(_("name"), max_length=255)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("articles.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


# News ------------------------------------------------------------------------------------------


class NewsIndexPage(RoutablePageMixin, BasePage):
    """A news section (e.g. "Tin tức - Sự kiện"); its sub-sections' articles are listed too."""

    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage", "articles.NewsIndexPage"]
    subpage_types = ["articles.NewsIndexPage", "articles.NewsPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")

    def articles(self):
        """Live, public articles of this section and its sub-sections, newest first."""
        return NewsPage.objects.live().public().descendant_of(self).order_by("-publication_date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing(self, request))
        return context

    @path("rss/")
    def feed(self, request):
        return SectionFeed(self)(request)


class NewsPage(BasePage):
    # Page cache (pagecache/tags.py): every article shows related, previous and next articles.
    page_cache_group = "news"
    page_cache_depends_on = ("news",)
    # What the article's template shows, fetched with the page when it is served (home/routing.py). The
    # image's renditions are not prefetched: only the article's fragments show them, and those are
    # usually current (a rendered image looks its renditions up in the renditions cache first).
    route_select_related = ("featured_image", "category", "locale")

    summary = models.TextField(
        _("summary"),
        help_text=_("The sapo: one or two sentences shown in bold under the title and in listings."),
    )
    publication_date = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_("Shown on the article and used to order listings, newest first."),
    )
    featured_image = models.ForeignKey(
        "home.PortalImage",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the article, in listings and when the article is shared."),
    )
    featured_image_alt = models.CharField(
        _("featured image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    featured_image_caption = models.CharField(_("featured image caption"), max_length=500, blank=True)
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Featured articles lead the home page's “Tin nổi bật” block."),
    )
    author = models.CharField(
        _("author signature"),
        max_length=255,
        blank=True,
        help_text=_("Shown bottom right in capitals, as in the press, e.g. “MINH HIẾU”."),
    )
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("E.g. “Báo Ấp Bắc”, when it is reprinted.")
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("featured")]),
        MultiFieldPanel(
            [
                FieldPanel("featured_image"),
                FieldPanel("featured_image_alt"),
                FieldPanel("featured_image_caption"),
            ],
            heading=_("Featured image"),
        ),
        FieldRowPanel([FieldPanel("category"), FieldPanel("tags")]),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("author"), FieldPanel("source")]),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("publication_date"),
        index.FilterField("category"),
    ]

    parent_page_types = ["articles.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        self.author = nfc(self.author)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.featured_image_id and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": _("Describe the image for readers who cannot see it.")}
            )

    # Derived facts -----------------------------------------------------------------------------

    @cached_property
    def tag_list(self):
        """The article's tags (the template, the JSON-LD and the related articles each ask)."""
        return list(self.tags.all())

    def reading_minutes(self):
        words = len(self.summary.split())
        for block in self.body:
            if block.block_type in TEXT_BLOCKS:
                words += len(strip_tags(" ".join(block.block.get_searchable_content(block.value))).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def siblings_in_order(self):
        return NewsPage.objects.live().public().child_of(self.get_parent()).exclude(pk=self.pk)

    def previous_article(self):
        """The next older article of the same section."""
        older = models.Q(publication_date__lt=self.publication_date) | models.Q(
            publication_date=self.publication_date, pk__lt=self.pk
        )
        return self.siblings_in_order().filter(older).order_by("-publication_date", "-pk").first()

    def next_article(self):
        """The next newer article of the same section."""
        newer = models.Q(publication_date__gt=self.publication_date) | models.Q(
            publication_date=self.publication_date, pk__gt=self.pk
        )
        return self.siblings_in_order().filter(newer).order_by("publication_date", "pk").first()

    def related_articles(self, count=4):
        """Newest articles sharing a tag or the category, else the newest of the same section."""
        candidates = (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .select_related("featured_image", "category")
            .prefetch_related("featured_image__renditions")
        )
        tag_ids = [tag.pk for tag in self.tag_list]
        shared = models.Q(tags__in=tag_ids) if tag_ids else models.Q(pk__in=[])
        if self.category_id:
            shared |= models.Q(category_id=self.category_id)
        related = list(candidates.filter(shared).distinct().order_by("-publication_date", "-pk")[:count])
        if len(related) < count:
            more = candidates.child_of(self.get_parent()).exclude(pk__in=[p.pk for p in related])
            related += list(more.order_by("-publication_date", "-pk")[: count - len(related)])
        return related

    def image_url(self, request, spec="fill-1200x630"):
        if not self.featured_image:
            return ""
        try:
            url = self.featured_image.get_rendition(spec).url
        except SourceImageIOError:
            return ""  # the original file is missing: share without an image rather than fail
        return request.build_absolute_uri(url) if request else url

    def json_ld(self, request=None, image_url=""):
        """schema.org NewsArticle, as a string safe inside <script>."""
        site_root = self.get_site_root()
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.summary,
            "datePublished": timezone.localtime(self.publication_date).isoformat(),
            "dateModified": timezone.localtime(self.last_published_at or self.publication_date).isoformat(),
            "inLanguage": self.locale.language_code,
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.get_full_url(request)},
            "url": self.get_full_url(request),
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": self._department_name(request),
                "url": site_root.get_full_url(request) if site_root else None,
            },
        }
        if image_url:
            data["image"] = [image_url]
        if self.author:
            data["author"] = {"@type": "Person", "name": self.author}
        else:
            data["author"] = data["publisher"]
        if self.category:
            data["articleSection"] = self.category.name
        keywords = [tag.name for tag in self.tag_list]
        if keywords:
            data["keywords"] = keywords
        return json_for_script(data)

    def _department_name(self, request):
        if request is not None and Site.find_for_request(request) is not None:
            # Primed for the request by home.middleware from what the process remembers.
            return PortalSettings.for_request(request).localized("department_name")
        site = self.get_site()
        return PortalSettings.for_site(site).localized("department_name") if site else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders them: not when its cached fragments are current.
        image_url = SimpleLazyObject(lambda: self.image_url(request))
        context.update(
            {
                "og_image_url": image_url,
                "json_ld": SimpleLazyObject(lambda: self.json_ld(request, str(image_url))),
                "related_articles": SimpleLazyObject(self.related_articles),
                "previous_article": SimpleLazyObject(self.previous_article),
                "next_article": SimpleLazyObject(self.next_article),
                "canonical_url": SimpleLazyObject(lambda: self.get_full_url(request)),
            }
        )
        return context


# Inspection reports ----------------------------------------------------------------------------


class InspectionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class InspectionReportIndexPage(RoutablePageMixin, BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=PARAGRAPH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["articles.InspectionReportPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("inspection reports register")
        verbose_name_plural = _("inspection reports registers")

    def reports(self):
        return (
            InspectionReportPage.objects.live().public().child_of(self).order_by("-publication_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(report_listing(self, request))
        return context

    @path("rss/")
    def feed(self, request):
        return SectionFeed(self)(request)


class InspectionReportPage(BasePage):
    summary = models.TextField(
        _("summary"), help_text=_("What was inspected and why, in one or two sentences, for listings.")
    )
    publication_date = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.IN_PROGRESS
    )
    period_start = models.DateField(_("inspection from"))
    period_end = models.DateField(_("inspection to"), null=True, blank=True)
    inspecting_body = models.CharField(
        _("inspecting body"),
        max_length=255,
        help_text=_("Đoàn kiểm tra, e.g. “Thanh tra Sở Thông tin và Truyền thông”."),
    )
    ordering_decision = models.ForeignKey(
        "documents.LegalDocumentPage",
        verbose_name=_("decision ordering the inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    findings = StreamField(ReportStreamBlock(), verbose_name=_("findings"), blank=True)
    shortcomings = StreamField(ReportStreamBlock(), verbose_name=_("shortcomings"), blank=True)
    recommendations = StreamField(ReportStreamBlock(), verbose_name=_("recommendations"), blank=True)
    conclusion = StreamField(ReportStreamBlock(), verbose_name=_("conclusion"), blank=True)

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("publication_date")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("inspecting_body"),
                FieldPanel("ordering_decision"),
            ],
            heading=_("Inspection"),
        ),
        InlinePanel("inspected_units", label=_("Inspected unit"), heading=_("Inspected units"), min_num=1),
        FieldPanel("findings"),
        FieldPanel("shortcomings"),
        FieldPanel("recommendations"),
        FieldPanel("conclusion"),
        InlinePanel("attachments", label=_("File"), heading=_("Files")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("inspecting_body"),
        index.SearchField("findings"),
        index.SearchField("shortcomings"),
        index.SearchField("recommendations"),
        index.SearchField("conclusion"),
        index.RelatedFields("inspected_units", [index.SearchField("name")]),
        # The text of the attached PDFs (the signed conclusion), as for legal documents.
        index.RelatedFields(
            "attachments", [index.RelatedFields("document", [index.SearchField("extracted_text")])]
        ),
        index.FilterField("status"),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["articles.InspectionReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("inspection report")
        verbose_name_plural = _("inspection reports")

    REPORT_SECTIONS = (
        ("findings", _("Findings")),
        ("shortcomings", _("Shortcomings")),
        ("recommendations", _("Recommendations")),
        ("conclusion", _("Conclusion")),
    )

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        self.inspecting_body = nfc(self.inspecting_body)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The inspection cannot end before it starts.")})

    def sections(self):
        """[(slug, heading, stream)] for the report sections that have content."""
        return [
            (name, label, getattr(self, name)) for name, label in self.REPORT_SECTIONS if getattr(self, name)
        ]

    @cached_property
    def unit_list(self):
        return list(self.inspected_units.all())

    @cached_property
    def attachment_list(self):
        return list(self.attachments.select_related("document"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = self.get_full_url(request)
        return context


class InspectedUnit(Orderable):
    page = ParentalKey(InspectionReportPage, on_delete=models.CASCADE, related_name="inspected_units")
    name = models.CharField(_("name"), max_length=255)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("inspected unit")
        verbose_name_plural = _("inspected units")

    def __str__(self):
        return self.name


class InspectionReportAttachment(AttachedFile):
    page = ParentalKey(InspectionReportPage, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("E.g. “Kết luận thanh tra (bản ký số)”.")
    )
