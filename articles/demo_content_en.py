# ruff: noqa: E501  (prose)
"""The English version of the demo news (the ten newest articles), their sections and categories.

Keyed by the Vietnamese text in ``demo_content``; ``load_articles_demo`` turns them into wagtail-localize
translations, so that the admin shows them as translations of the Vietnamese pages.
"""

from articles import demo_content as demo

TRANSLATED_ARTICLES = 10

SECTIONS = {
    "Tin tức - Sự kiện": "News and events",
    "Tin trong tỉnh": "Provincial news",
    "Tin trong ngành": "Sector news",
    "Chuyển đổi số": "Digital transformation",
    "Thông báo": "Announcements",
}

CATEGORIES = {
    "Chuyển đổi số": "Digital transformation",
    "Báo chí - Xuất bản": "Press and publishing",
    "Bưu chính - Viễn thông": "Post and telecommunications",
    "An toàn thông tin": "Information security",
    "Hoạt động của Sở": "Department activities",
}

# (English title, English summary) of demo.ARTICLES[0:10], in that order.
ARTICLES = [
    (
        "Department of Information and Communications reviews its work in 2025",
        "In 2025 the province's information and communications sector exceeded 12 of its 14 targets; 68% of applications were handled fully online.",
    ),
    (
        "More than 90% of administrative procedures are available fully online",
        "The province has integrated 1,126 administrative procedures into the National Public Service Portal, so residents can submit applications at any time, from anywhere.",
    ),
    (
        "172 community digital technology teams launched in communes and wards",
        "The community digital technology teams will help residents install apps, pay without cash and use public services.",
    ),
    (
        "2026 cyber security incident response drill",
        "More than 60 IT officers from provincial departments, agencies and localities took part in a two-day live exercise.",
    ),
    (
        "12th Provincial Press Awards presented",
        "The organising committee presented 28 awards to print, radio, television and online works that vividly portray local life.",
    ),
    (
        "5G coverage reaches the centres of districts and towns",
        "Telecom operators have installed 215 5G base stations, giving priority to industrial parks, hospitals and schools.",
    ),
    (
        "Free personal digital signatures for residents",
        "Residents aged 18 and over are helped to register a free personal digital signature for carrying out administrative procedures online.",
    ),
    (
        "Department of Information and Communications tops the administrative reform index",
        "The 2025 ranking gave the department 91.4 points, two places higher than the year before, thanks to stepped-up digitisation of records.",
    ),
    (
        "Recruitment notice: public employees for the Information and Communications Technology Centre",
        "The centre is recruiting 5 public employees for system administration, information security and software development positions.",
    ),
    (
        "Vietnam Book and Reading Culture Day draws crowds of readers",
        "Book presentations, meetings with authors and a digital library were held in the central park of Mỹ Tho city.",
    ),
]

PARAGRAPHS = [
    "Speaking at the working session, the department's leadership praised the initiative shown by the units and asked them to keep reviewing procedures, cut unnecessary paperwork and measure their effectiveness by the satisfaction of residents and businesses.",
    "According to the report, agencies and units have recently worked closely together and promptly resolved difficulties as they arose. However, implementation in some localities is still slow because of a lack of dedicated staff and uneven infrastructure.",
    "In the coming period, the department will step up guidance and inspection and compile the results every quarter, reporting to the provincial People's Committee so that it can give timely direction.",
    "Residents who need help can call the province's 1022 hotline or visit the nearest one-stop office during office hours.",
]

QUOTES = [
    (
        "Digital transformation is first of all a transformation of mindset; technology only works when people see its benefits.",
        "Director of the Department of Information and Communications",
    ),
    (
        "Every official must be a promoter of online public services.",
        "Vice-Chairman of the Provincial People's Committee",
    ),
]

IMAGE_ALTS = {
    "Dãy nhà đỏ bên dòng sông, trời xanh thẫm": "Red buildings by a river under a deep blue sky",
    "Dãy nhà xám bạc trên đồng xanh, cạnh sông": "Silver-grey buildings on green fields by a river",
    "Dãy nhà xanh dương bên dòng sông, trời trắng": "Blue buildings by a river under a white sky",
    "Dãy nhà vàng cam bên sông, trời tối": "Amber buildings by a river under a dark sky",
    "Dãy nhà nâu bên dòng sông, trời vàng nhạt buổi sớm": "Brown buildings by a river under a pale morning sky",
    "Dãy nhà xanh dương trên nền đất nâu, cạnh dòng sông": "Blue buildings on brown ground by a river",
    "Dãy nhà vàng giữa vườn xanh, cạnh dòng sông": "Yellow buildings among green gardens by a river",
    "Dãy nhà xanh ngọc bên dòng sông, trời đêm": "Teal buildings by a river at night",
}

PHRASES = {
    "Nhiệm vụ thời gian tới": "Tasks ahead",
    "Chỉ tiêu": "Indicator",
    "Kế hoạch": "Plan",
    "Thực hiện": "Achieved",
    "Hồ sơ trực tuyến toàn trình": "Applications handled fully online",
    "Thanh toán trực tuyến": "Online payments",
    "Một số chỉ tiêu chủ yếu": "Main indicators",
    "Một số hình ảnh": "Photos",
    "Hỗ trợ người dân": "Help for residents",
    "Báo Ấp Bắc": "Ấp Bắc newspaper",
    "Kết quả thanh tra, kiểm tra": "Inspection results",
    # The home page's slideshow and sidebar.
    "Hội nghị tổng kết – hoạt động của ngành": "Year-end review conference – the sector at work",
    "Trạm phát sóng – hoạt động của ngành": "Base station – the sector at work",
    "Bộ phận một cửa – hoạt động của ngành": "One-stop office – the sector at work",
    "Tập huấn an toàn thông tin – hoạt động của ngành": "Information security training – the sector at work",
    "Chợ nổi Cái Bè – hoạt động của ngành": "Cái Bè floating market – the sector at work",
    "Đường dây nóng": "Hotlines",
    "Tra cứu dịch vụ công trực tuyến": "Look up online public services",
    "Tổng đài hỗ trợ dịch vụ công: <b>1022</b><br/>Phản ánh tin nhắn rác: <b>5656</b>": (
        "Public services helpline: <b>1022</b><br/>Reporting spam messages: <b>5656</b>"
    ),
}


def strings():
    """{Vietnamese text: English text} for every translated string of the demo news."""
    mapping = dict(SECTIONS) | dict(CATEGORIES) | dict(PHRASES)
    for (_section, _category, _tags, title, summary), (title_en, summary_en) in zip(
        demo.ARTICLES[: len(ARTICLES)], ARTICLES, strict=True
    ):
        mapping[title] = title_en
        mapping[summary] = summary_en
    mapping.update(zip(demo.PARAGRAPHS, PARAGRAPHS, strict=True))
    for (text, attribution), (text_en, attribution_en) in zip(demo.QUOTES, QUOTES, strict=True):
        mapping[text] = text_en
        mapping[attribution] = attribution_en
    for alt, alt_en in IMAGE_ALTS.items():
        mapping[alt] = alt_en
        mapping[f"Tranh minh họa: {alt[0].lower()}{alt[1:]}."] = (
            f"Illustration: {alt_en[0].lower()}{alt_en[1:]}."
        )
    return mapping
