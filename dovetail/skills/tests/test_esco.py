"""The official ESCO download loads, reloads without duplicates, and refuses a malformed file."""

import zipfile

import pytest

from dovetail.core.errors import ServiceError
from dovetail.core.tabular import ImportFailed
from dovetail.core.tasks import Progress
from dovetail.core.tests.shared import shared_dir
from dovetail.skills.esco import import_esco
from dovetail.skills.models import Occupation, OccupationSkill, Skill, Taxonomy

pytestmark = pytest.mark.django_db

SHARED = shared_dir()
DOWNLOAD = SHARED / "data" / "esco" if SHARED else None
HASKELL = "http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02"


@pytest.fixture
def admin(persona):
    return persona("admin")


@pytest.mark.skipif(DOWNLOAD is None, reason="the ESCO download is not beside the project")
def test_the_official_download_loads_and_reloads_without_duplicates(admin):
    first = import_esco(DOWNLOAD, by=admin, progress=Progress())
    assert first["occupations"] == 3007 and first["relations"] > 120_000
    esco = Taxonomy.objects.get(slug="esco")
    haskell = Skill.objects.get(taxonomy=esco, uri=HASKELL)
    assert haskell.kind == Skill.Kind.KNOWLEDGE and "digital" in haskell.collections
    assert haskell.parent is not None and haskell.parent.kind == Skill.Kind.GROUP
    counts = (
        Skill.objects.filter(taxonomy=esco).count(),
        Occupation.objects.filter(taxonomy=esco).count(),
        OccupationSkill.objects.filter(occupation__taxonomy=esco).count(),
    )
    assert import_esco(DOWNLOAD, by=admin, progress=Progress()) == first
    assert counts == (
        Skill.objects.filter(taxonomy=esco).count(),
        Occupation.objects.filter(taxonomy=esco).count(),
        OccupationSkill.objects.filter(occupation__taxonomy=esco).count(),
    )
    assert Occupation.objects.filter(taxonomy=esco, isco_group="2654").exists()


def _download(tmp_path, skills_csv):
    path = tmp_path / "esco.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("skillGroups_en.csv", "conceptType,conceptUri,preferredLabel,code\n")
        archive.writestr("skillsHierarchy_en.csv", "Level 0 URI,Level 0 preferred term\n")
        archive.writestr("skills_en.csv", skills_csv)
    return path


def test_a_malformed_file_is_named_with_row_and_column_and_nothing_is_written(tmp_path, admin):
    path = _download(
        tmp_path,
        "conceptUri,preferredLabel,skillType\n"
        "http://example.org/s/1,weld pipes,skill/competence\n"
        "http://example.org/s/2,,skill/competence\n",
    )
    with pytest.raises(ImportFailed, match=r"skills_en.csv, row 3, column 'preferredLabel'"):
        import_esco(path, by=admin, progress=Progress())
    assert not Taxonomy.objects.filter(slug="esco").exists()


def test_only_administrators_load_taxonomies(tmp_path, persona):
    with pytest.raises(ServiceError, match="administrators"):
        import_esco(_download(tmp_path, ""), by=persona("teacher"), progress=Progress())
