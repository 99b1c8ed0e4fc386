"""Editors can upload real documents; anything else is refused with a message in Vietnamese."""

import io
import tracemalloc
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

from home.roles import ensure_roles

ARCHIVE_TOO_LARGE = "Tệp nén này chứa quá nhiều tệp hoặc giải nén ra quá nhiều dữ liệu"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bomb(unpacked_megabytes=64, declared_size=None):
    """An .odt whose "mimetype" member unpacks to ``unpacked_megabytes`` MB of text (a few dozen KB packed);
    ``declared_size``: what its central directory claims the member unpacks to."""
    buffer = io.BytesIO()
    chunk = b"application/vnd.oasis.opendocument.text" * 26_000  # about 1 MB
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("mimetype", "w", force_zip64=False) as member:
            for _megabyte in range(unpacked_megabytes):
                member.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    data = bytearray(buffer.getvalue())
    if declared_size is not None:
        entry = data.index(b"PK\x01\x02")  # the first central directory entry: "mimetype"
        data[entry + 24 : entry + 28] = declared_size.to_bytes(4, "little")
    return bytes(data)


def zip_with_members(count):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(count):
            archive.writestr(f"t/{number}", b"")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


class DocumentUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        groups = ensure_roles()
        cls.editor = get_user_model().objects.create_user("bientap", password="mat-khau-dai-1")
        cls.editor.groups.add(groups["editor"])

    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, name, content):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": name,
                "file": SimpleUploadedFile(name, content),
                "collection": Collection.get_first_root_node().pk,
            },
        )

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, response.content.decode())
        self.assertFalse(get_document_model().objects.exists())

    def test_accepts_the_allowed_document_types(self):
        for name, content in [
            ("quyet-dinh.pdf", MINIMAL_PDF),
            ("ke-hoach.docx", docx_bytes()),
            ("bao-cao.odt", odt_bytes()),
            ("cong-van.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        ]:
            with self.subTest(name=name):
                response = self.upload(name, content)
                self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(get_document_model().objects.count(), 4)

    def test_refuses_a_forbidden_extension_in_vietnamese(self):
        response = self.upload("cai-dat.exe", b"MZ\x90\x00")
        self.assert_refused(response, "Không cho phép tải lên tệp có đuôi “exe”")

    def test_refuses_a_file_whose_content_does_not_match_its_extension(self):
        response = self.upload("quyet-dinh.pdf", b"<html><script>alert(1)</script></html>")
        self.assert_refused(response, "Nội dung tệp không khớp với đuôi “pdf”")

    def test_refuses_a_zip_renamed_to_docx(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("virus.js", "alert(1)")
        self.assert_refused(
            self.upload("van-ban.docx", buffer.getvalue()),
            "Nội dung tệp không khớp với đuôi “docx”",
        )

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
    def test_refuses_a_file_over_the_size_limit_in_vietnamese(self):
        response = self.upload("lon.pdf", MINIMAL_PDF + b"0" * 2048)
        self.assert_refused(response, "Tệp quá lớn")

    def assert_refused_in_bounded_memory(self, name, content, message=ARCHIVE_TOO_LARGE):
        tracemalloc.start()
        try:
            response = self.upload(name, content)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assert_refused(response, message)
        self.assertLess(peak, 16 * 1024 * 1024, f"checking {len(content)} bytes took {peak} bytes")

    def test_an_odt_whose_mimetype_is_a_zip_bomb_is_refused_without_unpacking_it(self):
        bomb = odt_bomb()
        self.assertLess(len(bomb), 300_000)
        self.assert_refused_in_bounded_memory("bom.odt", bomb)

    def test_a_member_that_lies_about_its_size_is_read_no_further_than_the_limit(self):
        # zipfile stops at the declared size, then finds the checksum wrong: a mismatch, read no further.
        self.assert_refused_in_bounded_memory(
            "bom.odt", odt_bomb(declared_size=39), "Nội dung tệp không khớp với đuôi “odt”"
        )

    def test_an_archive_with_too_many_members_is_refused(self):
        self.assert_refused_in_bounded_memory("nhieu-tep.docx", zip_with_members(12_000))

    def test_a_member_compressed_with_an_unknown_method_is_refused_not_a_500(self):
        data = bytearray(odt_bytes())
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            position = data.index(signature)
            data[position + offset : position + offset + 2] = (99).to_bytes(2, "little")
        self.assert_refused(self.upload("la.odt", bytes(data)), "Nội dung tệp không khớp với đuôi “odt”")

    def test_the_multiple_uploader_applies_the_same_checks(self):
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": SimpleUploadedFile("trang.html", b"<html></html>")},
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertFalse(body["success"])
        self.assertIn("Không cho phép tải lên tệp có đuôi “html”", str(body))
        self.assertFalse(get_document_model().objects.exists())
