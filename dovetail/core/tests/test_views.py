"""Each persona's home page, in English and Simplified Chinese, and the import journey."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dovetail.core.models import LearnerProfile

PERSONA_MARKERS = {
    # username: (text in English, text in Chinese) the home page must show
    "coordinator": ("Import people", "导入人员"),
    "teacher": ("Open the learner list", "打开学习者名单"),
    "hr": ("Workplace zones", "工作场所区域"),
    "pm": ("Workplace zones", "工作场所区域"),
    "mentor": ("Workplace zones", "工作场所区域"),
    "learner": ("My studies", "我的学业"),
    "officer": ("My region", "我的区域"),
}


@pytest.mark.parametrize("username", PERSONA_MARKERS)
def test_home_page_shows_each_persona_its_work_in_both_languages(client_as, username):
    english, chinese = PERSONA_MARKERS[username]
    page = client_as(username).get("/").content.decode()
    assert "To do today" in page and english in page
    page = client_as(username, "zh-hans").get("/").content.decode()
    assert "今日待办" in page and chinese in page


def test_learner_home_lists_their_expiring_clearance(client_as):
    page = client_as("learner").get("/").content.decode()
    assert "Confidentiality agreement expires" in page


def test_language_switcher_sets_the_language(client_as):
    client = client_as("teacher")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "今日待办" in client.get("/").content.decode()


def test_coordinator_imports_people_and_follows_progress(client_as):
    csv = (
        b"username,full_name,organisation,role,career_stage,cohort_year\n"
        b"new.one,New One,college-001,learner,student,2026\n"
    )
    client = client_as("coordinator")
    response = client.post("/people/import/", {"file": SimpleUploadedFile("people.csv", csv)})
    assert response.status_code == 302
    task_page = client.get(response["Location"]).content.decode()
    assert "<dt>Created</dt><dd>1</dd>" in task_page and "{&quot;" not in task_page
    assert LearnerProfile.objects.filter(user__username="new.one").exists()


def test_failed_import_shows_the_row_on_the_progress_page(client_as):
    csv = b"username,full_name,organisation,role\nx,X,nowhere,teacher\n"
    client = client_as("coordinator")
    response = client.post("/people/import/", {"file": SimpleUploadedFile("people.csv", csv)})
    task = client.get("/api/tasks/" + response["Location"].rstrip("/").split("/")[-1]).json()
    assert task["status"] == "failed"
    assert "people.csv, row 2, column 'organisation'" in task["error"]


def test_a_long_import_error_is_shown_whole_and_in_words(client_as):
    rows = "".join(f"bad name {n},X,college-001,teacher\n" for n in range(12))
    csv = ("username,full_name,organisation,role\n" + rows).encode()
    client = client_as("coordinator")
    response = client.post("/people/import/", {"file": SimpleUploadedFile("people.csv", csv)})
    page = client.get(response["Location"]).content.decode()
    assert (
        "people.csv, row 13, column &#x27;username&#x27;: &#x27;bad name 11&#x27;: use only" in page
    )
    assert "^[" not in page and "pattern" not in page


def test_learner_may_not_open_the_import_page(client_as):
    assert client_as("learner").get("/people/import/").status_code == 403


def test_hr_adds_a_zone_through_the_form(client_as, persona):
    enterprise = persona("hr").memberships.get().organisation
    client = client_as("hr")
    response = client.post(
        f"/partnerships/enterprises/{enterprise.pk}/zones/new/",
        {
            "name": "Paint shop",
            "name_zh": "涂装车间",
            "kind": "restricted",
            "confidentiality_level": 1,
            "capacity": 3,
        },
    )
    assert response.status_code == 200
    assert "A restricted zone must be confidential or restricted." in response.content.decode()
    response = client.post(
        f"/partnerships/enterprises/{enterprise.pk}/zones/new/",
        {
            "name": "Paint shop",
            "name_zh": "涂装车间",
            "kind": "restricted",
            "confidentiality_level": 2,
            "capacity": 3,
        },
    )
    assert response.status_code == 302
    assert "Paint shop" in client.get(response["Location"]).content.decode()


def test_pages_list_only_what_the_person_may_see(client_as, other_college):
    page = client_as("coordinator").get("/learners/?q=Other").content.decode()
    assert "Other learner" not in page
    page = client_as("other-coordinator").get("/learners/").content.decode()
    assert "Other learner" in page


@pytest.mark.parametrize(
    "username", ["coordinator", "teacher", "hr", "pm", "mentor", "learner", "officer"]
)
def test_every_agenda_item_opens_for_its_person(client_as, username):
    client = client_as(username)
    agenda = client.get("/").context["agenda"]
    if username in ("coordinator", "learner", "mentor"):
        assert agenda, "the demo region gives this persona work to do"
    for item in agenda:
        assert client.get(item.url).status_code == 200, (username, item.title, item.url)


def test_the_teacher_is_not_asked_to_rank_applicants(client_as):
    titles = [item.title for item in client_as("teacher").get("/").context["agenda"]]
    assert "Rank the applicants to your offers" not in titles


def test_error_pages_carry_the_layout_and_a_way_back(client_as):
    client = client_as("learner")
    for url, status, heading in [
        ("/people/import/", 403, "Not yours to open"),
        ("/placements/offers/999999/", 404, "Not found"),
    ]:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == status
        assert heading in page and 'href="/"' in page and "dovetail.css" in page
