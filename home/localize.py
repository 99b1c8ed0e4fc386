"""Translations made with wagtail-localize from code: the demo content's English version.

Each object gets a real wagtail-localize ``Translation`` (so the admin shows it as a synchronised
translation, with its source, sync status and the translation editor), whose strings are filled in
from a {Vietnamese text: English text} mapping. A string missing from the mapping keeps the Vietnamese
text, as wagtail-localize does for an untranslated segment.
"""

from django.db import transaction
from django.utils.html import strip_tags

from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def paragraph_text(html):
    """The segment text of a one-paragraph rich text: what wagtail-localize asks translators for."""
    return strip_tags(html).strip()


def _fill(source, strings, locale):
    """Store the English of each of the source's strings that the mapping knows and has none yet."""
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        english = strings.get(segment.string.data)
        if english:
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": english, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )


def _save(translation, instance, locale):
    publish = isinstance(instance, Page) and instance.live
    # Pages are saved as a draft, then published here rather than on commit (wagtail-localize's way),
    # so that callers see them live at once; snippets without drafts are saved directly.
    translation.save_target(publish=not isinstance(instance, (Page, DraftStateMixin)))
    target = instance.get_translation(locale)
    if publish:
        target.get_latest_revision().publish()
        target.refresh_from_db()
    return target


@transaction.atomic
def translate_with_localize(instance, strings, language_code="en"):
    """Create the instance's wagtail-localize translation, fill in its strings, publish it; return it.

    An object already translated is left as it is, whoever translated it: loading demo content twice
    changes nothing, and an editor's work is never overwritten.
    """
    locale = Locale.objects.get(language_code=language_code)
    if isinstance(instance, Page):
        instance = instance.specific
    existing = instance.get_translation_or_none(locale)
    if existing is not None and not getattr(existing, "alias_of_id", None):
        return existing
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    _fill(source, strings, locale)
    return _save(translation, instance, locale)


@transaction.atomic
def resync_with_localize(instance, strings, language_code="en"):
    """What *Sync translated pages* does: take the source's current content into its translation
    (strings already translated are kept), translate the new strings the mapping knows, publish."""
    locale = Locale.objects.get(language_code=language_code)
    if isinstance(instance, Page):
        instance = instance.specific
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation = Translation.objects.get(source=source, target_locale=locale)
    _fill(source, strings, locale)
    return _save(translation, instance, locale)
