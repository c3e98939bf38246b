"""The loanword skeleton feature: Hangul loanwords meet the English word they come from."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.offline_language import _loanwords, _pairs
from reboot_adapters.offline_language._vocabulary import Vocabulary
from tests.unit.adapters.test_grouping import TableEmbedder

LOANS = [
    ("핸드쉐이크", "handshake"),
    ("쿼리셋", "queryset"),
    ("마이그레이션", "migration"),
    ("트랜잭션", "transaction"),
    ("셀렉트", "select"),
    ("템플릿", "template"),
    ("프로젝트", "project"),
    ("컨텍스트", "context"),
    ("장고", "django"),
]


def _close(hangul: str, english: str) -> float:
    return _loanwords.skeleton_closeness(
        _loanwords.hangul_skeleton(hangul), _loanwords.english_skeleton(english)
    )


@pytest.mark.parametrize(("hangul", "english"), LOANS)
def test_a_loanword_is_closer_to_its_english_word_than_to_the_others(hangul, english) -> None:
    own = _close(hangul, english)
    assert own > 0.9
    for _, other in LOANS:
        if other != english:
            assert own > _close(hangul, other)


def test_handshake_is_closer_to_its_hangul_spelling_than_window_is() -> None:
    assert _close("핸드쉐이크", "handshake") > _close("핸드쉐이크", "window") + 0.3


def test_skeletons_keep_consonant_classes_and_drop_what_korean_changes() -> None:
    assert _loanwords.english_skeleton("Handshake") == _loanwords.hangul_skeleton("핸드쉐이크")
    # f/p, r before a consonant, doubled letters
    assert _loanwords.english_skeleton("coffee") == _loanwords.english_skeleton("kopi")
    assert _loanwords.english_skeleton("port") == _loanwords.english_skeleton("pot")
    assert _loanwords.english_skeleton("") == _loanwords.hangul_skeleton("") == ""


def test_short_skeletons_and_scripts_are_sorted_apart() -> None:
    found = _loanwords.skeletons(["select_related", "뷰", "view", "쿼리셋", "if문", "3-way"])
    # "related" (LT), "뷰" and "view" (P) are too short to mean anything; "if문" is neither
    assert found == (["SLKT"], ["KLST"])


QUESTIONS = [
    ["핸드쉐이크", "횟수"],
    ["3-way", "handshake"],
    ["window", "크기"],
    ["쿼리셋", "실행"],
    ["queryset", "lazy"],
    ["차이"],
]


def test_pairs_join_across_scripts_and_not_within_one() -> None:
    close = _loanwords.closeness(QUESTIONS)
    assert close.shape == (6, 6)
    assert close[0, 1] > 0.9 and close[3, 4] > 0.9
    assert close[0, 1] > close[0, 2]
    assert close[1, 4] == 0.0  # two English words: the spelling feature's business
    assert np.all(close[5] == 0.0)  # a question without a long enough word matches nothing


words = st.lists(
    st.sampled_from([w for pair in LOANS for w in pair] + ["window", "크기", "차이", "n+1"]),
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=8), st.booleans())
def test_closeness_is_symmetric_bounded_and_order_free(questions, rare) -> None:
    close = _loanwords.closeness(questions, rare=rare)
    assert np.allclose(close, close.T)
    assert np.all((close >= 0.0) & (close <= 1.0 + 1e-5))
    order = np.random.default_rng(len(questions)).permutation(len(questions))
    moved = _loanwords.closeness([questions[i] for i in order], rare=rare)
    assert np.allclose(moved, close[np.ix_(order, order)])


def test_rare_matches_weigh_more_than_common_ones() -> None:
    common = [["장고", "설정"], ["django", "settings"]] + [["장고"]] * 6
    close = _loanwords.closeness([*common, ["쿼리셋"], ["queryset"]], rare=True)
    assert close[8, 9] > close[0, 1] > 0.0


def test_the_pair_features_carry_the_loanword_feature_when_asked() -> None:
    texts = ["핸드쉐이크 횟수", "3-way handshake 가 뭐예요", "쿼리셋 실행", "queryset 은 lazy"]
    embedder = TableEmbedder({text: [float(i), 1.0] for i, text in enumerate(texts)})
    plain = _pairs.pair_features(texts, Vocabulary(), embedder, [], [(0.0, 0.01)])
    found = _pairs.pair_features(
        texts, Vocabulary(), embedder, [], [(0.0, 0.01)], (*_pairs.FEATURES, "loanwords")
    )
    assert len(plain[0]) == len(_pairs.FEATURES)
    assert len(found[0]) == len(_pairs.FEATURES) + 1
    for before, after in zip(plain[0], found[0][:-1], strict=True):
        assert np.array_equal(before, after)
    assert found[0][-1][0, 1] > 0.9 and found[0][-1][0, 2] < 0.9


def test_a_weight_file_with_the_loanword_feature_loads_and_unknown_ones_do_not(tmp_path) -> None:
    features = (*_pairs.FEATURES, "loanwords_z")
    member = _pairs.Member((1.0, 0.5, 0.5, 2.0), -1.0, 0.0, 0.01)
    model = _pairs.PairModel((member,), 0.3, features)
    path = tmp_path / "loan.npz"
    model.save(path)
    assert _pairs.PairModel.load(path) == model
    with pytest.raises(ValueError):
        _pairs.pair_features(["a"], Vocabulary(), None, [], [], (*_pairs.FEATURES, "other"))
