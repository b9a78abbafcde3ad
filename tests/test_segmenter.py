"""Word segmentation loaded without the rest of underthesea gives underthesea's words."""

from pathlib import Path

import pytest

from knowledge.segmenter import _model_name, _word_tokenize_module, load_word_tokenize

SENTENCES = [
    "Phòng Văn hóa - Xã hội tháng 6 có việc gì",
    "ai chủ trì báo cáo quyết toán ngân sách năm 2025?",
    "Bác sĩ bây giờ có thể thản nhiên báo tin bệnh nhân bị ung thư",
    "Thường trực HĐND phường tiếp công dân định kỳ",
]


def test_the_words_are_underthesea_own():
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    word_tokenize = load_word_tokenize()
    module = _word_tokenize_module()
    fast_model = module.word_tokenize_model
    theirs = FastCRFSequenceTagger()      # loaded as underthesea loads it (joblib)
    theirs.load(str(Path(module.__file__).parent / "models" / _model_name(module)))
    ours = [word_tokenize(s) for s in SENTENCES]
    try:
        module.word_tokenize_model = theirs
        assert [word_tokenize(s) for s in SENTENCES] == ours
    finally:
        module.word_tokenize_model = fast_model
    assert ours[0] == ["Phòng", "Văn hóa", "-", "Xã hội", "tháng", "6", "có", "việc", "gì"]


def test_the_rest_of_underthesea_is_still_importable():
    load_word_tokenize()
    from underthesea import pos_tag, word_tokenize

    assert callable(pos_tag)
    assert word_tokenize("Xã hội") == ["Xã hội"]


def test_an_unknown_name_is_still_an_attribute_error():
    load_word_tokenize()
    import underthesea

    with pytest.raises(AttributeError):
        underthesea.no_such_pipeline  # noqa: B018
