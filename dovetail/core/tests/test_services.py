"""Imports, exports and tokens: what a coordinator does with lists they already keep."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from dovetail.core import services
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Membership, Organisation, User
from dovetail.core.tabular import ImportFailed
from dovetail.core.tests.files import zip_without_workbook

HEADER = "username,full_name,email,organisation,role,programme,career_stage,cohort_year,rural\n"


def people_csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def programme_code():
    return LearnerProfile.objects.get(user__username="learner").programme.code


def test_import_people_creates_learners_and_staff(persona):
    content = people_csv(
        f"wu.hao,吴昊,wu@example.cn,college-001,learner,{programme_code()},student,2026,yes",
        "zhou.min,周敏,,college-001,teacher,,,,",
    )
    result = services.import_people("people.csv", content, by=persona("coordinator"))
    assert result == {"created": 2, "updated": 0}
    profile = LearnerProfile.objects.get(user__username="wu.hao")
    assert profile.rural and profile.programme.code == programme_code()
    assert Membership.objects.filter(user__username="zhou.min", role="teacher").exists()


def test_import_people_again_updates_instead_of_duplicating(persona):
    row = f"wu.hao,吴昊,,college-001,learner,{programme_code()},student,2026,no"
    services.import_people("people.csv", people_csv(row), by=persona("coordinator"))
    result = services.import_people(
        "people.csv", people_csv(row.replace("吴昊", "吴浩")), by=persona("coordinator")
    )
    assert result == {"created": 0, "updated": 1}
    assert User.objects.get(username="wu.hao").full_name == "吴浩"


def test_import_people_names_every_bad_row_and_writes_nothing(persona):
    before = User.objects.count()
    content = people_csv(
        "ok.person,好人,,college-001,teacher,,,,",
        "no.stage,无阶段,,college-001,learner,,,2026,",
        "bad.role,错角色,,college-001,mentor,,,,",
        "bad.year,错年份,,college-001,learner,,student,soon,",
        "bad.org,错单位,,nowhere,teacher,,,,",
    )
    with pytest.raises(ImportFailed) as failure:
        services.import_people("people.csv", content, by=persona("coordinator"))
    messages = [str(error) for error in failure.value.errors]
    assert any(m.startswith("people.csv, row 3, column 'career_stage'") for m in messages)
    assert any(m.startswith("people.csv, row 4, column 'role'") for m in messages)
    assert any(m.startswith("people.csv, row 5, column 'cohort_year'") for m in messages)
    assert any(m.startswith("people.csv, row 6, column 'organisation'") for m in messages)
    assert User.objects.count() == before


def test_import_people_refuses_a_missing_column(persona):
    with pytest.raises(ImportFailed) as failure:
        services.import_people(
            "people.csv", b"username,full_name\nx,y\n", by=persona("coordinator")
        )
    assert "missing column(s): organisation, role" in str(failure.value)


def test_teacher_may_not_import_people_into_the_college(persona):
    with pytest.raises(ImportFailed) as failure:
        services.import_people(
            "people.csv", people_csv("x.y,X,,college-001,teacher,,,,"), by=persona("teacher")
        )
    assert "you may not add people to college-001" in str(failure.value)


def test_import_people_reads_excel(persona):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        ["xl.learner", "表格学生", None, "college-001", "learner", None, "apprentice", 2025, "no"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = services.import_people("people.xlsx", buffer.getvalue(), by=persona("coordinator"))
    assert result["created"] == 1
    assert LearnerProfile.objects.get(user__username="xl.learner").career_stage == "apprentice"


def test_broken_excel_file_is_named(persona):
    with pytest.raises(ServiceError, match="people.xlsx: the content is text/plain, not what"):
        services.import_people("people.xlsx", b"not a zip", by=persona("coordinator"))


def test_corrupt_workbook_is_named(persona):
    with pytest.raises(ImportFailed) as failure:
        services.import_people("people.xlsx", zip_without_workbook(), by=persona("coordinator"))
    assert str(failure.value.errors[0]).startswith("people.xlsx, row 1: not a readable .xlsx file")


def test_import_organisations_is_for_administrators(persona):
    content = b"code,kind,name,region\nnew-co,enterprise,New Co,haibin\n"
    with pytest.raises(PermissionDenied):
        services.import_organisations("orgs.csv", content, by=persona("coordinator"))
    assert services.import_organisations("orgs.csv", content, by=persona("admin")) == {
        "created": 1,
        "updated": 0,
    }
    assert Organisation.objects.get(code="new-co").kind == "enterprise"


def test_import_organisations_rejects_unknown_kind(persona):
    with pytest.raises(ImportFailed) as failure:
        services.import_organisations(
            "orgs.csv", b"code,kind,name,region\nx,factory,X,haibin\n", by=persona("admin")
        )
    assert str(failure.value.errors[0]).startswith("orgs.csv, row 2, column 'kind'")


def test_export_learners_hides_private_attributes_from_teachers(persona):
    columns, teacher_rows = services.export_table("learners", by=persona("teacher"))
    _, coordinator_rows = services.export_table("learners", by=persona("coordinator"))
    rural = columns.index("rural")
    assert {row[rural] for row in teacher_rows} == {""}
    assert {row[rural] for row in coordinator_rows} == {True, False}
    assert len(teacher_rows) == LearnerProfile.objects.filter(college__code="college-001").count()


def test_export_learners_as_learner_is_just_themselves(persona):
    _, rows = services.export_table("learners", by=persona("learner"))
    assert [row[0] for row in rows] == ["learner"]


def test_export_writes_excel(tmp_path, persona):
    from dovetail.core.tabular import write_table

    columns, rows = services.export_table("organisations", by=persona("officer"))
    write_table(tmp_path / "orgs.xlsx", columns, rows)
    sheet = load_workbook(tmp_path / "orgs.xlsx").active
    assert [cell.value for cell in sheet[1]] == columns
    assert sheet.max_row == len(rows) + 1


def test_api_token_authenticates_and_is_stored_only_as_digest(client, persona):
    raw = services.create_api_token(persona("teacher"), name="laptop")
    assert persona("teacher").api_tokens.get().digest != raw
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["username"] == "teacher"
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_update_learner_rejects_programme_of_another_college(persona, other_college):
    from dovetail.curriculum.models import Programme

    foreign = Programme.objects.create(
        college=other_college["college"],
        code="x",
        name="X",
        qualification_level=5,
        duration_years=3,
    )
    with pytest.raises(ServiceError) as error:
        services.update_learner(
            persona("learner").learner_profile, by=persona("coordinator"), programme=foreign
        )
    assert error.value.field == "programme"


def test_a_student_number_belongs_to_one_learner_per_college(persona):
    taken = LearnerProfile.objects.filter(college__code="college-001").exclude(student_number="")
    numbers = list(taken.values_list("student_number", flat=True))
    assert len(numbers) == len(set(numbers)), "the demo gives every learner their own number"
    holder = taken.exclude(user__username="learner").first()
    content = (
        "username,full_name,organisation,role,career_stage,cohort_year,student_number\n"
        f"newcomer,New,college-001,learner,student,2026,{holder.student_number}\n"
    )
    with pytest.raises(ImportFailed, match="already gave"):
        services.import_people("people.csv", content.encode(), by=persona("coordinator"))
    mine = persona("learner").learner_profile
    with pytest.raises(ServiceError) as refused:
        services.update_learner(
            mine, by=persona("coordinator"), student_number=holder.student_number
        )
    assert refused.value.field == "student_number"
