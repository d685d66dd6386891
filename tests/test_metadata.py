"""A cover's title stops at the title."""

import pytest

from juesuan_extract.narrative.metadata import find_metadata, title_of


@pytest.mark.parametrize("cover, title", [
    (["临澜县文化馆", "2024年度部门决算公开说明", "二〇二五年八月"], "临澜县文化馆2024年度部门决算公开说明"),
    (["临澜县图书馆2024年度部门决算公开说明", "2025年8月"], "临澜县图书馆2024年度部门决算公开说明"),
    (["XX局2024年度部门决算", "公开说明", "2025年8月31日"], "XX局2024年度部门决算公开说明"),
    (["XX局2024年度部门决算", "编制单位：XX局"], "XX局2024年度部门决算"),
    # a year alone is no date line: it may be part of the title
    (["XX局", "2024年度", "部门决算"], "XX局2024年度部门决算"),
])
def test_title_of(cover, title):
    assert title_of(cover) == title


def test_metadata_comes_from_the_title_not_the_date():
    meta = find_metadata([title_of(["临澜县文化馆", "2024年度部门决算公开说明", "2025年8月"])], "")
    assert (meta.unit_name, meta.fiscal_year, meta.doc_kind) == ("临澜县文化馆", 2024, "部门决算")
