"""Every place an editor puts an image asks for its alternative text, and says so in Vietnamese."""

from wagtail_factories import ImageFactory

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from wagtail.blocks import StructBlockValidationError

from home.blocks import BannerBlock, ImageBlock
from home.models import HomePageSlide
from tests.factories import default_home

REQUIRED = "Trường này là bắt buộc."


class AlternativeTextIsRequiredTests(TestCase):
    def setUp(self):
        self.image = ImageFactory()
        activate = translation.override("vi")
        activate.__enter__()
        self.addCleanup(activate.__exit__, None, None, None)

    def test_image_and_banner_blocks_refuse_an_empty_alternative_text(self):
        for block in (ImageBlock(), BannerBlock()):
            with self.subTest(block=type(block).__name__):
                value = block.to_python({"image": self.image.pk, "alt_text": "  "})
                with self.assertRaises(StructBlockValidationError) as raised:
                    block.clean(value)
                self.assertIn("alt_text", raised.exception.block_errors)
                self.assertEqual(raised.exception.block_errors["alt_text"].messages, [REQUIRED])
                value = block.to_python({"image": self.image.pk, "alt_text": "Lễ ra quân chuyển đổi số"})
                self.assertEqual(block.clean(value)["alt_text"], "Lễ ra quân chuyển đổi số")

    def test_a_slideshow_photo_refuses_an_empty_alternative_text(self):
        slide = HomePageSlide(page=default_home(), image=self.image, alt_text="")
        with self.assertRaises(ValidationError) as raised:
            slide.full_clean()
        self.assertEqual(raised.exception.message_dict["alt_text"], ["Trường này không được để trắng."])
        slide.alt_text = "Ảnh: Hội nghị tổng kết"
        slide.full_clean()
