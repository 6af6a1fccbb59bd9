/* templates.c - the slip layouts of each rule set (see templates.h). The
 * form numbers and titles are unconfirmed against the circulars' annexes
 * (DOMAIN.md §5): they are data here so that a correction is a line. */
#include "render/templates.h"

#include <string.h>

#include "core/banned.h"

#define N(a) (sizeof(a) / sizeof(a[0]))
#define BLOCKS(b) b, N(b), 0
#define LANDSCAPE(b) b, N(b), 1
#define TABLE(src, cols)                                                                                               \
    {                                                                                                                  \
        MC_TPL_TABLE, NULL, NULL, src, cols, N(cols)                                                                   \
    }
#define P(t)                                                                                                           \
    {                                                                                                                  \
        MC_TPL_PARA, t, NULL, NULL, NULL, 0                                                                            \
    }
#define CENTER(t)                                                                                                      \
    {                                                                                                                  \
        MC_TPL_CENTER, t, NULL, NULL, NULL, 0                                                                          \
    }
#define SIGN(l, r)                                                                                                     \
    {                                                                                                                  \
        MC_TPL_SIGN, l, r, NULL, NULL, 0                                                                               \
    }
#define SPACE                                                                                                          \
    {                                                                                                                  \
        MC_TPL_SPACE, NULL, NULL, NULL, NULL, 0                                                                        \
    }
#define TITLE                                                                                                          \
    {                                                                                                                  \
        MC_TPL_TITLE, NULL, NULL, NULL, NULL, 0                                                                        \
    }
#define QR                                                                                                             \
    {                                                                                                                  \
        MC_TPL_QR, "{lookup_url}", NULL, NULL, NULL, 0                                                                 \
    }
#define HEADER                                                                                                         \
    {                                                                                                                  \
        MC_TPL_HEADER, "{parent}\n*{agency}\n_\nSố: {code}",                                                           \
            "*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n*Độc lập - Tự do - Hạnh phúc\n_\n{place}, {today_long}", NULL, NULL, \
            0                                                                                                          \
    }

#define SIGNATURE "\n(Ký và ghi rõ họ tên)\n \n \n \n"

/* ---- components tables ---- */

static const struct mc_tpl_col components_2025[] = {
    {"TT", 0.07f, "{n}"},
    {"Tên thành phần hồ sơ", 0.48f, "{c.name}"},
    {"Bản chính", 0.14f, "{c.originals}"},
    {"Bản sao có chứng thực", 0.17f, "{c.copies}"},
    {"Bản photo", 0.14f, "{c.photocopies}"},
};

static const struct mc_tpl_col components_2018[] = {
    {"TT", 0.07f, "{n}"},
    {"Tên giấy tờ", 0.53f, "{c.name}"},
    {"Hình thức (bản chính, bản sao, bản photo)", 0.28f, "{c.forms}"},
    {"Số lượng", 0.12f, "{c.total}"},
};

/* ---- 01 receipt and appointment slip ---- */

#define RECEIPT_HEAD                                                                                                   \
    HEADER, TITLE, CENTER("Mã hồ sơ: {code}"), SPACE, P("{agency} tiếp nhận hồ sơ của:"),                              \
        P("Ông/Bà: {applicant_name}"), P("Giấy tờ tùy thân: {applicant_id_kind} số {applicant_id}"),                   \
        P("Địa chỉ: {applicant_address}"), P("Số điện thoại: {applicant_phone}. Thư điện tử: {applicant_email}"),      \
        P("Nội dung yêu cầu giải quyết: {procedure_name} (mã thủ tục {procedure_code})"),                              \
        P("Chủ hồ sơ: {owner_name}. Địa chỉ: {owner_address}"), P("Kênh nộp hồ sơ: {channel}. Phí, lệ phí: {fee}"),    \
        P("1. Thành phần hồ sơ nộp gồm:")

#define RECEIPT_TAIL                                                                                                   \
    P("2. Số lượng thành phần hồ sơ: {components_count}"), P("3. Thời gian giải quyết theo quy định: {time}"),         \
        P("4. Thời gian nhận hồ sơ: {received_at}"), P("5. Thời gian trả kết quả giải quyết hồ sơ: {due_at}"),         \
        P("6. Nhận kết quả tại: {agency}"), SPACE, QR,                                                                 \
        CENTER("Quét mã QR hoặc truy cập {lookup_url} để tra cứu hồ sơ"), SPACE,                                       \
        SIGN("*NGƯỜI NỘP HỒ SƠ" SIGNATURE "{applicant_name}", "*NGƯỜI TIẾP NHẬN HỒ SƠ" SIGNATURE "{officer}")

static const struct mc_tpl_block receipt_2025[] = {RECEIPT_HEAD, TABLE("components", components_2025), RECEIPT_TAIL};
static const struct mc_tpl_block receipt_2018[] = {RECEIPT_HEAD, TABLE("components", components_2018), RECEIPT_TAIL};

/* ---- 02 supplement request (and the guidance slip of an online submission) ---- */

static const struct mc_tpl_block supplement[] = {
    HEADER,
    TITLE,
    CENTER("Mã hồ sơ: {code}"),
    SPACE,
    P("{agency} tiếp nhận hồ sơ của: {applicant_name}"),
    P("Nội dung yêu cầu giải quyết: {procedure_name}"),
    P("Ngày nộp hồ sơ: {submitted_at}"),
    P("Hồ sơ cần bổ sung, hoàn thiện những nội dung sau:"),
    P("*{reason}"),
    P("Thành phần hồ sơ đã nộp:"),
    TABLE("components", components_2025),
    P("Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ {officer} ({act_agency}) để được "
      "hướng dẫn. Thời gian xử lý tạm dừng từ {act_at} cho đến khi hồ sơ được bổ sung."),
    SPACE,
    SIGN(" ", "*NGƯỜI HƯỚNG DẪN" SIGNATURE "{officer}"),
};

/* ---- 03 refusal ---- */

static const struct mc_tpl_block refusal[] = {
    HEADER,
    TITLE,
    CENTER("Mã hồ sơ: {code}"),
    SPACE,
    P("{agency} tiếp nhận hồ sơ của: {applicant_name}"),
    P("Địa chỉ: {applicant_address}. Số điện thoại: {applicant_phone}"),
    P("Nội dung yêu cầu giải quyết: {procedure_name}"),
    P("Sau khi xem xét, đối chiếu thành phần hồ sơ, {agency} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ "
      "thể như sau:"),
    P("*{reason}"),
    P("Xin thông báo để ông/bà được biết và thực hiện. Thời điểm từ chối: {act_at}."),
    SPACE,
    SIGN(" ", "*NGƯỜI TIẾP NHẬN HỒ SƠ" SIGNATURE "{officer}"),
};

/* ---- 04 apology and new appointment ---- */

static const struct mc_tpl_block apology[] = {
    HEADER,
    TITLE,
    CENTER("Mã hồ sơ: {code}"),
    SPACE,
    P("Kính gửi: {applicant_name}"),
    P("Ngày {received_date}, {agency} tiếp nhận hồ sơ của ông/bà về việc: {procedure_name}. Thời gian hẹn trả "
      "kết quả giải quyết hồ sơ: {old_due}."),
    P("Tuy nhiên đến nay hồ sơ chưa được giải quyết xong. Đơn vị làm chậm: {delay_unit}"),
    P("Lý do chậm: {reason}"),
    P("Sự chậm trễ này đã gây phiền hà cho ông/bà. {delay_unit} xin lỗi ông/bà và hẹn trả kết quả vào: {new_due}"),
    SPACE,
    SIGN(" ", "*THỦ TRƯỞNG ĐƠN VỊ" SIGNATURE "{officer}"),
};

/* ---- 05 stop notice; payment request ---- */

#define NOTICE_HEAD                                                                                                    \
    HEADER, TITLE, CENTER("Mã hồ sơ: {code}"), SPACE, P("Kính gửi: {applicant_name}"),                                 \
        P("Địa chỉ: {applicant_address}"),                                                                             \
        P("Hồ sơ về việc {procedure_name}, tiếp nhận lúc {received_at}, hẹn trả {due_at}.")
#define NOTICE_TAIL                                                                                                    \
    P("*{reason}"), P("Thời điểm thông báo: {act_at}. Đơn vị: {act_agency}."), SPACE,                                  \
        SIGN(" ", "*NGƯỜI THÔNG BÁO" SIGNATURE "{officer}")

static const struct mc_tpl_block stop_notice[] = {
    NOTICE_HEAD, P("{act_agency} thông báo dừng xử lý hồ sơ của ông/bà với lý do sau:"), NOTICE_TAIL};
static const struct mc_tpl_block payment_request[] = {
    NOTICE_HEAD, P("Để tiếp tục giải quyết hồ sơ, đề nghị ông/bà thực hiện nghĩa vụ tài chính như sau:"), NOTICE_TAIL};

/* ---- 06 processing-control sheet ---- */

static const struct mc_tpl_col handovers[] = {
    {"TT", 0.05f, "{n}"},
    {"Bên giao (cơ quan, người)", 0.18f, "{h.agency}\n{h.actor}"},
    {"Bên nhận", 0.16f, "{h.next}"},
    {"Thời gian giao, nhận", 0.14f, "{h.at}"},
    {"Kết quả (trước hạn / đúng hạn / quá hạn)", 0.13f, "{h.result}"},
    {"Ghi chú", 0.18f, "{h.action}{h.comment}"},
    {"Bên giao ký", 0.08f, ""},
    {"Bên nhận ký", 0.08f, ""},
};

static const struct mc_tpl_block control_sheet[] = {
    HEADER,
    TITLE,
    CENTER("Kèm theo hồ sơ mã {code}"),
    SPACE,
    P("Người nộp: {applicant_name}. Địa chỉ: {applicant_address}"),
    P("Nội dung yêu cầu giải quyết: {procedure_name}"),
    P("Cơ quan tiếp nhận: {agency}. Cơ quan giải quyết: {processing_agency}"),
    P("Thời gian nhận hồ sơ: {received_at}. Thời gian hẹn trả kết quả: {due_at}. Trạng thái: {status}"),
    TABLE("history", handovers),
};

/* ---- the result receipt ---- */

static const struct mc_tpl_block result_receipt[] = {
    HEADER,
    TITLE,
    CENTER("Mã hồ sơ: {code}"),
    SPACE,
    P("Người nhận kết quả: {applicant_name}"),
    P("Giấy tờ tùy thân: {applicant_id_kind} số {applicant_id}"),
    P("Nội dung yêu cầu giải quyết: {procedure_name}"),
    P("Kết quả giải quyết: số {result_code}"),
    P("Thời gian hẹn trả: {due_at}. Thời gian trả kết quả: {act_at}"),
    P("Kết quả giải quyết so với hẹn: {finish_result}"),
    SPACE,
    SIGN("*NGƯỜI NHẬN KẾT QUẢ" SIGNATURE "{applicant_name}", "*NGƯỜI TRẢ KẾT QUẢ" SIGNATURE "{officer}"),
};

/* ---- 07 dossier tracking register ---- */

static const struct mc_tpl_col register_cols[] = {
    {"TT", 0.04f, "{n}"},
    {"Mã hồ sơ", 0.2f, "{r.code}"},
    {"Tên thủ tục hành chính", 0.22f, "{r.procedure}"},
    {"Người nộp", 0.15f, "{r.applicant}"},
    {"Ngày nhận", 0.08f, "{r.received}"},
    {"Hẹn trả", 0.08f, "{r.due}"},
    {"Ngày kết thúc", 0.08f, "{r.finished}"},
    {"Trạng thái", 0.15f, "{r.status}"},
};

static const struct mc_tpl_block register_book[] = {
    {MC_TPL_HEADER, "{register_parent}\n*{register_agency}\n_",
     "*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n*Độc lập - Tự do - Hạnh phúc\n_\n{place}, {today_long}", NULL, NULL, 0},
    TITLE,
    CENTER("Từ ngày {from} đến ngày {to}"),
    CENTER("Số hồ sơ: {rows_count}{rows_note}"),
    SPACE,
    TABLE("register", register_cols),
};

/* ---- the rule sets ---- */

#define C2025 "Ban hành kèm theo Thông tư số 03/2025/TT-VPCP"
#define C2018 "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP"

static const struct mc_slip_template templates[] = {
    {"03/2025", "receipt", "Mẫu số 01", C2025, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", BLOCKS(receipt_2025)},
    {"03/2025", "supplement_request", "Mẫu số 02", C2025, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
     BLOCKS(supplement)},
    {"03/2025", "supplement_guidance", "Mẫu số 02", C2025, "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ", BLOCKS(supplement)},
    {"03/2025", "refusal", "Mẫu số 03", C2025, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", BLOCKS(refusal)},
    {"03/2025", "apology", "Mẫu số 04", C2025, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", BLOCKS(apology)},
    {"03/2025", "stop_notice", "Mẫu số 05", C2025, "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ", BLOCKS(stop_notice)},
    {"03/2025", "payment_request", "Mẫu số 05", C2025, "THÔNG BÁO THỰC HIỆN NGHĨA VỤ TÀI CHÍNH",
     BLOCKS(payment_request)},
    {"03/2025", "control_sheet", "Mẫu số 06", C2025, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
     BLOCKS(control_sheet)},
    {"03/2025", "result_receipt", "Mẫu số 01", C2025, "PHIẾU TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ", BLOCKS(result_receipt)},
    {"03/2025", "register", "Mẫu số 07", C2025, "SỔ THEO DÕI HỒ SƠ", LANDSCAPE(register_book)},

    {"01/2018", "receipt", "Mẫu số 01", C2018, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", BLOCKS(receipt_2018)},
    {"01/2018", "supplement_request", "Mẫu số 02", C2018, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
     BLOCKS(supplement)},
    {"01/2018", "supplement_guidance", "Mẫu số 02", C2018, "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ", BLOCKS(supplement)},
    {"01/2018", "refusal", "Mẫu số 03", C2018, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", BLOCKS(refusal)},
    {"01/2018", "apology", "Mẫu số 04", C2018, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", BLOCKS(apology)},
    {"01/2018", "stop_notice", "Mẫu (nội bộ)", C2018, "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ", BLOCKS(stop_notice)},
    {"01/2018", "payment_request", "Mẫu (nội bộ)", C2018, "THÔNG BÁO THỰC HIỆN NGHĨA VỤ TÀI CHÍNH",
     BLOCKS(payment_request)},
    {"01/2018", "control_sheet", "Mẫu số 05", C2018, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
     BLOCKS(control_sheet)},
    {"01/2018", "result_receipt", "Mẫu (nội bộ)", C2018, "PHIẾU TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ", BLOCKS(result_receipt)},
    {"01/2018", "register", "Mẫu số 06", C2018, "SỔ THEO DÕI HỒ SƠ", LANDSCAPE(register_book)},
};

const struct mc_slip_template *mc_slip_template_find(const char *rules, const char *kind)
{
    for (size_t i = 0; i < N(templates); i++)
        if (!strcmp(templates[i].rules, rules) && !strcmp(templates[i].kind, kind))
            return &templates[i];
    return NULL;
}

int mc_slip_rules_known(const char *rules)
{
    return mc_slip_template_find(rules, "receipt") != NULL;
}

const struct mc_slip_template *mc_slip_templates(size_t *n)
{
    *n = N(templates);
    return templates;
}
