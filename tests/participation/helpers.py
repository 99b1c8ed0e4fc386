import re

from participation.protection import Challenge, parse_answer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


QUESTION = re.compile(r"(?:how much is )?(.+?) (?:cộng|plus) (.+?)(?: bằng bao nhiêu)?\?", re.IGNORECASE)


def answer_to(label):
    """The answer to the check question in ``label`` ("Câu hỏi kiểm tra: Ba cộng bốn bằng bao nhiêu?"),
    worked out from its words as a person does."""
    question = label.split(":", 1)[-1].split("(")[0].strip()
    first, second = QUESTION.fullmatch(question).groups()
    return str(parse_answer(first) + parse_answer(second))


def answered_challenge():
    challenge = Challenge()
    return {"challenge_token": challenge.token, "challenge_answer": str(challenge.first + challenge.second)}


def question_data(topic, **overrides):
    data = {
        "topic": topic.pk,
        "title": "Thủ tục cấp phép bản tin",
        "content": "Doanh nghiệp muốn phát hành bản tin thì cần hồ sơ gì?",
        "name": "Nguyễn Thị Hoa",
        "email": "hoa@example.com",
        "phone": "",
        "consent": "on",
        "website": "",
        **answered_challenge(),
    }
    data.update(overrides)
    return data


def feedback_data(**overrides):
    data = {
        "category": "service",
        "title": "Sóng di động yếu",
        "content": "Ấp 3 xã Tân Thanh mất sóng buổi tối.",
        "name": "Trần Văn Nam",
        "email": "",
        "phone": "0987 654 321",
        "consent": "on",
        "website": "",
        **answered_challenge(),
    }
    data.update(overrides)
    return data
