"""Demo Lịch công tác: the previous, current and next week of the leadership, with English versions.

Idempotent: a week that has a page already is left as it is.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from home.localize import translate_with_localize
from schedule.models import ScheduleEntry, ScheduleIndexPage, ScheduleWeekPage, monday_of

# (weekday 0-6, start, end, content, English, place, English, host, English, attendees, English)
ENTRIES = [
    (
        0,
        "07:30",
        "09:00",
        "Giao ban Ban Giám đốc",
        "Weekly meeting of the board of directors",
        "Phòng họp Sở",
        "Department meeting room",
        "Giám đốc Sở",
        "Director",
        "Các Phó Giám đốc; Chánh Văn phòng",
        "Deputy directors; head of the office",
    ),
    (
        1,
        "08:00",
        "11:00",
        "Hội nghị triển khai chuyển đổi số năm 2027",
        "Conference on digital transformation in 2027",
        "Hội trường Ủy ban nhân dân tỉnh",
        "Provincial People's Committee hall",
        "Phó Giám đốc Lê Hoàng Cường",
        "Deputy Director Lê Hoàng Cường",
        "Phòng Công nghệ thông tin; Trung tâm CNTT-TT",
        "IT division; ICT centre",
    ),
    (
        2,
        "14:00",
        "16:30",
        "Làm việc với các cơ quan báo chí về công tác tuyên truyền cuối năm",
        "Meeting the press agencies on end-of-year communication",
        "Phòng họp Sở",
        "Department meeting room",
        "Phó Giám đốc Trần Thị Bình",
        "Deputy Director Trần Thị Bình",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Information, Press and Publishing Division",
    ),
    (
        3,
        "08:00",
        None,
        "Kiểm tra an toàn thông tin tại huyện Châu Thành",
        "Information security inspection in Châu Thành district",
        "Ủy ban nhân dân huyện Châu Thành",
        "Châu Thành District People's Committee",
        "Chánh Thanh tra",
        "Chief inspector",
        "Thanh tra Sở; Phòng Công nghệ thông tin",
        "Inspectorate; IT division",
    ),
    (
        4,
        "15:00",
        "17:00",
        "Họp báo định kỳ quý IV",
        "Quarterly press conference (Q4)",
        "Phòng họp Sở",
        "Department meeting room",
        "Giám đốc Sở",
        "Director",
        "Người phát ngôn; đại diện các cơ quan báo chí",
        "The spokesperson; press representatives",
    ),
]


def _time(text):
    return datetime.time.fromisoformat(text) if text else None


@transaction.atomic
def load_demo_schedule(home):
    """Create the schedule and three weeks around today; return (created count, message)."""
    index = ScheduleIndexPage.objects.child_of(home).first()
    created = 0
    if index is None:
        index = ScheduleIndexPage(
            title="Lịch công tác",
            slug="lich-cong-tac",
            intro="<p>Lịch công tác hằng tuần của Ban Giám đốc Sở.</p>",
            locale=home.locale,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        created += 1
    translate_with_localize(
        index,
        {
            "Lịch công tác": "Work schedule",
            "Lịch công tác hằng tuần của Ban Giám đốc Sở.": "The weekly "
            "schedule of the department's board of directors.",
        },
    )
    this_monday = monday_of(timezone.localdate())
    for offset in (-1, 0, 1):
        monday = this_monday + datetime.timedelta(weeks=offset)
        week = ScheduleWeekPage.objects.child_of(index).filter(week_start=monday).first()
        sunday = monday + datetime.timedelta(days=6)
        title = f"Lịch công tác tuần từ {monday:%d/%m/%Y} đến {sunday:%d/%m/%Y}"
        strings = {title: f"Work schedule for the week from {monday:%d/%m/%Y} to {sunday:%d/%m/%Y}"}
        if week is None:
            week = ScheduleWeekPage(
                title=title, slug=f"tuan-{monday:%Y-%m-%d}", week_start=monday, locale=home.locale
            )
            for day, start, end, content, _c, place, _p, host, _h, attendees, _a in ENTRIES:
                week.entries.add(
                    ScheduleEntry(
                        day=monday + datetime.timedelta(days=day),
                        start_time=_time(start),
                        end_time=_time(end),
                        content=content,
                        place=place,
                        host=host,
                        attendees=attendees,
                        locale=home.locale,
                    )
                )
            index.add_child(instance=week)
            week.save_revision().publish()
            created += 1
        for (
            _d,
            _s,
            _e,
            content,
            content_en,
            place,
            place_en,
            host,
            host_en,
            attendees,
            attendees_en,
        ) in ENTRIES:
            strings.update({content: content_en, place: place_en, host: host_en, attendees: attendees_en})
        translate_with_localize(week, strings)
    return created, f"Work schedule: {created} page(s) created."
