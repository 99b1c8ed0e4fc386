# ruff: noqa: E501  (prose: long Vietnamese sentences read better unbroken)
"""Demo texts for news and inspection reports: written for this project, in Vietnamese."""

SECTIONS = [
    # (slug, title, parent slug or None)
    ("tin-tuc-su-kien", "Tin tức - Sự kiện", None),
    ("tin-trong-tinh", "Tin trong tỉnh", "tin-tuc-su-kien"),
    ("tin-trong-nganh", "Tin trong ngành", "tin-tuc-su-kien"),
    ("chuyen-doi-so", "Chuyển đổi số", None),
    ("thong-bao", "Thông báo", None),
]

CATEGORIES = [
    "Chuyển đổi số",
    "Báo chí - Xuất bản",
    "Bưu chính - Viễn thông",
    "An toàn thông tin",
    "Hoạt động của Sở",
]

AUTHORS = ["MINH HIẾU", "THANH TÂM", "HOÀNG ANH", "NGỌC HÂN", "QUỐC BẢO", "PHƯƠNG THẢO"]

# (section slug, category index, tags, title, summary)
ARTICLES = [
    (
        "tin-trong-tinh",
        4,
        ["hội nghị", "tổng kết"],
        "Sở Thông tin và Truyền thông tổng kết công tác năm 2025",
        "Năm 2025, ngành thông tin và truyền thông tỉnh hoàn thành vượt 12 trên 14 chỉ tiêu, trong đó tỷ lệ hồ sơ trực tuyến toàn trình đạt 68%.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["dịch vụ công", "hồ sơ trực tuyến"],
        "Hơn 90% thủ tục hành chính được cung cấp trực tuyến toàn trình",
        "Tỉnh đã tích hợp 1.126 thủ tục hành chính lên Cổng Dịch vụ công quốc gia, người dân có thể nộp hồ sơ mọi lúc, mọi nơi.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["tổ công nghệ số cộng đồng"],
        "Ra mắt 172 tổ công nghệ số cộng đồng tại các xã, phường",
        "Các tổ công nghệ số cộng đồng sẽ hướng dẫn người dân cài đặt ứng dụng, thanh toán không dùng tiền mặt và sử dụng dịch vụ công.",
    ),
    (
        "tin-trong-nganh",
        3,
        ["an toàn thông tin", "diễn tập"],
        "Diễn tập ứng cứu sự cố an toàn thông tin mạng năm 2026",
        "Hơn 60 cán bộ chuyên trách công nghệ thông tin của các sở, ngành và địa phương tham gia diễn tập thực chiến trong hai ngày.",
    ),
    (
        "tin-trong-tinh",
        1,
        ["báo chí", "giải báo chí"],
        "Trao giải Báo chí tỉnh lần thứ XII",
        "Ban Tổ chức trao 28 giải cho các tác phẩm báo in, phát thanh, truyền hình và báo điện tử phản ánh sinh động đời sống địa phương.",
    ),
    (
        "tin-trong-nganh",
        2,
        ["5G", "hạ tầng số"],
        "Phủ sóng 5G tại trung tâm các huyện, thị xã",
        "Các doanh nghiệp viễn thông đã lắp đặt 215 trạm phát sóng 5G, ưu tiên khu công nghiệp, bệnh viện và trường học.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["chữ ký số", "dịch vụ công"],
        "Cấp miễn phí chữ ký số cá nhân cho người dân",
        "Người dân từ đủ 18 tuổi được hỗ trợ đăng ký chữ ký số cá nhân miễn phí để thực hiện thủ tục hành chính trên môi trường mạng.",
    ),
    (
        "tin-trong-tinh",
        4,
        ["cải cách hành chính"],
        "Sở Thông tin và Truyền thông dẫn đầu chỉ số cải cách hành chính",
        "Kết quả xếp hạng năm 2025 ghi nhận Sở đạt 91,4 điểm, tăng hai bậc so với năm trước nhờ đẩy mạnh số hóa hồ sơ.",
    ),
    (
        "thong-bao",
        4,
        ["tuyển dụng"],
        "Thông báo tuyển dụng viên chức Trung tâm Công nghệ thông tin và Truyền thông",
        "Trung tâm cần tuyển 05 viên chức làm việc tại các vị trí quản trị hệ thống, an toàn thông tin và phát triển phần mềm.",
    ),
    (
        "tin-trong-nganh",
        1,
        ["xuất bản", "sách"],
        "Ngày Sách và Văn hóa đọc Việt Nam thu hút đông đảo bạn đọc",
        "Chuỗi hoạt động giới thiệu sách, giao lưu tác giả và thư viện số được tổ chức tại công viên trung tâm thành phố Mỹ Tho.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["thanh toán không dùng tiền mặt", "chợ 4.0"],
        "Nhân rộng mô hình chợ 4.0 tại các huyện",
        "Tiểu thương tại 38 chợ truyền thống đã sử dụng mã QR để nhận tiền, giúp người mua thanh toán nhanh và an toàn hơn.",
    ),
    (
        "tin-trong-tinh",
        2,
        ["bưu chính", "dịch vụ công"],
        "Bưu điện hỗ trợ trả kết quả thủ tục hành chính tại nhà",
        "Người dân có thể đăng ký nhận kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích với mức phí thấp.",
    ),
    (
        "tin-trong-nganh",
        3,
        ["an toàn thông tin", "lừa đảo trực tuyến"],
        "Cảnh báo thủ đoạn giả mạo cơ quan nhà nước để lừa đảo",
        "Sở khuyến cáo người dân không cung cấp mã OTP, không cài ứng dụng lạ theo yêu cầu qua điện thoại của người tự xưng là cán bộ.",
    ),
    (
        "thong-bao",
        4,
        ["lịch tiếp công dân"],
        "Lịch tiếp công dân định kỳ của Giám đốc Sở tháng 3",
        "Giám đốc Sở tiếp công dân vào ngày 15 hằng tháng tại trụ sở Sở; trường hợp trùng ngày nghỉ sẽ chuyển sang ngày làm việc kế tiếp.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["dữ liệu", "nền tảng số"],
        "Đưa vào vận hành Kho dữ liệu dùng chung của tỉnh",
        "Kho dữ liệu kết nối 24 cơ sở dữ liệu chuyên ngành, giúp các cơ quan chia sẻ thông tin và giảm giấy tờ người dân phải nộp.",
    ),
    (
        "tin-trong-tinh",
        1,
        ["thông tin cơ sở"],
        "Nâng cấp hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin",
        "Đến nay 85% xã, phường, thị trấn đã có đài truyền thanh thông minh, có thể phát bản tin từ xa qua mạng internet.",
    ),
    (
        "tin-trong-nganh",
        2,
        ["viễn thông", "thuê bao"],
        "Chuẩn hóa thông tin thuê bao di động trên địa bàn tỉnh",
        "Các nhà mạng phối hợp rà soát, chuẩn hóa hơn 40.000 thuê bao có thông tin chưa trùng khớp với cơ sở dữ liệu quốc gia về dân cư.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["giáo dục", "học bạ số"],
        "Triển khai học bạ số tại các trường tiểu học",
        "Từ năm học 2025–2026, toàn bộ trường tiểu học trong tỉnh sử dụng học bạ số có ký số của hiệu trưởng.",
    ),
    (
        "tin-trong-tinh",
        4,
        ["hội nghị", "doanh nghiệp"],
        "Đối thoại với doanh nghiệp công nghệ số",
        "Lãnh đạo Sở lắng nghe 17 ý kiến về thủ tục đầu tư, nguồn nhân lực và hạ tầng dành cho doanh nghiệp công nghệ số.",
    ),
    (
        "thong-bao",
        3,
        ["an toàn thông tin"],
        "Thông báo lịch bảo trì hệ thống quản lý văn bản và điều hành",
        "Hệ thống tạm ngừng phục vụ từ 20 giờ ngày thứ Bảy đến 6 giờ sáng Chủ nhật để nâng cấp máy chủ và cơ sở dữ liệu.",
    ),
    (
        "tin-trong-nganh",
        1,
        ["báo chí", "quản lý nhà nước"],
        "Giao ban báo chí định kỳ quý I",
        "Các cơ quan báo chí được thông tin về những vấn đề được dư luận quan tâm và định hướng tuyên truyền trong thời gian tới.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["y tế số", "sổ sức khỏe điện tử"],
        "Hơn 700.000 người dân đã có sổ sức khỏe điện tử",
        "Sổ sức khỏe điện tử tích hợp trên ứng dụng định danh giúp người bệnh không phải mang theo giấy tờ khi đi khám.",
    ),
    (
        "tin-trong-tinh",
        2,
        ["bưu chính", "thương mại điện tử"],
        "Đưa nông sản địa phương lên sàn thương mại điện tử",
        "Hơn 300 sản phẩm OCOP như sầu riêng, vú sữa, khóm đã có gian hàng trên các sàn thương mại điện tử lớn.",
    ),
    (
        "tin-trong-nganh",
        3,
        ["an toàn thông tin", "camera"],
        "Kiểm tra an toàn thông tin hệ thống camera giám sát",
        "Đoàn kiểm tra phát hiện nhiều camera còn dùng mật khẩu mặc định và khuyến nghị các đơn vị khắc phục ngay.",
    ),
    (
        "thong-bao",
        4,
        ["lấy ý kiến"],
        "Lấy ý kiến góp ý dự thảo Kế hoạch chuyển đổi số năm 2027",
        "Sở đề nghị các cơ quan, tổ chức và cá nhân gửi ý kiến góp ý trước ngày 30 tháng 10 qua thư điện tử hoặc văn bản.",
    ),
    (
        "tin-trong-tinh",
        0,
        ["chính quyền số", "họp trực tuyến"],
        "Hệ thống họp trực tuyến kết nối đến cấp xã",
        "Hệ thống họp trực tuyến kết nối 172 điểm cầu, tiết kiệm thời gian, chi phí đi lại cho cán bộ cấp cơ sở.",
    ),
    (
        "tin-trong-nganh",
        1,
        ["xuất bản", "in ấn"],
        "Tập huấn pháp luật về hoạt động in và phát hành xuất bản phẩm",
        "Hơn 80 chủ cơ sở in, cửa hàng sách được phổ biến các quy định mới và những lỗi thường gặp khi kiểm tra.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["nông nghiệp số"],
        "Ứng dụng nhật ký điện tử trong sản xuất lúa",
        "Nông dân ghi chép quá trình canh tác trên điện thoại để truy xuất nguồn gốc và bán lúa với giá cao hơn.",
    ),
    (
        "tin-trong-tinh",
        4,
        ["thi đua", "khen thưởng"],
        "Phát động phong trào thi đua chào mừng Ngày Chuyển đổi số quốc gia",
        "Phong trào hướng tới mục tiêu mỗi cơ quan có ít nhất một sáng kiến ứng dụng công nghệ số trong công việc.",
    ),
    (
        "thong-bao",
        2,
        ["viễn thông"],
        "Thông báo về việc ngừng cung cấp dịch vụ điện thoại di động 2G",
        "Các nhà mạng sẽ dừng sóng 2G theo lộ trình; người dân dùng máy 2G được hỗ trợ đổi máy 4G miễn phí hoặc giá ưu đãi.",
    ),
    (
        "tin-trong-nganh",
        3,
        ["an toàn thông tin", "tập huấn"],
        "Tập huấn kỹ năng nhận diện thư điện tử giả mạo",
        "Học viên được thực hành nhận biết đường dẫn độc hại, tệp đính kèm nguy hiểm và cách báo cáo sự cố cho bộ phận chuyên trách.",
    ),
    (
        "chuyen-doi-so",
        0,
        ["du lịch thông minh"],
        "Ra mắt bản đồ du lịch số tỉnh Tiền Giang",
        "Du khách tra cứu điểm tham quan, cơ sở lưu trú, ẩm thực và lịch trình gợi ý bằng tiếng Việt và tiếng Anh.",
    ),
]

PARAGRAPHS = [
    "Phát biểu tại buổi làm việc, lãnh đạo Sở đánh giá cao tinh thần chủ động của các đơn vị, đồng thời đề nghị tiếp tục rà soát "
    "quy trình, cắt giảm giấy tờ không cần thiết và lấy sự hài lòng của người dân, doanh nghiệp làm thước đo hiệu quả.",
    "Theo báo cáo, trong thời gian qua, các cơ quan, đơn vị đã phối hợp chặt chẽ, kịp thời tháo gỡ khó khăn phát sinh. "
    "Tuy nhiên, việc triển khai ở một số địa phương còn chậm do thiếu nhân lực chuyên trách và hạ tầng chưa đồng bộ.",
    "Thời gian tới, Sở sẽ tăng cường hướng dẫn, kiểm tra và tổng hợp kết quả định kỳ hằng quý, báo cáo Ủy ban nhân dân tỉnh "
    "để có giải pháp chỉ đạo kịp thời.",
    "Người dân cần hỗ trợ có thể liên hệ Tổng đài 1022 của tỉnh hoặc đến bộ phận một cửa gần nhất trong giờ hành chính.",
]

QUOTES = [
    (
        "Chuyển đổi số trước hết là chuyển đổi nhận thức; công nghệ chỉ phát huy hiệu quả khi người dân thấy được lợi ích.",
        "Giám đốc Sở Thông tin và Truyền thông",
    ),
    (
        "Mỗi cán bộ phải là một tuyên truyền viên về dịch vụ công trực tuyến.",
        "Phó Chủ tịch Ủy ban nhân dân tỉnh",
    ),
]

REPORTS = [
    # (title, summary, status, start, end, inspecting body, units, findings, shortcomings, recommendations, conclusion)
    (
        "Kết luận kiểm tra việc chấp hành pháp luật về viễn thông tại các doanh nghiệp",
        "Kiểm tra việc quản lý thông tin thuê bao, chất lượng dịch vụ và xây dựng trạm phát sóng của ba doanh nghiệp viễn thông.",
        "concluded",
        (2026, 3, 2),
        (2026, 3, 20),
        "Thanh tra Sở Thông tin và Truyền thông",
        ["Viễn thông Tiền Giang (VNPT)", "Viettel Tiền Giang", "MobiFone tỉnh Tiền Giang"],
        "Các doanh nghiệp cơ bản chấp hành quy định về đăng ký, lưu giữ thông tin thuê bao và báo cáo định kỳ.",
        "Một số điểm cung cấp dịch vụ chưa niêm yết giá cước; 12 trạm phát sóng chưa hoàn tất hồ sơ cấp phép xây dựng.",
        "Yêu cầu doanh nghiệp niêm yết giá đầy đủ và hoàn thiện hồ sơ cấp phép trong 60 ngày.",
        "Không phát hiện vi phạm phải xử phạt; doanh nghiệp báo cáo kết quả khắc phục trước ngày 30/6/2026.",
    ),
    (
        "Kết luận thanh tra hoạt động in trên địa bàn thành phố Mỹ Tho",
        "Thanh tra việc cấp phép, lưu trữ hồ sơ và sổ sách quản lý ấn phẩm tại các cơ sở in.",
        "concluded",
        (2025, 11, 3),
        (2025, 11, 28),
        "Đoàn thanh tra liên ngành của Sở",
        ["Công ty TNHH In Mỹ Tho", "Cơ sở in Phước Thạnh"],
        "Các cơ sở có giấy phép hoạt động in còn hiệu lực, có sổ quản lý ấn phẩm nhận in.",
        "Một cơ sở chưa lưu đủ bản mẫu ấn phẩm theo quy định; thiết bị in chưa đăng ký bổ sung.",
        "Đề nghị cơ sở lưu trữ đủ bản mẫu và đăng ký thiết bị in với Sở.",
        "Xử phạt vi phạm hành chính một trường hợp với số tiền 7.500.000 đồng.",
    ),
    (
        "Kiểm tra công tác bảo đảm an toàn thông tin tại các sở, ngành",
        "Kiểm tra việc phân loại, bảo vệ hệ thống thông tin theo cấp độ và xử lý lỗ hổng bảo mật.",
        "in_progress",
        (2026, 5, 11),
        None,
        "Đoàn kiểm tra của Sở Thông tin và Truyền thông",
        ["Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Xây dựng"],
        "Đoàn đã làm việc với hai trên bốn đơn vị; các đơn vị đã phê duyệt hồ sơ đề xuất cấp độ.",
        "",
        "",
        "",
    ),
    (
        "Kết luận kiểm tra hoạt động bưu chính năm 2025",
        "Kiểm tra việc cung cấp dịch vụ bưu chính công ích và bảo đảm an toàn bưu gửi.",
        "concluded",
        (2025, 8, 4),
        (2025, 8, 15),
        "Thanh tra Sở Thông tin và Truyền thông",
        ["Bưu điện tỉnh Tiền Giang", "Chi nhánh Viettel Post Tiền Giang"],
        "Các doanh nghiệp duy trì mạng lưới điểm phục vụ, có quy trình kiểm soát bưu gửi.",
        "Một số điểm phục vụ chưa niêm yết thời gian toàn trình.",
        "Niêm yết đầy đủ thông tin dịch vụ tại tất cả điểm phục vụ.",
        "Kết thúc kiểm tra; doanh nghiệp đã khắc phục trong thời gian kiểm tra.",
    ),
    (
        "Kiểm tra hoạt động của trang thông tin điện tử tổng hợp",
        "Kiểm tra việc tuân thủ giấy phép, nguồn tin và người chịu trách nhiệm nội dung của các trang tin.",
        "in_progress",
        (2026, 6, 1),
        (2026, 6, 30),
        "Thanh tra Sở Thông tin và Truyền thông",
        ["Trang tin điện tử tổng hợp Tiền Giang 24h"],
        "Đoàn đang xác minh nguồn tin của 40 bài viết đăng trong quý II.",
        "",
        "",
        "",
    ),
]
