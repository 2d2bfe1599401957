"""Lists cost a fixed number of queries however many rows they show."""

import pytest

LISTS = [
    ("coordinator", "/api/learners?limit=100"),
    ("coordinator", "/api/people?limit=100"),
    ("officer", "/api/organisations?limit=100"),
    ("officer", "/api/partnerships?limit=100"),
    ("hr", "/api/zones?limit=100"),
    ("coordinator", "/api/clearances?limit=100"),
    ("coordinator", "/api/offers?limit=100"),
    ("coordinator", "/learners/"),
    ("coordinator", "/partnerships/"),
    ("coordinator", "/placements/offers/"),
    ("teacher", "/records/cohort/"),
    ("teacher", "/records/diaries/"),
    ("teacher", "/records/assessments/"),
    ("teacher", "/records/rubrics/"),
    ("mentor", "/records/diaries/"),
    ("coordinator", "/credentials/issued/"),
    ("teacher", "/credentials/claims/"),
    ("learner", "/credentials/"),
    ("learner", "/credentials/bank/"),
    ("coordinator", "/api/credentials?limit=100"),
    ("coordinator", "/careers/alumni/"),
    ("coordinator", "/careers/courses/"),
    ("alumnus", "/careers/"),
]


@pytest.mark.parametrize("username, url", LISTS)
def test_list_queries_do_not_grow_with_rows(
    client_as, django_assert_max_num_queries, username, url
):
    client = client_as(username)
    assert client.get(url).status_code == 200  # warm the session and the actor
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
