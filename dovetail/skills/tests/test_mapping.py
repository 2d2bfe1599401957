"""Chinese text reaches a mapping taxonomy without Chinese labels through its crosswalks."""

import pytest

from dovetail.core.tasks import Progress
from dovetail.skills.frameworks import import_skills_csv
from dovetail.skills.mapping import map_texts

pytestmark = pytest.mark.django_db

WELD = "urn:dovetail:trades:weld"


@pytest.fixture
def english_target(persona, settings):
    """An English-only mapping taxonomy and a Chinese framework crosswalked onto it."""
    admin = persona("admin")
    frameworks = {
        "trades": "code,label,alt_labels\n"
        "weld,manual arc welding,stick welding\n"
        "draw,read engineering drawings,\n",
        "cn-vsl": "code,label_zh,matches\n"
        f"arc,手工电弧焊,{WELD}\n"
        "drawings,识读机械图纸,narrow=urn:dovetail:trades:draw\n",
    }
    for slug, content in frameworks.items():
        import_skills_csv(
            f"{slug}.csv", content.encode(), slug=slug, title=slug, by=admin, progress=Progress()
        )
    settings.DOVETAIL_MAPPING_TAXONOMY = "trades"


def test_a_chinese_advert_lands_on_the_english_taxonomy_through_exact_crosswalks(english_target):
    seen = []
    english, chinese = map_texts(
        ["Experience with stick welding", "招聘焊工：要求能手工电弧焊，识读机械图纸"],
        progress=lambda done, total: seen.append((done, total)),
    )
    assert english[0]["uri"] == WELD
    # the drawings skill is only a narrower match of its Chinese counterpart, so it is not implied
    assert [(m["uri"], m["span"]) for m in chinese] == [(WELD, "手工电弧焊")]
    assert chinese[0]["label"] == "manual arc welding"
    assert seen[-1] == (2, 2)


def test_a_taxonomy_with_chinese_labels_maps_chinese_text_itself(english_target, settings):
    settings.DOVETAIL_MAPPING_TAXONOMY = "cn-vsl"
    [matches] = map_texts(["要求能手工电弧焊"])
    assert matches[0]["uri"] == "urn:dovetail:cn-vsl:arc"


def test_the_taxonomies_page_names_the_framework_chinese_text_goes_through(
    english_target, client_as
):
    page = client_as("teacher").get("/skills/taxonomies/").content.decode()
    assert "Chinese text is mapped onto cn-vsl and carried across its crosswalks." in page
