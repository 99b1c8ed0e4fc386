"""Wagtail's image form with its refusals in the portal's catalogue (Wagtail ships no Vietnamese for them)."""

from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm


class PortalImageForm(BaseImageForm):
    """SVG is not among WAGTAILIMAGES_EXTENSIONS: an SVG can carry scripts, so it is refused, not cleaned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None or not hasattr(field, "supported_formats_text"):
            return
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
