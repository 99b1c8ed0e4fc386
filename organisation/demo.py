"""Demo Tổ chức bộ máy: the department's units and officials (invented names), with English versions.

Idempotent: a unit or official that exists (same slug under the same parent) is left as it is.
"""

from django.db import transaction

from home.localize import paragraph_text, translate_with_localize
from organisation.models import OfficialPage, OrganisationPage, PressRole, Rank, UnitKind, UnitPage

FUNCTIONS = (
    "Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu, giúp Ủy ban "
    "nhân dân tỉnh quản lý nhà nước về báo chí, xuất bản, bưu chính, viễn thông, công nghệ thông tin, "
    "chuyển đổi số, phát thanh, truyền hình và thông tin cơ sở."
)
FUNCTIONS_EN = (
    "The Department of Information and Communications is a specialised agency of the provincial People's "
    "Committee. It advises the Committee on the press, publishing, postal services, telecommunications, "
    "information technology, digital transformation, broadcasting and grassroots information."
)

# (slug, kind, title, English title, functions, English functions, phone, e-mail, officials)
# officials: (slug, name, position, English position, rank, phone, e-mail, responsibilities, English, press)
UNITS = [
    (
        "ban-giam-doc",
        UnitKind.LEADERSHIP,
        "Ban Giám đốc",
        "Board of directors",
        "Lãnh đạo, điều hành toàn bộ hoạt động của Sở.",
        "Leads and runs the department.",
        "0273 3 871 555",
        "bangiamdoc@example.gov.vn",
        [
            (
                "nguyen-van-an",
                "Nguyễn Văn An",
                "Giám đốc Sở",
                "Director",
                Rank.HEAD,
                "0273 3 871 501",
                "nvan@example.gov.vn",
                "Phụ trách chung; tổ chức cán bộ, tài chính, thanh tra.",
                "In overall charge; staff, finance and inspection.",
                PressRole.SPOKESPERSON,
            ),
            (
                "tran-thi-binh",
                "Trần Thị Bình",
                "Phó Giám đốc Sở",
                "Deputy Director",
                Rank.DEPUTY,
                "0273 3 871 502",
                "ttbinh@example.gov.vn",
                "Phụ trách lĩnh vực báo chí, xuất bản, thông tin cơ sở.",
                "In charge of the press, publishing and grassroots information.",
                PressRole.AUTHORISED,
            ),
            (
                "le-hoang-cuong",
                "Lê Hoàng Cường",
                "Phó Giám đốc Sở",
                "Deputy Director",
                Rank.DEPUTY,
                "0273 3 871 503",
                "lhcuong@example.gov.vn",
                "Phụ trách lĩnh vực công nghệ thông tin, chuyển đổi số, bưu chính, viễn thông.",
                "In charge of information technology, digital transformation, post and telecommunications.",
                PressRole.NONE,
            ),
        ],
    ),
    (
        "van-phong-so",
        UnitKind.DIVISION,
        "Văn phòng Sở",
        "Department office",
        "Tổng hợp, hành chính, tổ chức cán bộ, văn thư, lưu trữ.",
        "Coordination, administration, staff, records and archives.",
        "0273 3 871 510",
        "vanphong@example.gov.vn",
        [
            (
                "pham-minh-duc",
                "Phạm Minh Đức",
                "Chánh Văn phòng",
                "Head of the office",
                Rank.HEAD,
                "0273 3 871 511",
                "pmduc@example.gov.vn",
                "Điều hành Văn phòng Sở.",
                "Runs the department's office.",
                PressRole.NONE,
            ),
            (
                "vo-thi-hoa",
                "Võ Thị Hoa",
                "Phó Chánh Văn phòng",
                "Deputy head of the office",
                Rank.DEPUTY,
                "0273 3 871 512",
                "vthoa@example.gov.vn",
                "Hành chính, văn thư, lưu trữ.",
                "Administration, records and archives.",
                PressRole.NONE,
            ),
        ],
    ),
    (
        "phong-thong-tin-bao-chi-xuat-ban",
        UnitKind.DIVISION,
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Information, Press and Publishing Division",
        "Quản lý nhà nước về báo chí, xuất bản, in, phát hành, thông tin đối ngoại, thông tin cơ sở.",
        "Regulates the press, publishing, printing, foreign and grassroots information.",
        "0273 3 871 520",
        "baochi@example.gov.vn",
        [
            (
                "dang-quoc-huy",
                "Đặng Quốc Huy",
                "Trưởng phòng",
                "Head of division",
                Rank.HEAD,
                "0273 3 871 521",
                "dqhuy@example.gov.vn",
                "Điều hành Phòng.",
                "Runs the division.",
                PressRole.NONE,
            ),
        ],
    ),
    (
        "phong-cong-nghe-thong-tin",
        UnitKind.DIVISION,
        "Phòng Công nghệ thông tin - Bưu chính - Viễn thông",
        "Information Technology, Post and Telecommunications Division",
        "Quản lý nhà nước về công nghệ thông tin, chuyển đổi số, an toàn thông tin, bưu chính, viễn thông.",
        "Regulates information technology, digital transformation, information security, post and telecoms.",
        "0273 3 871 530",
        "cntt@example.gov.vn",
        [
            (
                "huynh-thanh-long",
                "Huỳnh Thanh Long",
                "Trưởng phòng",
                "Head of division",
                Rank.HEAD,
                "0273 3 871 531",
                "htlong@example.gov.vn",
                "Điều hành Phòng; chuyển đổi số.",
                "Runs the division; digital transformation.",
                PressRole.NONE,
            ),
            (
                "ngo-thi-my",
                "Ngô Thị Mỹ",
                "Phó Trưởng phòng",
                "Deputy head of division",
                Rank.DEPUTY,
                "0273 3 871 532",
                "ntmy@example.gov.vn",
                "An toàn thông tin.",
                "Information security.",
                PressRole.NONE,
            ),
        ],
    ),
    (
        "thanh-tra-so",
        UnitKind.DIVISION,
        "Thanh tra Sở",
        "Department inspectorate",
        "Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo trong các lĩnh vực của Sở.",
        "Inspections, complaints and denunciations in the department's fields.",
        "0273 3 871 540",
        "thanhtra@example.gov.vn",
        [
            (
                "bui-van-tam",
                "Bùi Văn Tâm",
                "Chánh Thanh tra",
                "Chief inspector",
                Rank.HEAD,
                "0273 3 871 541",
                "bvtam@example.gov.vn",
                "Điều hành Thanh tra Sở.",
                "Runs the inspectorate.",
                PressRole.NONE,
            ),
        ],
    ),
    (
        "trung-tam-cntt-tt",
        UnitKind.AFFILIATED,
        "Trung tâm Công nghệ thông tin và Truyền thông",
        "Information and Communications Technology Centre",
        "Đơn vị sự nghiệp: vận hành hạ tầng số, cổng thông tin điện tử, đào tạo.",
        "Public service unit: runs the digital infrastructure and the portal, training.",
        "0273 3 871 550",
        "trungtam@example.gov.vn",
        [
            (
                "do-thi-lan",
                "Đỗ Thị Lan",
                "Giám đốc Trung tâm",
                "Director of the centre",
                Rank.HEAD,
                "0273 3 871 551",
                "dtlan@example.gov.vn",
                "Điều hành Trung tâm.",
                "Runs the centre.",
                PressRole.NONE,
            ),
        ],
    ),
]


def _rich(text):
    return f"<p>{text}</p>"


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load_demo_organisation(home):
    """Create the organisation page, its units and officials, each with its English version; return
    (created count, message)."""
    from wagtail.models import Page

    about = Page.objects.child_of(home).filter(slug="gioi-thieu").first() or home
    about = about.specific
    organisation = OrganisationPage.objects.descendant_of(home).first()
    created = 0
    if organisation is None:
        organisation = _publish_child(
            about,
            OrganisationPage(
                title="Tổ chức bộ máy",
                slug="to-chuc-bo-may",
                intro="Chức năng, nhiệm vụ, lãnh đạo Sở, các phòng và đơn vị trực thuộc.",
                functions=[{"type": "paragraph", "value": _rich(FUNCTIONS)}],
                locale=home.locale,
            ),
        )
        created += 1
    translate_with_localize(
        organisation,
        {
            "Tổ chức bộ máy": "Organisation",
            organisation.intro: "Functions and tasks, the leaders, divisions and affiliated units.",
            FUNCTIONS: FUNCTIONS_EN,
        },
    )
    for slug, kind, title, title_en, functions, functions_en, phone, email, officials in UNITS:
        unit = UnitPage.objects.child_of(organisation).filter(slug=slug).first()
        if unit is None:
            unit = _publish_child(
                organisation,
                UnitPage(
                    title=title,
                    slug=slug,
                    kind=kind,
                    functions=_rich(functions),
                    phone=phone,
                    email=email,
                    locale=home.locale,
                ),
            )
            created += 1
        translate_with_localize(unit, {title: title_en, paragraph_text(unit.functions): functions_en})
        for o_slug, name, position, position_en, rank, o_phone, o_email, duty, duty_en, press in officials:
            official = OfficialPage.objects.child_of(unit).filter(slug=o_slug).first()
            if official is None:
                official = _publish_child(
                    unit,
                    OfficialPage(
                        title=name,
                        slug=o_slug,
                        position=position,
                        rank=rank,
                        phone=o_phone,
                        email=o_email,
                        responsibilities=_rich(duty),
                        press_role=press,
                        locale=home.locale,
                    ),
                )
                created += 1
            translate_with_localize(official, {position: position_en, duty: duty_en})
    return created, f"Organisation: {created} page(s) created."
