"""Enterprises post demand one by one, in bulk, and over the API; each demand is mapped."""

import base64
import json

import pytest

from dovetail.cli import main
from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership, Organisation, Role
from dovetail.core.tabular import ImportFailed
from dovetail.skills import demand
from dovetail.skills.mapping import map_texts
from dovetail.skills.models import Demand, DemandSkill, MappedText

pytestmark = pytest.mark.django_db

ADVERT = (
    "We need a senior technician to program PLC control systems and keep care records. "
    "A bachelor's degree is required."
)


@pytest.fixture
def enterprise(persona):
    return Membership.objects.get(user=persona("hr"), role=Role.ENTERPRISE_HR).organisation


def row(**fields):
    return demand.DemandRow(
        **{"title": "PLC technician", "text": ADVERT, "posted_on": "2026-03-01", **fields}
    )


def test_a_posted_advert_is_mapped_with_its_evidence_and_levels(persona, enterprise):
    posted = demand.post_demand(enterprise, row(), by=persona("hr"))
    found = {s.skill.code: s for s in demand.demanded_skills(posted)}
    assert {"plc-programming", "care-records"} <= set(found)
    assert found["plc-programming"].span == "program PLC control systems"
    assert ADVERT[found["care-records"].start : found["care-records"].end] == "keep care records"
    # levels the form left empty are read from the text
    assert (posted.proficiency, posted.qualification_level) == (4, 6)


def test_only_the_enterprise_managers_post_its_demand(persona, enterprise):
    for username in ("mentor", "teacher", "learner"):
        with pytest.raises(ServiceError):
            demand.post_demand(enterprise, row(), by=persona(username))


def test_a_bulk_file_imports_all_or_nothing_and_reimports_by_reference(persona, enterprise):
    good = (
        "title,text,posted_on,reference,occupation,headcount\n"
        f'PLC technician,"{ADVERT}",2026-03-01,R1,CNC machine operator,3\n'
        'Carer,"provide daily care to older people",2026-03-02,R2,,1\n'
    ).encode()
    result = demand.import_demands(enterprise, "adverts.csv", good, by=persona("hr"))
    assert result == {"created": 2, "updated": 0, "mapped": 2}
    r1 = Demand.objects.get(enterprise=enterprise, reference="R1")
    assert r1.occupation.code == "cnc-operator" and r1.headcount == 3
    assert DemandSkill.objects.filter(demand=r1, skill__code="plc-programming").exists()

    changed = good.replace(b"R2,,1", b"R2,,4")
    again = demand.import_demands(enterprise, "adverts.csv", changed, by=persona("hr"))
    assert (again["created"], again["updated"]) == (0, 2)
    assert Demand.objects.get(enterprise=enterprise, reference="R2").headcount == 4

    before = Demand.objects.count()
    bad = b'title,text,posted_on,headcount\nA,"x",2026-13-01,1\nB,"y",2026-03-01,0\n'
    with pytest.raises(ImportFailed) as failure:
        demand.import_demands(enterprise, "bad.csv", bad, by=persona("hr"))
    message = str(failure.value)
    assert "bad.csv, row 2, column 'posted_on'" in message
    assert "bad.csv, row 3, column 'headcount'" in message
    assert Demand.objects.count() == before


def test_json_demand_names_the_item_at_fault(persona, enterprise):
    content = json.dumps(
        [{"title": "A", "text": "weld", "posted_on": "2026-01-01"}, {"title": "B"}]
    )
    with pytest.raises(ImportFailed) as failure:
        demand.import_demands(enterprise, "d.json", content.encode(), by=persona("hr"))
    assert "d.json, row 2, column 'text'" in str(failure.value)


def test_mapping_an_unchanged_text_again_comes_from_the_cache(django_assert_max_num_queries):
    first = map_texts([ADVERT, "give first aid"])
    cached = MappedText.objects.count()
    with django_assert_max_num_queries(4):  # taxonomy, its stamp, the cache: no mapping
        assert map_texts([ADVERT, "give first aid"]) == first
    assert MappedText.objects.count() == cached


def test_demand_is_seen_in_its_region_and_not_by_learners(persona, enterprise, other_college):
    posted = demand.post_demand(enterprise, row(), by=persona("hr"))
    for username in ("hr", "mentor", "teacher", "coordinator", "officer"):
        assert demand.demands_for(persona(username)).filter(pk=posted.pk).exists(), username
    assert not demand.demands_for(persona("learner")).filter(pk=posted.pk).exists()
    assert not demand.demands_for(other_college["coordinator"]).filter(pk=posted.pk).exists()


def test_pages_post_show_and_import_demand(client_as, enterprise, tmp_path):
    client = client_as("hr")
    response = client.post(
        "/skills/demand/new/",
        {
            "enterprise": enterprise.pk,
            "kind": "advert",
            "title": "PLC technician",
            "text": ADVERT,
            "headcount": 2,
            "posted_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b'<mark class="span" title="program PLC control systems">' in page.content
    upload = tmp_path / "adverts.csv"
    upload.write_text(f'title,text,posted_on\nCarer,"{ADVERT}",2026-03-02\n')
    with upload.open("rb") as file:
        response = client.post(
            "/skills/demand/import/", {"enterprise": enterprise.pk, "file": file}
        )
    assert response.status_code == 302 and "/tasks/" in response["Location"]
    assert Demand.objects.filter(enterprise=enterprise, title="Carer").exists()
    assert client_as("learner").get("/skills/demand/new/").status_code == 403


def test_the_api_maps_texts_and_takes_demand(client_as, enterprise):
    client = client_as("hr")
    mapped = client.post(
        "/api/skills/map",
        {"texts": ["keep care records", "招聘数控机床操作工"], "top": 2},
        content_type="application/json",
    ).json()
    assert mapped[0][0]["label"] == "keep care records"
    assert mapped[1][0]["span"] == "数控机床操作"
    posted = client.post(
        "/api/demand",
        {"enterprise": enterprise.code, "title": "PLC", "text": ADVERT, "posted_on": "2026-03-01"},
        content_type="application/json",
    )
    assert posted.status_code == 201
    assert "plc-programming" in {s["skill_uri"].rsplit(":", 1)[-1] for s in posted.json()["skills"]}
    content = base64.b64encode(b"title,text,posted_on\nX,give first aid,2026-01-05\n").decode()
    bulk = client.post(
        "/api/demand/bulk",
        {"enterprise": enterprise.code, "file_name": "d.csv", "content_base64": content},
        content_type="application/json",
    )
    assert bulk.json() == {"created": 1, "updated": 0, "mapped": 1}
    other = Organisation.objects.filter(kind="enterprise").exclude(pk=enterprise.pk).first()
    refused = client.post(
        "/api/demand",
        {"enterprise": other.code, "title": "PLC", "text": ADVERT, "posted_on": "2026-03-01"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_map_skills_prints_one_json_list_per_line(tmp_path, capsys, db):
    texts = tmp_path / "texts.txt"
    texts.write_text("keep care records\ngive first aid to a colleague\n", encoding="utf-8")
    main(["map-skills", str(texts), "--taxonomy", "dovetail", "--top", "3"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert len(first) == 3 and set(first[0]) == {"uri", "label", "score", "span"}
    assert first[0]["label"] == "keep care records"
    assert json.loads(lines[1])[0]["span"] == "give first aid"
    with pytest.raises(SystemExit):
        main(["map-skills", str(texts), "--taxonomy", "nope"])
