"""The geometry the records pages draw from."""

import pytest

from dovetail.records import charts


def test_a_full_radar_reaches_the_outer_ring():
    drawn = charts.radar([("Safety", 5), ("Quality", 5), ("Tools", 5), ("Team", 5)])
    assert drawn["shape"] == drawn["rings"][-1]
    assert [spoke["label"] for spoke in drawn["spokes"]] == ["Safety", "Quality", "Tools", "Team"]


def test_an_empty_group_sits_at_the_centre():
    drawn = charts.radar([("Safety", 0), ("Quality", 5), ("Tools", 5)])
    first = drawn["shape"].split()[0]
    assert first == f"{charts.CENTRE:.1f},{charts.CENTRE:.1f}"


@pytest.mark.parametrize(("value", "cell"), [(None, ("", 0)), (0.4, ("0.4", 1)), (3.6, ("3.6", 4))])
def test_heat_cells_shade_by_rounded_proficiency(value, cell):
    assert charts.heat(value) == cell


def test_the_agreement_track_marks_both_assessors():
    class Rated:
        def __init__(self, level):
            self.level = level

    rows = [
        {"criterion": "Safety", "teacher": Rated(0), "mentor": Rated(4), "flagged": True},
        {"criterion": "Quality", "teacher": None, "mentor": None, "flagged": False},
    ]
    drawn = charts.agreement(rows, level_count=5)
    [bar] = drawn["bars"]
    assert (bar["teacher_x"], bar["mentor_x"], bar["flagged"]) == ("240", "620", True)
    assert [tick["label"] for tick in drawn["ticks"]] == [1, 2, 3, 4, 5]


def test_long_labels_wrap_and_fit_inside_the_picture():
    label = "Operating and maintaining production machinery"
    radar = charts.radar([(label, 3.0), ("Safety", 4.0), ("电池模组装配与检测工艺规范", 2.0)])
    long, short, chinese = (spoke["lines"] for spoke in radar["spokes"])
    assert short == ["Safety (4.0)"]
    assert len(long) == 2 and all(len(line) <= charts.LABEL_LINE for line in long)
    assert long[0] == "Operating and" and long[1].endswith("…")
    assert len(chinese) == 2 and all(len(line) <= charts.LABEL_LINE // 2 for line in chinese)
    # the widest label (18 characters at 11 px, under 7 px each) fits within the margin
    left = float(radar["view_box"].split()[0])
    assert min(float(s["lx"]) for s in radar["spokes"]) - 7 * charts.LABEL_LINE >= left
