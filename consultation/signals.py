"""A moderated comment shows on its draft (and every translation of it): purge their stored copies."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page

from consultation.models import DraftComment
from pagecache import cache as pagecache
from pagecache.tags import page_tag


@receiver(post_save, sender=DraftComment)
@receiver(post_delete, sender=DraftComment)
def purge_draft(sender, instance, **kwargs):
    if kwargs.get("raw") or (instance.status == "pending" and not kwargs.get("update_fields")):
        return  # a comment awaiting moderation shows nowhere
    translation_key = (
        Page.objects.filter(pk=instance.page_id).values_list("translation_key", flat=True).first()
    )
    pages = Page.objects.filter(translation_key=translation_key).values_list("pk", flat=True)
    pagecache.bump(*(page_tag(pk) for pk in pages))
