"""CASE 1.0 packages and simple CSV frameworks load beside each other, with crosswalks."""

import json

import pytest

from dovetail.core.errors import ServiceError
from dovetail.core.tabular import ImportFailed
from dovetail.core.tasks import Progress
from dovetail.skills.frameworks import import_case, import_skills_csv
from dovetail.skills.models import Crosswalk, Skill, Taxonomy

pytestmark = pytest.mark.django_db

CNC = "urn:dovetail:default:skill:cnc-machining"


def case_package(*, statement="Operate a CNC lathe safely"):
    doc = "urn:case:doc:mech-2026"
    return {
        "CFDocument": {
            "identifier": "mech-2026",
            "uri": doc,
            "title": "Mechatronics competencies",
            "creator": "Regional skills board",
            "version": "2026",
        },
        "CFItems": [
            {
                "identifier": "m1",
                "uri": "urn:case:item:m1",
                "fullStatement": "Machining",
                "humanCodingScheme": "M",
                "CFItemType": "Domain",
            },
            {
                "identifier": "m1.1",
                "uri": "urn:case:item:m1.1",
                "fullStatement": statement,
                "humanCodingScheme": "M.1",
                "educationLevel": ["4"],
                "conceptKeywords": ["CNC turning"],
            },
            {
                "identifier": "m1.2",
                "uri": "urn:case:item:m1.2",
                "fullStatement": "读懂机械图纸",
                "language": "zh",
                "humanCodingScheme": "M.2",
            },
        ],
        "CFAssociations": [
            {
                "identifier": "a1",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "m1", "uri": "urn:case:item:m1"},
                "destinationNodeURI": {"identifier": "mech-2026", "uri": doc},
            },
            {
                "identifier": "a2",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "m1.1", "uri": "urn:case:item:m1.1"},
                "destinationNodeURI": {"identifier": "m1", "uri": "urn:case:item:m1"},
            },
            {
                "identifier": "a3",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "m1.2", "uri": "urn:case:item:m1.2"},
                "destinationNodeURI": {"identifier": "m1", "uri": "urn:case:item:m1"},
            },
            {
                "identifier": "a4",
                "associationType": "exactMatchOf",
                "originNodeURI": {"identifier": "m1.1", "uri": "urn:case:item:m1.1"},
                "destinationNodeURI": {"identifier": "cnc", "uri": CNC},
            },
        ],
    }


@pytest.fixture
def admin(persona):
    return persona("admin")


def load_case(admin, package):
    return import_case("mech.json", json.dumps(package).encode(), by=admin, progress=Progress())


def test_a_case_package_loads_its_tree_chinese_labels_and_crosswalks_idempotently(admin):
    result = load_case(admin, case_package())
    assert result == {"taxonomy": "mech-2026", "skills": 3, "crosswalks": 1, "unmatched": 0}
    taxonomy = Taxonomy.objects.get(slug="mech-2026")
    lathe = Skill.objects.get(taxonomy=taxonomy, code="M.1")
    assert lathe.parent.label == "Machining" and lathe.parent.kind == Skill.Kind.GROUP
    assert lathe.level == "4" and lathe.alt_labels == "CNC turning"
    assert Skill.objects.get(taxonomy=taxonomy, code="M.2").label_zh == "读懂机械图纸"
    assert Crosswalk.objects.get(source=lathe).target.uri == CNC

    load_case(admin, case_package(statement="Operate a CNC lathe"))
    assert Skill.objects.filter(taxonomy=taxonomy).count() == 3
    assert Skill.objects.get(taxonomy=taxonomy, code="M.1").label == "Operate a CNC lathe"


def test_a_malformed_case_item_is_named_and_nothing_is_written(admin):
    package = case_package()
    del package["CFItems"][1]["uri"]
    with pytest.raises(ImportFailed) as failure:
        load_case(admin, package)
    assert "mech.json CFItems, row 2, column 'uri': is missing" in str(failure.value)
    assert not Taxonomy.objects.filter(slug="mech-2026").exists()


def test_a_csv_framework_with_chinese_labels_levels_and_matches(admin):
    content = (
        "code,label,label_zh,parent_code,level,alt_labels,matches\n"
        "weld,Welding,焊接,,,,\n"
        "weld-arc,manual arc welding,手工电弧焊,weld,4,stick welding;SMAW,close=" + CNC + "\n"
    ).encode()
    result = import_skills_csv(
        "welder.csv", content, slug="cn-vsl-welder", title="焊工", by=admin, progress=Progress()
    )
    assert result["skills"] == 2 and result["crosswalks"] == 1
    arc = Skill.objects.get(taxonomy__slug="cn-vsl-welder", code="weld-arc")
    assert (arc.label_zh, arc.level, arc.parent.code) == ("手工电弧焊", "4", "weld")
    assert arc.alt_labels.splitlines() == ["stick welding", "SMAW"]
    assert Crosswalk.objects.get(source=arc).relation == Crosswalk.Relation.CLOSE


def test_a_csv_row_naming_a_missing_parent_is_refused(admin):
    content = b"code,label,parent_code\nweld-arc,manual arc welding,weld\n"
    with pytest.raises(ImportFailed) as failure:
        import_skills_csv("welder.csv", content, slug="w", title="w", by=admin, progress=Progress())
    assert "welder.csv, row 2, column 'parent_code': no row has code 'weld'" in str(failure.value)
    assert not Taxonomy.objects.filter(slug="w").exists()


def test_only_administrators_load_frameworks(persona):
    with pytest.raises(ServiceError):
        load_case(persona("coordinator"), case_package())


def test_administrators_load_a_framework_on_the_taxonomies_page(client_as, tmp_path):
    upload = tmp_path / "welder.csv"
    upload.write_text("code,label,label_zh\nweld,Welding,焊接\n", encoding="utf-8")
    with upload.open("rb") as file:
        response = client_as("admin").post(
            "/skills/taxonomies/", {"kind": "csv", "file": file, "slug": "welder"}
        )
    assert response.status_code == 302 and "/tasks/" in response["Location"]
    assert Skill.objects.get(taxonomy__slug="welder", code="weld").label_zh == "焊接"
    page = client_as("teacher").get("/skills/taxonomies/")
    assert b"welder" in page.content and b"Load a framework" not in page.content
    with upload.open("rb") as file:
        refused = client_as("teacher").post(
            "/skills/taxonomies/", {"kind": "csv", "file": file, "slug": "w2"}
        )
    assert refused.status_code == 403
