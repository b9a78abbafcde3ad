"""Chat Vietnamese -> the normal form: literal before/after pairs, both sides of each ambiguity."""

import pytest

from knowledge.colloquial import Vocabulary, canonical, parse_lexicon, telex_fold

PLANS = Vocabulary(knows=lambda w: w in {"han", "chu", "tri", "quyet", "toan", "thang", "bao", "cao", "thong", "he"},
                   terms=lambda: ["han", "chu", "tri", "quyet", "toan", "thang", "thong", "tong", "he"],
                   phrase_known=lambda words: words == "he thong", is_given_name=lambda w: w == "thach")


@pytest.mark.parametrize("typed, normal", [
    ("ai chủ trì t3", "ai chủ trì tháng 3"),
    ("thg 4 co viec gi", "tháng 4 co viec gì"),
    ("T.3 có gì", "tháng 3 có gì"),
    ("q2 có việc gì", "quý 2 có việc gì"),
    ("Q.II có việc gì", "quý 2 có việc gì"),
    ("hnay có hạn gì k", "hôm nay có hạn gì"),
    ("cv j k", "công việc gì"),
    ("bc quyết toán ai lm", "báo cáo quyết toán ai làm"),
    ("cho e hỏi ai chủ trì tiếp dân ạ", "ai chủ trì tiếp dân"),
    ("anh chị ơi ai chỉ đạo bầu cử vậy", "ai chỉ đạo bầu cử"),
    ("ad ơi hạn nộp bcao nhé", "hạn nộp báo cáo"),
    ("ai là người chỉ đạo bầu cử", "ai chỉ đạo bầu cử"),
    ("AI CHỦ TRÌ THÁNG 3?", "ai chủ trì tháng 3"),
    ("chào ad, ai chủ trì tháng 2 vậy ạ", "ai chủ trì tháng 2"),
    ("Phòng Văn hóa được phân công những gì", "Phòng Văn hóa làm gì"),
    ("kế hoạch này gồm những việc nào", "kế hoạch này có những việc gì"),
    ("tiếp công dân mấy tháng một lần", "tiếp công dân thời gian"),
    ("nhờ bạn tra giúp: bản báo cáo tổng kết hạn nào", "báo cáo tổng kết hạn nào"),   # "bạn" addresses; "bản" counts copies
    ("ban kinh tế ngân sách làm gì", "ban kinh tế ngân sách làm gì"),                 # bare "ban" is a committee
    ("dịch vụ công online", "dịch vụ công trực tuyến"),
    ("tháng 9 có việc nào đến hạn để em nhắc các phòng", "tháng 9 có việc nào đến hạn"),   # why one asks
    ("phòng KT ôm những việc gì", "phòng KT làm gì"),
    ("chủ tịch đích thân chỉ đạo những việc gì", "chủ tịch chỉ đạo những việc gì"),
    ("tháng 6 có những vụ gì đến hạn", "tháng 6 có những việc gì đến hạn"),   # "vụ" asked about is "việc" ...
    ("công dân có nghĩa vụ gì", "công dân có nghĩa vụ gì"),       # ... but not inside "nghĩa vụ"
    ("vụ tiếp dân ai lo", "tiếp dân ai lo"),                       # "vụ" alone: the matter of ...
    ("phòng nội vụ có việc gì", "phòng nội vụ có việc gì"),         # ... in "nội vụ", part of a word
    ("tiếp dân ai chỉ đạo, e cần báo lại cho bộ phận tiếp dân", "tiếp dân ai chỉ đạo"),   # the asker's own need
    ("giá vàng bao nhiêu", "giá vàng bao nhiêu"),                  # "nhiêu" of "bao nhiêu" is no "nhiều" ...
    ("ai chủ trì tiếp dân, cảm ơn nhiều", "ai chủ trì tiếp dân"),  # ... which, last, is dropped
])
def test_typed_question_reads_as_its_normal_form(typed, normal):
    assert canonical(typed).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("kh 13 có gì", "kế hoạch 13 có gì"),                 # kh before a number: a plan
    ("kh dân vận có gì", "kế hoạch dân vận có gì"),       # kh before a word: a plan
    ("kh cải cách hành chính có gì", "kế hoạch cải cách hành chính có gì"),  # "cải" is not the particle "cái"
    ("chào ad, xin chào, ai chủ trì tiếp công dân", "ai chủ trì tiếp công dân"),  # greeted twice
    ("p KT tháng 10 có gì", "phòng KT tháng 10 có gì"),            # p before a unit's letters: phòng
    ("p lê ích mộc tháng 10 có gì", "phường lê ích mộc tháng 10 có gì"),   # p before a name: phường
    ("tháng sau có nhg vc gì", "tháng sau có những việc gì"),      # vowels left out: one word, no initials
    ("ai trực tiếp chỉ đạo", "ai chỉ đạo"),
    ("có kh j về chuyển đổi số", "có kế hoạch gì về chuyển đổi số"),   # kh before "gì": what plan
    ("hn đối thoại ngày nào", "hội nghị đối thoại ngày nào"),   # hn before a kind of meeting: hội nghị
    ("hn có hạn gì", "hôm nay có hạn gì"),                       # elsewhere: hôm nay
    ("chủ trì nhũng việc gì", "chủ trì những việc gì"),          # a tone slip on "những"
    ("phòng chống tham nhũng", "phòng chống tham nhũng"),
    ("có hạn gì kh", "có hạn gì"),                        # kh at the end: không, then dropped
    ("đc Thạch chỉ đạo gì", "đồng chí Thạch chỉ đạo gì"),  # dc before a name: comrade
    ("kế hoạch đc duyệt", "kế hoạch được duyệt"),          # dc elsewhere: được
    ("mai có gì", "ngày mai có gì"),                       # mai: tomorrow
    ("chị Mai chỉ đạo gì", "chị Mai chỉ đạo gì"),          # Mai after a title: a name
    ("phó chủ tịch mai chỉ đạo gì", "phó chủ tịch mai chỉ đạo gì"),   # after an office too, typed in lower case
    ("vay vốn ưu đãi", "vay vốn ưu đãi"),                  # vay is no "vậy" when typed with marks
    ("trẻ em", "trẻ em"),                                  # em after trẻ is a topic
    ("nd báo cáo", "nội dung báo cáo"),                    # nd alone: nội dung
    ("ubnd phường", "ubnd phường"),                        # an acronym stays
    ("hnay mk có việc gì", "hôm nay có việc gì"),           # mk: mình, dropped
    ("phường MK có việc gì", "phường MK có việc gì"),      # in capitals: a ward's initials
])
def test_ambiguous_short_forms_follow_their_context(typed, normal):
    assert canonical(typed, PLANS).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("ai chur tri", "ai chu tri"),
    ("hanj nop", "han nop"),
    ("quyeets toans", "quyet toan"),
    ("tha1ng 3", "thang 3"),
    ("hệ tốhng", "hệ thong"),        # a swapped pair: the word standing by its neighbour in the plans
    ("thng 3", "thang 3"),           # a dropped letter
])
def test_keyboard_leftovers_and_typos_are_repaired_toward_plan_words(typed, normal):
    assert canonical(typed, PLANS).text == normal


def test_a_real_word_the_plans_lack_is_not_corrected_into_one_they_hold():
    assert canonical("giá vàng", PLANS).text == "giá vàng"


def test_unknown_letters_without_a_plan_word_near_stay_as_typed():
    assert canonical("xyzw", PLANS).text == "xyzw"
    assert telex_fold("hanj") == "han"


@pytest.mark.parametrize("typed, kind", [
    ("cảm ơn", "thanks"), ("tks ad nhé", "thanks"), ("xin chào", "greeting"), ("ok", "ok"),
    ("giúp tôi", "help"), ("chào ad", "greeting"),
])
def test_small_talk_is_recognised_as_a_whole_message(typed, kind):
    assert canonical(typed).small_talk == kind


def test_small_talk_words_inside_a_question_leave_the_question():
    assert canonical("cảm ơn, ai chủ trì tháng 3").small_talk == ""


def test_a_malformed_lexicon_line_names_its_line():
    with pytest.raises(ValueError, match=":2:"):
        parse_lexicon(["# comment", "nonsense"])


TYPED_WITH_CARE = Vocabulary(knows=lambda w: w in {"chung", "chuong", "trinh", "thuong", "truc", "thang"},
                             terms=lambda: ["chung", "chuong", "trinh", "thuong", "truc", "thang"],
                             phrase_known=lambda words: words in {"chuong trinh", "thuong truc"},
                             core=frozenset({"thang"}))


@pytest.mark.parametrize("typed, normal", [
    ("chưng trình công tác", "chuong trình công tác"),   # a held word, never beside its neighbour, one slip away from one that is
    ("thưng trực", "thuong trực"),                        # the hook typed on "ư" is kept: not "tháng"
])
def test_typed_hooks_and_plan_neighbours_decide_a_slip(typed, normal):
    assert canonical(typed, TYPED_WITH_CARE).text == normal


def test_a_held_word_beside_its_neighbour_stays():
    assert canonical("chung trình", Vocabulary(knows=lambda w: True, terms=lambda: ["chung", "chuong", "trinh"],
                                               phrase_known=lambda words: True)).text == "chung trình"


SLIPS_BOTH_WAYS = Vocabulary(knows=lambda w: w in {"hoa", "giai", "giua", "ngay"},
                             terms=lambda: ["hoa", "giai", "giua", "ngay"],
                             phrase_known=lambda words: words in {"hoa giai"},
                             core=frozenset({"giua"}))


def test_a_slip_the_plans_hold_beside_its_neighbour_beats_a_common_word():
    # "giau": "giữa" (two letters swapped, a common word) or "giải" (u next to i), held after "hòa"
    assert canonical("hoa giau co so", SLIPS_BOTH_WAYS).text == "hoa giai co so"


def test_without_a_neighbour_the_common_word_wins_the_slip():
    assert canonical("giau", SLIPS_BOTH_WAYS).text == "giua"


NAMED = Vocabulary(knows=lambda w: True, terms=lambda: [], names=frozenset({"nguyen", "the", "thach"}))


def test_a_filler_word_between_two_name_words_is_part_of_the_name():
    assert canonical("nguyễn thế thạch chỉ đạo gì", NAMED).text == "nguyễn thế thạch chỉ đạo gì"


def test_the_filler_outside_a_name_is_still_dropped():
    assert "thế" not in canonical("ai chỉ đạo việc đó thế", NAMED).text.split()


def test_a_filler_word_that_makes_a_plan_phrase_with_the_word_before_stays():
    phrases = Vocabulary(knows=lambda w: True, terms=lambda: [], phrase_known=lambda words: words == "cu the")
    assert canonical("có hạn cụ thể", phrases).text.endswith("cụ thể")


def test_the_same_word_after_another_is_the_filler_and_goes():
    phrases = Vocabulary(knows=lambda w: True, terms=lambda: [], phrase_known=lambda words: words == "cu the")
    assert not canonical("ai chủ trì thế", phrases).text.endswith("thế")


SERVICES = Vocabulary(knows=lambda w: True, terms=lambda: [],
                      phrase_known=lambda words: words in {"dich vu hanh", "du lieu dan"})


@pytest.mark.parametrize("typed, normal", [
    ("dv hành chính công", "dịch vụ hành chính công"),   # the plans say "dịch vụ hành chính"
    ("các dv phối hợp", "các đơn vị phối hợp"),          # elsewhere: đơn vị
    ("làm sạch dl dân cư", "làm sạch dữ liệu dân cư"),   # the plans say "dữ liệu dân cư"
    ("dl nộp báo cáo", "hạn nộp báo cáo"),               # elsewhere: deadline
    ("ĐA06 làm sạch", "đề án 06 làm sạch"),              # an acronym glued to its number
])
def test_a_short_form_reads_as_the_plans_phrase_it_starts(typed, normal):
    assert canonical(typed, SERVICES).text == normal


SWAPPED = Vocabulary(knows=lambda w: w in {"phuong", "phong"}, terms=lambda: ["phuong", "phong"],
                     phrase_known=lambda words: words == "2 phong", frequency=lambda w: {"phong": 9}.get(w, 1))


def test_a_repair_keeping_every_typed_letter_wins_over_one_dropping_a_letter():
    assert canonical("thang 2 phoung tan dinh", SWAPPED).text.endswith("2 phuong tan dinh")


def test_a_word_neighbour_the_plans_hold_outweighs_the_typed_letters_but_a_number_does_not():
    beside_a_word = Vocabulary(knows=SWAPPED.knows, terms=SWAPPED.terms, phrase_known=lambda words: words == "phong van")
    assert canonical("phoung van hoa", beside_a_word).text == "phong van hoa"
    assert canonical("2 phoung", SWAPPED).text == "2 phuong"


@pytest.mark.parametrize("typed, normal", [
    ("bhcqs xã hòa bình", "bchqs xã hòa bình"),      # two letters swapped
    ("ubmtq phường", "ubmttq phường"),              # one dropped
    ("bcq phường", "bcq phường"),                   # too short to tell from other initials
])
def test_initials_one_slip_from_an_abbreviation_are_that_abbreviation(typed, normal):
    assert canonical(typed, PLANS).text == normal


def test_initials_the_plans_spell_out_are_no_slip():
    plans = Vocabulary(initialisms=lambda: {"chqs": (("chi huy quan su", 3),)})
    assert canonical("ban chqs có gì", plans).text.startswith("ban ")
    assert "bchqs" not in canonical("ban chqs có gì", plans).text


def test_a_word_put_in_for_a_slip_carries_no_tone_in_a_question_typed_with_marks():
    repaired = canonical("việc tìrnh quyết toán", Vocabulary(knows=lambda w: w in {"trinh", "quyet", "toan"},
                                                            terms=lambda: ["trinh", "quyet", "toan"]))
    assert repaired.text == "việc trinh quyết toán" and repaired.repaired == {"trinh"}


@pytest.mark.parametrize("typed, normal", [
    ("anh chủ tịch bảo em hỏi báo cáo ktxh tháng 5 hạn ngày nào", "báo cáo ktxh tháng 5 hạn ngày nào"),
    ("mai họp rồi mà chưa rõ ai chủ trì tiếp công dân", "ai chủ trì tiếp công dân"),
    ("sếp hỏi là giao quân năm 2026 hạn ngày nào", "giao quân năm 2026 hạn ngày nào"),
    ("chưa rõ việc", "chưa rõ việc"),                        # too little after: no frame
])
def test_who_wants_to_know_said_before_the_question_is_dropped(typed, normal):
    assert canonical(typed).text == normal


NAMES = Vocabulary(knows=lambda w: w in {"quy", "che", "son", "tan", "dinh", "hoan"},
                   terms=lambda: ["quy", "che", "son", "tan", "dinh", "hoan"],
                   names=frozenset({"son", "tan", "dinh"}), core=frozenset({"hoan"}))


def test_a_slip_in_a_ward_s_name_after_the_word_for_ward_is_repaired():
    assert canonical("lịch phường Tân Địnhh tháng 3", NAMES).text.endswith("phường Tân dinh tháng 3")


def test_a_capitalised_word_elsewhere_is_a_name_spelled_as_its_bearer_does():
    assert "Địnhh" in canonical("ông Địnhh chỉ đạo gì", NAMES).text


@pytest.mark.parametrize("typed, normal", [
    ("ai chu tri song quy che", "ai chu tri song quy che"),       # a real word is not bent into a name ...
    ("anh soan chi dao gi", "anh son chi dao gì"),                # ... unless a name is said there
])
def test_a_real_word_typed_bare_becomes_a_name_only_after_a_title(typed, normal):
    assert canonical(typed, NAMES).text == normal


def test_a_real_word_is_bent_only_by_a_slip_a_thumb_makes():
    assert canonical("ai chu tri loan quy che", NAMES).text.split()[3] == "loan"     # l is far from h: no "hoan"


@pytest.mark.parametrize("typed, normal", [
    ("ai chủ tì làm sạch dữ liệu", "ai chủ tri làm sạch dữ liệu"),     # a role's short word cut by a slip
    ("tháng này có việc gì", "tháng này có việc gì"),                  # "tháng mấy" is no role: left alone
])
def test_a_slip_in_the_short_word_of_a_role_asked_about_is_repaired(typed, normal):
    assert canonical(typed, Vocabulary(cue_pairs=frozenset({"chu tri", "chi dao"}))).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("Kính chào, tôi là đại biểu HĐND xã Hòa Bình. Xin hỏi đợt giám sát do cơ quan nào chủ trì? Trân trọng cảm ơn.",
     "xã Hòa Bình đợt giám sát do cơ quan nào chủ trì"),
    ("Em chào anh chị, em mới về công tác ở Văn phòng phường Minh Khai. Anh chị cho em hỏi lịch tiếp dân là ngày nào?",
     "phường Minh Khai lịch tiếp dân ngày nào"),
    ("huấn luyện dân quân do lãnh đạo UBND nào chỉ đạo", "huấn luyện dân quân do ai chỉ đạo"),
])
def test_a_letter_s_greeting_introduction_and_asking_words_leave_the_ward_and_the_question(typed, normal):
    assert canonical(typed).text == normal


def test_an_introduction_naming_the_ward_keeps_only_the_ward():
    assert canonical("em là cán bộ văn phòng phường Việt Hoà, cho em hỏi hạn nộp báo cáo").text == \
        "phường Việt Hoà hạn nộp báo cáo"


def test_an_abbreviation_is_no_typo_to_repair():
    looked_up = []
    vocabulary = Vocabulary(knows=lambda w: w != "hdnd", terms=lambda: looked_up.append(1) or ["hdnd"])
    assert canonical("Thường trực HĐND tháng 6 có việc gì", vocabulary).text.startswith("Thường trực HĐND")
    assert not looked_up        # the plans' whole vocabulary is not read for it (0.6 s in a province's base)


@pytest.mark.parametrize("typed, normal", [
    ("ct công tác quý 1 có gì", "chương trình công tác quý 1 có gì"),   # the plans say "chương trình công …"
    ("ct chỉ đạo gì", "chủ tịch chỉ đạo gì"),                          # elsewhere: chủ tịch
])
def test_ct_is_a_programme_where_the_plans_name_one_so(typed, normal):
    plans = Vocabulary(phrase_known=lambda words: words == "chuong trinh cong")
    assert canonical(typed, plans).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("nhờ hệ thống liệt kê các nhiệm vụ", "các nhiệm vụ"),            # asking the bot to list
    ("nạo vét hệ thống thoát nước", "nạo vét hệ thống thoát nước"),   # a task's own words
    ("xin tổng hợp giúp các nhiệm vụ", "các nhiệm vụ"),
    ("ai tổng hợp báo cáo", "ai tổng hợp báo cáo"),
    ("anh chủ tịch bảo em tổng hợp những việc anh ấy chỉ đạo", "anh chủ tịch những việc chỉ đạo"),
    ("các nhiệm vụ đồng chí được phân công chỉ đạo", "các nhiệm vụ chỉ đạo"),   # "đồng chí" as "you"
    ("đồng chí Thạch chỉ đạo gì", "đồng chí Thạch chỉ đạo gì"),              # before a name: a title
])
def test_asking_the_bot_to_gather_a_list_carries_no_topic(typed, normal):
    assert canonical(typed, PLANS).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("theo chương trình công tác có việc gì", "chương trình công tác có việc gì"),   # which plan
    ("làm theo quy định", "làm theo quy định"),                                      # a task's own words
    ("tuyên truyền tần suất", "tuyên truyền thời gian"),                             # how often
])
def test_which_plan_and_how_often_are_read_as_asked(typed, normal):
    assert canonical(typed, PLANS).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("ai chủ trì soạn quy chế làm việc", "ai chủ trì xây dựng quy chế làm việc"),
    ("ai soạn quy chế", "ai chủ trì quy chế"),                      # "ai soạn": who does it
    ("vụ gặp gỡ doanh nhân ai lo", "gặp mặt doanh nhân ai lo"),
])
def test_what_people_call_a_duty_is_read_in_the_plans_verbs(typed, normal):
    assert canonical(typed, PLANS).text == normal


@pytest.mark.parametrize("typed, normal", [
    ("đề nghị thống kê các nhiệm vụ của phòng", "các nhiệm vụ của phòng"),     # an office request
    ("thống kê các hộ ở vùng sạt lở", "thống kê các hộ ở vùng sạt lở"),       # a task's own verb
    ("được assign những task nào", "những việc nào"),              # "được giao": scaffolding
])
def test_office_requests_and_english_office_words_read_as_asked(typed, normal):
    assert canonical(typed, PLANS).text == normal
