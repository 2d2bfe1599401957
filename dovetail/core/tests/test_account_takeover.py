"""Adding people never lets one organisation take over another's: an existing account gains a
role only through someone who may change that person, through every door (import, page, API,
CLI), and a refused row writes nothing."""

import pytest

from dovetail.cli import main
from dovetail.core import services
from dovetail.core.models import LearnerProfile, Membership
from dovetail.core.tabular import ImportFailed

LEARNER_ROW = "username,full_name,email,organisation,role,career_stage,cohort_year,rural\n"


def _snapshot(user):
    profile = LearnerProfile.objects.get(user=user)
    user.refresh_from_db()
    return (
        user.full_name,
        user.email,
        profile.college_id,
        profile.rural,
        profile.disadvantaged,
        list(Membership.objects.filter(user=user).values_list("organisation__code", "role")),
    )


def test_another_college_cannot_move_a_learner_by_import(persona, other_college):
    learner = persona("learner")
    before = _snapshot(learner)
    content = (
        LEARNER_ROW
        + "learner,Taken Over,x@evil.test,college-elsewhere,learner,student,2026,false\n"
    )
    with pytest.raises(ImportFailed) as failure:
        services.import_people("people.csv", content.encode(), by=other_college["coordinator"])
    error = failure.value.errors[0]
    assert (error.row, error.column) == (2, "username")
    assert "'learner' is an existing account you may not change" in str(error)
    assert _snapshot(learner) == before


def test_enterprise_hr_cannot_rename_a_learner_by_giving_them_a_role(client_as, persona):
    learner = persona("learner")
    before = _snapshot(learner)
    response = client_as("hr").post(
        "/api/people",
        {
            "username": "learner",
            "full_name": "Renamed",
            "email": "hr@evil.test",
            "organisation": "enterprise-00001",
            "role": "mentor",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "username"
    assert _snapshot(learner) == before


def test_the_cli_refuses_the_same_row(tmp_path, capsys, persona, other_college):
    learner = persona("learner")
    before = _snapshot(learner)
    path = tmp_path / "people.csv"
    path.write_text(LEARNER_ROW + "learner,Taken,,college-elsewhere,learner,student,2026,true\n")
    with pytest.raises(SystemExit):
        main(["import", "people", str(path), "--as", "other-coordinator"])
    assert "row 2, column 'username'" in capsys.readouterr().err
    assert _snapshot(learner) == before


def test_a_coordinator_may_not_move_a_learner_who_also_works_for_them(persona, other_college):
    # other-coordinator may change this learner's account (they teach at the other college too)
    # but the learner profile belongs to college-001, whose coordinator alone may move it.
    learner = persona("learner")
    Membership.objects.create(user=learner, organisation=other_college["college"], role="teacher")
    content = LEARNER_ROW + "learner,Learner,,college-elsewhere,learner,student,2026,false\n"
    with pytest.raises(ImportFailed, match="is a learner at college-001; only that college"):
        services.import_people("people.csv", content.encode(), by=other_college["coordinator"])
    assert LearnerProfile.objects.get(user=learner).college.code == "college-001"


def test_the_college_still_adds_a_role_to_its_own_person(persona):
    content = "username,full_name,organisation,role\nteacher,Renamed,college-001,coordinator\n"
    result = services.import_people("people.csv", content.encode(), by=persona("coordinator"))
    assert result == {"created": 0, "updated": 1}
    teacher = persona("teacher")
    assert teacher.full_name == "Renamed"
    assert Membership.objects.filter(user=teacher, role="coordinator").exists()
