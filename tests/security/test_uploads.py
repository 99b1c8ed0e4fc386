"""Uploads that attack the server: SVG images, decompression bombs, PDFs that take pypdf minutes."""

import io
import logging
import time

import pytest
from PIL import Image

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection

from home.uploads import extract_pdf_text

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>'


def pdf_with_text_operators(count, pages=1):
    """A valid PDF whose page(s) each draw ``count`` one-letter strings: 1.4 MB for 100,000 of them,
    which pypdf needs about fifteen seconds to read."""
    content = b"BT /F1 12 Tf 10 10 Td " + b"(a) Tj 1 0 Td " * count + b"ET"
    kids = " ".join(f"{3 + 2 * index} 0 R" for index in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    font = 3 + 2 * pages
    for index in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * index, font)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return SimpleUploadedFile("van-ban.pdf", out.getvalue(), content_type="application/pdf")


def test_pdf_text_is_read_normally():
    assert extract_pdf_text(pdf_with_text_operators(5, pages=2)) == "aaaaa\naaaaa"


def test_a_pdf_that_takes_too_long_is_cut_off_and_the_pages_read_are_kept(caplog):
    # Page one reads at once; page two is the slow one.
    uploaded = pdf_with_text_operators(100_000, pages=2)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="home.uploads"):
        text = extract_pdf_text(uploaded, timeout=3)
    elapsed = time.monotonic() - started
    assert elapsed < 6, f"extraction held the request for {elapsed:.1f} s"
    assert "stopped after 3 s" in caplog.text
    assert uploaded.tell() == 0  # the file is still there to be saved
    assert len(text) in (0, 100_000)  # page one if it was read in time, never a half page


def test_a_broken_pdf_yields_no_text(caplog):
    broken = SimpleUploadedFile("hong.pdf", b"%PDF-1.4\n" + b"\x00" * 200)
    with caplog.at_level(logging.WARNING, logger="home.uploads"):
        assert extract_pdf_text(broken) == ""


def test_the_character_limit_holds():
    assert len(extract_pdf_text(pdf_with_text_operators(50, pages=3), max_chars=60)) == 60


def test_pillow_refuses_decompression_bombs_everywhere():
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 64_000_000


@pytest.fixture
def image_editor(client, django_user_model):
    from home.roles import ensure_roles

    groups = ensure_roles()
    user = get_user_model().objects.create_user("bientap", password="mat-khau-dai-1")
    user.groups.add(groups["editor"])
    client.force_login(user)
    return client


def upload_image(client, name, data):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.django_db
def test_svg_images_are_refused_in_vietnamese(image_editor):
    response = upload_image(image_editor, "bieu-tuong.svg", SVG)
    assert response.status_code == 200
    assert "ảnh SVG không được chấp nhận" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_svg_content_behind_an_image_extension_is_refused(image_editor):
    response = upload_image(image_editor, "anh.png", SVG)
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_an_image_with_too_many_pixels_is_refused_in_vietnamese(image_editor):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 million pixels in about 10 KB
    assert len(buffer.getvalue()) < 100_000
    response = upload_image(image_editor, "bom.png", buffer.getvalue())
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    assert "Ảnh này có quá nhiều điểm ảnh (81000000); giới hạn là 64000000" in response.content.decode()


def png_bytes(size=(400, 300)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("cat-doi.png", lambda data: data[: len(data) // 2]),  # truncated
        ("hong.png", lambda data: data[:40] + b"\x00" * 200 + data[240:]),  # corrupt chunks
        ("dau-sai.png", lambda data: data[:16] + b"\xff" * 8 + data[24:]),  # impossible size in the header
    ],
)
def test_an_image_that_does_not_decode_is_refused_in_vietnamese(image_editor, name, damage):
    response = upload_image(image_editor, name, damage(png_bytes()))
    assert response.status_code == 200
    assert "Không đọc được ảnh này: tệp bị hỏng hoặc không đầy đủ" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_the_multiple_image_uploader_refuses_a_truncated_image_too(image_editor):
    data = png_bytes()
    response = image_editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("cat-doi.png", data[: len(data) // 2])},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "Không đọc được ảnh này" in str(response.json())
    assert not get_image_model().objects.exists()
