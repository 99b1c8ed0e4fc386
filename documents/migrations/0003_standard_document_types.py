"""The document types of Vietnamese law (Law on Promulgation of Legal Documents) and the common
administrative ones, so that every installation starts with the same controlled list."""

import unicodedata
import uuid

from django.db import migrations

STANDARD_TYPES = [
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Nghị quyết",
    "Nghị quyết liên tịch",
    "Pháp lệnh",
    "Lệnh",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư",
    "Thông tư liên tịch",
    "Văn bản hợp nhất",
    "Kế hoạch",
    "Công văn",
    "Công điện",
    "Thông báo",
    "Báo cáo",
    "Hướng dẫn",
    "Tờ trình",
]


def add_types(apps, schema_editor):
    from home.text import matching_key

    DocumentType = apps.get_model("documents", "DocumentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.filter(language_code="vi").first()
    if locale is None:
        return
    for name in STANDARD_TYPES:
        name = unicodedata.normalize("NFC", name)
        DocumentType.objects.get_or_create(
            name_key=matching_key(name),
            locale=locale,
            defaults={"name": name, "translation_key": uuid.uuid4()},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_import_fingerprint"),
        ("home", "0002_create_home_page"),
    ]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
