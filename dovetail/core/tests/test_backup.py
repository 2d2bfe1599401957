"""An organisation backs up to one file and restores from it with nothing lost: people,
partnerships, offers, placements, diaries, assessments and statements come back as they were."""

import base64
import io
import json

import pytest
from django.core.files.base import ContentFile

from dovetail.cli import main
from dovetail.core.backup import export_organisation, import_organisation
from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership, Organisation
from dovetail.core.tests.files import PNG
from dovetail.lrs.models import Statement
from dovetail.placements.models import Allocation, Placement
from dovetail.records.models import Assessment, DiaryEntry, DiaryFile


def _backup(code="college-001") -> str:
    out = io.StringIO()
    export_organisation(Organisation.objects.get(code=code), out)
    return out.getvalue()


def _models(text: str) -> set[str]:
    return {json.loads(line)["model"] for line in text.splitlines()}


@pytest.mark.django_db
def test_a_college_comes_back_as_it_was_after_losing_rows(persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = DiaryEntry.objects.filter(placement__learner__college__code="college-001").first()
    DiaryFile.objects.create(
        entry=entry,
        zone=entry.placement.offer.zone,
        file=ContentFile(PNG, name="photo.png"),
        name="photo.png",
        content_type="image/png",
        size=len(PNG),
    )
    # a time with microseconds comes back with them, not rounded to the millisecond
    exact = Organisation.objects.get(code="college-001").created_at.replace(microsecond=456)
    Organisation.objects.filter(code="college-001").update(created_at=exact)
    before = _backup()
    kinds = _models(before)
    for label in (
        "core.user",
        "core.membership",
        "core.learnerprofile",
        "partnerships.partnership",
        "partnerships.agreement",
        "placements.offer",
        "placements.placement",
        "placements.preference",
        "records.diaryentry",
        "records.assessment",
        "lrs.statement",
        "dovetail.file",
    ):
        assert label in kinds, label
    # the partner enterprise and the region travel too, so the file stands alone
    assert '"code": "enterprise-00001"' in before and '"model": "core.region"' in before

    college = Organisation.objects.get(code="college-001")
    college.name = "Renamed by mistake"
    college.save()
    Membership.objects.filter(user=persona("teacher")).delete()
    Statement.objects.filter(pk__in=Statement.objects.values("pk")[:5]).delete()
    Assessment.objects.filter(placement__learner__college=college).delete()
    DiaryEntry.objects.filter(pk=entry.pk).delete()
    Allocation.objects.filter(round__college=college).delete()
    Placement.objects.filter(learner__college=college, status="cancelled").delete()

    counts = import_organisation(io.StringIO(before))
    assert counts["files"] == 1
    assert _backup() == before
    assert Organisation.objects.get(code="college-001").created_at == exact
    assert DiaryFile.objects.get(entry_id=entry.pk).file.read() == PNG


@pytest.mark.django_db
def test_a_bad_line_names_itself_and_restores_nothing():
    before = _backup()
    college = Organisation.objects.get(code="college-001")
    college.name = "Changed"
    college.save()
    broken = before.replace('"model": "core.organisation"', '"model": "core.nosuchthing"', 1)
    with pytest.raises(ServiceError, match=r"backup.jsonl, line \d+: not a Dovetail"):
        import_organisation(io.StringIO(broken), name="backup.jsonl")
    assert Organisation.objects.get(code="college-001").name == "Changed"


@pytest.mark.django_db
def test_a_restored_file_is_checked_as_an_upload_is(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    line = json.dumps({"model": "dovetail.file", "name": "diaries/x.png", "content": page})
    with pytest.raises(ServiceError, match="backup.jsonl, line 1: diaries/x.png: the content"):
        import_organisation(io.StringIO(line + "\n"), name="backup.jsonl")
    assert not (tmp_path / "diaries" / "x.png").exists()


@pytest.mark.django_db
def test_the_commands_back_up_and_restore(tmp_path, capsys):
    path = tmp_path / "college.jsonl"
    main(["export", "organisation", "college-001", "-o", str(path)])
    assert "backed up college-001" in capsys.readouterr().err
    main(["import", "organisation", str(path)])
    assert "restored" in capsys.readouterr().out
