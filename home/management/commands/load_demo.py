"""Demo content for a newcomer's first ``make run``: idempotent, so a second run changes nothing."""

import os
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from wagtail.models import Locale, Site

from home.localize import paragraph_text, translate_with_localize
from home.models import ExternalLink, HomePage, PortalSettings, StandardPage
from home.roles import ROLES, ensure_roles

DEMO_SETTINGS = {
    "parent_authority": "Ủy ban nhân dân tỉnh Tiền Giang",
    "department_name": "Sở Thông tin và Truyền thông",
    "address": "Số 23 đường 30/4, Phường 1, thành phố Mỹ Tho, tỉnh Tiền Giang (địa chỉ minh họa)",
    "phone": "0273 3 871 555",
    "email": "sotttt@example.gov.vn",
    "working_hours": "Thứ Hai – Thứ Sáu: 7h00 – 11h30, 13h30 – 17h00",
    "editor_in_charge": "Giám đốc Sở Thông tin và Truyền thông",
    "parent_authority_en": "People's Committee of Tiền Giang Province",
    "department_name_en": "Department of Information and Communications",
    "address_en": "23 30/4 Street, Ward 1, Mỹ Tho City, Tiền Giang Province (example address)",
    "working_hours_en": "Monday to Friday: 7:00–11:30 and 13:30–17:00",
    "editor_in_charge_en": "Director of the Department of Information and Communications",
}

DEMO_LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Công báo Chính phủ", "https://congbao.chinhphu.vn/"),
]
DEMO_LINKS_EN = {
    "Cổng thông tin điện tử Chính phủ": "Government of Vietnam portal",
    "Cổng Dịch vụ công quốc gia": "National Public Service Portal",
    "Cơ sở dữ liệu quốc gia về văn bản pháp luật": "National database of legal documents",
    "Công báo Chính phủ": "Official Gazette",
}

HOME_INTRO = (
    "<p>Cổng thông tin điện tử của Sở Thông tin và Truyền thông: tin tức, văn bản quy phạm pháp luật, "
    "kết quả thanh tra và thông tin liên hệ.</p>"
)

HOME_INTRO_EN = (
    "<p>The electronic portal of the Department of Information and Communications: news, legal documents, "
    "inspection results and contact information.</p>"
)

# (slug, Vietnamese title, summary, English title, English summary, children). The organisation itself
# (units, officials, the chart) is organisation/demo.py's "Tổ chức bộ máy", under "Giới thiệu".
DEMO_PAGES = [
    (
        "gioi-thieu",
        "Giới thiệu",
        "Vị trí, chức năng và cơ cấu tổ chức của Sở Thông tin và Truyền thông.",
        "Introduction",
        "The Department of Information and Communications: its role, duties and organisation.",
        [
            (
                "chuc-nang-nhiem-vu",
                "Chức năng, nhiệm vụ",
                "Sở là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu quản lý nhà nước về "
                "báo chí, xuất bản, bưu chính, viễn thông, công nghệ thông tin và chuyển đổi số.",
                "Functions and duties",
                "The department advises the provincial People's Committee on the press, publishing, "
                "postal services, telecommunications, information technology and digital "
                "transformation.",
                [],
            ),
        ],
    ),
    (
        "lien-he",
        "Liên hệ",
        "Địa chỉ, điện thoại, thư điện tử và giờ làm việc của Sở.",
        "Contact",
        "Address, telephone, e-mail and working hours of the department.",
        [],
    ),
]


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


class Command(BaseCommand):
    help = "Load the demo portal (pages, settings, links, one account per role). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            help="HOST:PORT the demo is served on (make run passes its own): the site's absolute addresses "
            "(feeds, sitemap, hreflang) use it.",
        )

    def handle(self, *args, **options):
        call_command("setup_portal", stdout=self.stdout)
        with transaction.atomic():
            site = Site.objects.get(is_default_site=True)
            if options.get("address"):
                self._serve_at(site, options["address"])
            home = site.root_page.specific
            created = self._load_home(home)
            created += self._load_settings(site)
            created += self._load_links()
            created += self._load_pages(home, DEMO_PAGES)
        created += self._load_legal_documents(home)
        # News sections, articles, inspection reports and the home page blocks (idempotent too).
        call_command("load_articles_demo", stdout=self.stdout)
        created += self._load_app_demos(home)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {created} item(s) created."
                if created
                else "Demo content is already loaded; nothing changed."
            )
        )
        self._load_accounts()

    def _serve_at(self, site, address):
        """Point the default site at HOST:PORT, where Wagtail builds every absolute address from."""
        host, _, port = address.removeprefix("http://").strip("/").rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--address must be HOST:PORT, e.g. 127.0.0.1:8000, not {address!r}.")
        if (site.hostname, site.port) != (host, int(port)):
            site.hostname, site.port = host, int(port)
            site.save(update_fields=["hostname", "port"])

    # Pages -------------------------------------------------------------------------------------

    def _load_home(self, home):
        if not isinstance(home, HomePage) or home.intro:
            return 0
        home.title = "Trang chủ"
        home.intro = HOME_INTRO
        home.save_revision().publish()
        self._translate(home, "Home", HOME_INTRO_EN)
        return 1

    def _translate(self, page, title, intro):
        """The page's English version, as a wagtail-localize translation of the Vietnamese page."""
        strings = {page.title: title}
        source_intro = getattr(page.specific, "intro", "")
        if source_intro:
            strings[paragraph_text(source_intro)] = paragraph_text(intro)
        return translate_with_localize(page, strings)

    def _load_pages(self, parent, specs):
        created = 0
        for slug, title, summary, title_en, summary_en, children in specs:
            page = parent.get_children().filter(slug=slug).specific().first()
            if page is None:
                page = StandardPage(
                    title=title,
                    slug=slug,
                    intro=summary,
                    body=_paragraph(summary),
                    locale=parent.locale,
                )
                parent.add_child(instance=page)
                page.save_revision().publish()
                self._translate(page, title_en, summary_en)
                created += 1
            created += self._load_pages(page, children)
        return created

    # Legal documents ---------------------------------------------------------------------------

    def _load_legal_documents(self, home):
        from documents.demo import load_demo_register

        created, message = load_demo_register(home, self._translate)
        self.stdout.write(message)
        return created

    def _load_app_demos(self, home):
        """Each app's own demo content, in INSTALLED_APPS order: an app whose config names a
        ``demo_loader`` (the dotted path of a function of the home page that returns the number of items
        it created and a message) is loaded here, so home imports none of them."""
        created = 0
        for config in apps.get_app_configs():
            path = getattr(config, "demo_loader", None)
            if path:
                with transaction.atomic():  # each app's demo whole or not at all
                    count, message = import_string(path)(home)
                self.stdout.write(message)
                created += count
        return created

    # Settings and links ------------------------------------------------------------------------

    def _load_settings(self, site):
        portal = PortalSettings.for_site(site)
        if portal.parent_authority:
            if portal.department_name_en:
                return 0
            # A portal loaded before the English version: add the English texts only.
            for name, value in DEMO_SETTINGS.items():
                if name.endswith("_en"):
                    setattr(portal, name, value)
            portal.save()
            return 1
        for name, value in DEMO_SETTINGS.items():
            setattr(portal, name, value)
        portal.save()
        return 1

    def _load_links(self):
        locale = Locale.get_default()
        created = 0
        for order, (title, url) in enumerate(DEMO_LINKS):
            _, was_created = ExternalLink.objects.get_or_create(
                url=url, locale=locale, defaults={"title": title, "sort_order": order}
            )
            created += was_created
        for link in ExternalLink.objects.filter(locale=locale, title__in=DEMO_LINKS_EN):
            if not link.has_translation(Locale.objects.get(language_code="en")):
                translate_with_localize(link, {link.title: DEMO_LINKS_EN[link.title]})
                created += 1
        return created

    # Accounts ----------------------------------------------------------------------------------

    def _load_accounts(self):
        groups = ensure_roles()
        password = os.environ.get("DEMO_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User = get_user_model()
        created_any = False
        rows = []
        for role in ROLES:
            username = f"demo-{role.key}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.gov.vn",
                    "first_name": role.group_name,
                    "is_staff": role.superuser,
                    "is_superuser": role.superuser,
                },
            )
            if created or (not generated and not user.check_password(password)):
                user.set_password(password)
                user.save()
                created_any = created_any or created
            user.groups.add(groups[role.key])
            rows.append((username, role.group_name, "mới tạo" if created else "đã có"))

        self.stdout.write(f"\nDemo accounts (admin at /{settings.ADMIN_PATH}):")
        for username, group_name, state in rows:
            self.stdout.write(f"  {username:<20} {group_name:<30} ({state})")
        if generated and created_any:
            self.stdout.write(
                f"Password for the new accounts (generated, shown once): {password}\n"
                "Set DEMO_PASSWORD=... and run again to choose your own."
            )
        elif generated:
            self.stdout.write(
                "Existing accounts keep their password. Set DEMO_PASSWORD=... and run again to reset it."
            )
        else:
            self.stdout.write("Password: the value of DEMO_PASSWORD.")
