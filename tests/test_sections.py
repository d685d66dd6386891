import pytest

from juesuan_extract.text import heading_level


@pytest.mark.parametrize("text,level", [
    ("第一部分单位概况", 1),
    ("一、主要职能", 2),
    ("十二、其他需说明的事项", 2),
    ("（一）机关运行经费支出情况", 3),
    ("(二)政府采购情况", 3),
    ("1.科学技术支出", 4),
    ("一、财政拨款收入：指同级财政当年拨付的资金。", None),  # a definition, not a title
    ("1.科学技术支出(类)556.55万元,占99.24%。", None),
    ("2023年度收入总计619.53万元", None),
    ("12.5万元", None),
])
def test_heading_level(text, level):
    assert heading_level(text) == level
