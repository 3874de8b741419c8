"""Chinese documents against English papers, with the real multilingual encoder."""

from __future__ import annotations

from stcoop.engines.affinity import Paper, affinity_scores

ARCHIVES = {
    "ml": [
        Paper(
            "m1",
            "Deep learning for image recognition",
            "Convolutional neural networks classify images with high accuracy.",
        ),
        Paper("m2", "Training neural networks", "Stochastic gradient descent trains deep models."),
    ],
    "water": [
        Paper("w1", "Groundwater pollution", "Nitrate contamination of aquifers from agriculture."),
        Paper("w2", "River water quality", "Monitoring heavy metals in river water and sediments."),
    ],
}
CHINESE = [
    Paper(
        "zh-ml",
        "基于卷积神经网络的图像识别",
        "本文提出一种深度学习方法，用卷积神经网络对图像进行分类。",
    ),
    Paper("zh-water", "地下水污染研究", "研究农业活动造成的地下水硝酸盐污染和河流水质。"),
]


def test_chinese_submissions_find_english_experts() -> None:
    scores = affinity_scores(ARCHIVES, CHINESE)
    assert scores["ml"]["zh-ml"] > scores["ml"]["zh-water"]
    assert scores["water"]["zh-water"] > scores["water"]["zh-ml"]


def test_mixed_languages_do_not_penalise_the_chinese_submission() -> None:
    # An English submission on the topic shares words with the ML papers; the Chinese one
    # shares none, yet it must still rank above an off-topic English one for that expert.
    english = [
        Paper("en-ml", "Neural networks for images", "Deep convolutional networks for images."),
        Paper("en-off", "Medieval trade routes", "Merchants crossed the Alps in the 13th century."),
    ]
    scores = affinity_scores(ARCHIVES, [*english, *CHINESE])["ml"]
    assert scores["zh-ml"] > scores["en-off"]
    assert scores["en-ml"] > scores["en-off"]


def test_chinese_experts_and_english_submission() -> None:
    archives = {"zh-ml": [CHINESE[0]], "zh-water": [CHINESE[1]]}
    submission = [ARCHIVES["water"][0], ARCHIVES["ml"][0]]
    scores = affinity_scores(archives, submission)
    assert scores["zh-water"]["w1"] > scores["zh-water"]["m1"]
    assert scores["zh-ml"]["m1"] > scores["zh-ml"]["w1"]
