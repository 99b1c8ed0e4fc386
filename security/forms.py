"""Wagtail's image form with its refusals in the portal's catalogue (Wagtail ships no Vietnamese for them)."""

from PIL import Image

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

# What Pillow (through Willow) raises on a file that claims to be an image but does not decode: truncated
# or corrupt data, a broken header, a bomb past Pillow's limit.
IMAGE_DECODING_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, Image.DecompressionBombError)


def refusing_undecodable_images(to_python):
    """Wrap an image field's ``to_python``: a file that cannot be decoded is refused, not a 500."""

    def checked(data):
        try:
            return to_python(data)
        except ValidationError:
            raise
        except IMAGE_DECODING_ERRORS:
            raise ValidationError(
                _("This image cannot be read: the file is damaged or incomplete. Upload the original image."),
                code="invalid_image_content",
            ) from None

    return checked


class PortalImageForm(BaseImageForm):
    """SVG is not among WAGTAILIMAGES_EXTENSIONS: an SVG can carry scripts, so it is refused, not cleaned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None or not hasattr(field, "supported_formats_text"):
            return
        field.to_python = refusing_undecodable_images(field.to_python)
        field.error_messages["invalid_image_extension"] = _(
            "Not a supported image format (SVG images are not accepted because they can contain code). "
            "Supported formats: %(supported_formats)s."
        ) % {"supported_formats": field.supported_formats_text}
        field.error_messages["invalid_image_known_format"] = _(
            "This is not a real .%(extension)s image: its content is in the %(image_format)s format."
        )
        field.error_messages["file_too_many_pixels"] = _(
            "This image has too many pixels (%(num_pixels)s); the limit is %(max_pixels_count)s. "
            "Reduce its size before uploading."
        )
        field.error_messages["file_too_large"] = _(
            "This file is too big (%(file_size)s). The limit is %(max_filesize)s."
        )
