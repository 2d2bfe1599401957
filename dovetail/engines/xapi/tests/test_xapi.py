import base64
import copy
import datetime
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from hypothesis import given
from hypothesis import strategies as st

from dovetail.engines import xapi


def statement(**changes):
    base = {
        "actor": {"objectType": "Agent", "name": "Li Na", "mbox": "mailto:li.na@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "done"}},
        "object": {
            "id": "http://example.org/sim/welding/1",
            "definition": {
                "name": {"en-US": "Butt weld", "zh-CN": "对接焊"},
                "interactionType": "choice",
                "correctResponsesPattern": ["a"],
                "choices": [{"id": "a", "description": {"en-US": "A"}}],
            },
        },
        "result": {"score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10}, "duration": "PT1H"},
        "context": {
            "registration": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "contextActivities": {"parent": {"id": "http://example.org/course"}},
            "extensions": {"http://example.org/ext": None},
        },
        "timestamp": "2026-11-25T08:00:00.123+08:00",
    }
    base.update(changes)
    return base


def test_a_rich_statement_is_valid():
    xapi.validate_statement(statement())


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"actor": {"mbox": "li.na@example.org"}}, "actor.mbox"),
        ({"actor": {"mbox": "mailto:a@b.c", "openid": "http://x"}}, "actor"),
        ({"verb": {"id": "completed"}}, "verb.id"),
        ({"object": {"id": "http://x", "objectType": "Agent"}}, "object.id"),
        ({"result": {"score": {"scaled": 1.5}}}, "result.score.scaled"),
        ({"result": {"score": {"raw": 11, "max": 10}}}, "result.score.raw"),
        ({"result": {"duration": "P4W1D"}}, "result.duration"),
        ({"timestamp": "2026-11-25T08:00:00-00:00"}, "timestamp"),
        ({"context": {"registration": "not-a-uuid"}}, "context.registration"),
        ({"context": {"extensions": {"not an iri": 1}}}, "context.extensions.not an iri"),
        ({"colour": "red"}, "colour"),
        ({"version": "2.0.0"}, "version"),
    ],
)
def test_invalid_statements_name_the_offending_property(change, path):
    with pytest.raises(xapi.InvalidStatement) as error:
        xapi.validate_statement(statement(**change))
    assert error.value.path == path


def test_a_voiding_statement_must_target_a_statement_ref():
    voiding = statement(verb={"id": xapi.VOIDED_VERB})
    with pytest.raises(xapi.InvalidStatement, match="StatementRef"):
        xapi.validate_statement(voiding)


def test_platform_is_only_allowed_when_the_object_is_an_activity():
    agent_object = {"objectType": "Agent", "mbox": "mailto:x@y.z"}
    with pytest.raises(xapi.InvalidStatement, match="platform"):
        xapi.validate_statement(statement(object=agent_object, context={"platform": "sim"}))


def test_keys_cover_actor_verb_object_and_related_context():
    keys = xapi.statement_keys(statement())
    assert keys.actor == "mbox:mailto:li.na@example.org"
    assert keys.object_activity == "http://example.org/sim/welding/1"
    assert "http://example.org/course" in keys.related_activities
    assert keys.registration == "3f2504e0-4f89-41d3-9a0c-0305e82c3301"


def test_ids_format_keeps_only_identifiers():
    reduced = xapi.ids_format(xapi.normalise(statement()))
    assert reduced["actor"] == {"objectType": "Agent", "mbox": "mailto:li.na@example.org"}
    assert reduced["object"] == {"id": "http://example.org/sim/welding/1"}
    assert reduced["verb"] == {"id": "http://adlnet.gov/expapi/verbs/completed"}


def test_canonical_format_picks_the_readers_language():
    canonical = xapi.canonical_format(statement(), ["zh-CN", "en"])
    assert canonical["object"]["definition"]["name"] == {"zh-CN": "对接焊"}
    assert canonical["verb"]["display"] == {"en-US": "done"}


def test_definitions_merge_language_maps():
    merged = xapi.merge_definition(
        {"name": {"en": "Weld"}, "type": "http://a"}, {"name": {"zh-CN": "焊"}, "type": "http://b"}
    )
    assert merged == {"name": {"en": "Weld", "zh-CN": "焊"}, "type": "http://b"}


@given(st.lists(st.binary(max_size=200), min_size=1, max_size=5))
def test_multipart_round_trips(contents):
    parts = [({"Content-Type": "application/octet-stream"}, content) for content in contents]
    body, boundary = xapi.build_multipart(parts)
    parsed = xapi.parse_multipart(body, boundary)
    assert [content for _headers, content in parsed] == contents


@given(st.datetimes(timezones=st.just(datetime.UTC)))
def test_timestamps_round_trip(moment):
    assert xapi.parse_timestamp(moment.isoformat()) == moment


@given(
    st.dictionaries(
        st.sampled_from(["mbox", "openid", "name"]), st.just("mailto:a@b.c"), min_size=1
    )
)
def test_agent_key_ignores_property_order(agent):
    reordered = dict(reversed(list(agent.items())))
    assert xapi.agent_key(agent) == xapi.agent_key(reordered)


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _sign(payload, key, certificate=None, alg="RS256"):
    header = {"alg": alg}
    if certificate is not None:
        der = certificate.public_bytes(serialization.Encoding.DER)
        header["x5c"] = [base64.b64encode(der).decode()]
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}".encode()


@pytest.fixture(scope="module")
def signer():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "welding simulator")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def test_a_signature_over_the_statement_verifies(signer):
    key, certificate = signer
    signed = statement()
    xapi.check_signature(signed, _sign(signed, key, certificate))


def test_a_signature_over_another_statement_is_refused(signer):
    key, certificate = signer
    signed = statement()
    tampered = copy.deepcopy(signed)
    tampered["result"]["score"]["scaled"] = 1.0
    with pytest.raises(xapi.InvalidStatement, match="differs"):
        xapi.check_signature(tampered, _sign(signed, key, certificate))


def test_a_forged_signature_is_refused(signer):
    _key, certificate = signer
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signed = statement()
    with pytest.raises(xapi.InvalidStatement, match="x5c"):
        xapi.check_signature(signed, _sign(signed, other_key, certificate))


def test_hmac_signatures_are_refused():
    header = _b64(json.dumps({"alg": "HS256"}).encode())
    token = f"{header}.{_b64(json.dumps(statement()).encode())}.c2ln".encode()
    with pytest.raises(xapi.InvalidStatement, match="RS256"):
        xapi.check_signature(statement(), token)


iris = st.from_regex(r"https://example\.org/[a-z]{1,8}(/[a-z0-9]{1,6}){0,2}", fullmatch=True)
agents = st.one_of(
    st.from_regex(r"mailto:[a-z]{1,8}@example\.org", fullmatch=True).map(lambda m: {"mbox": m}),
    st.from_regex(r"[0-9a-f]{40}", fullmatch=True).map(lambda h: {"mbox_sha1sum": h}),
    st.tuples(iris, st.text(min_size=1, max_size=8)).map(
        lambda pair: {"account": {"homePage": pair[0], "name": pair[1]}}
    ),
)
language_maps = st.dictionaries(st.sampled_from(["en", "en-US", "zh-CN", "zh-Hans"]), st.text())
activities = st.builds(
    lambda iri, name: {"id": iri, "definition": {"name": name}} if name else {"id": iri},
    iris,
    language_maps,
)
statements = st.builds(
    lambda actor, verb, obj, parents, score: {
        "actor": actor,
        "verb": {"id": verb},
        "object": obj,
        "context": {"contextActivities": {"parent": parents}},
        "result": {"score": {"scaled": score}},
    },
    agents,
    iris,
    activities,
    st.lists(activities, max_size=3),
    st.floats(min_value=-1, max_value=1),
)


@given(statements)
def test_generated_statements_validate_and_their_ids_format_is_stable(generated):
    xapi.validate_statement(generated)
    reduced = xapi.ids_format(xapi.normalise(generated))
    assert xapi.ids_format(reduced) == reduced
    xapi.validate_statement(reduced)
    keys = xapi.statement_keys(generated)
    assert keys.object_activity == generated["object"]["id"]
    assert {a["id"] for a in generated["context"]["contextActivities"]["parent"]} <= (
        keys.related_activities
    )
    # what an LRS keeps beside the statement's own columns loses no related key
    assert keys.other_activities | {keys.object_activity} == keys.related_activities
    assert keys.object_activity not in keys.other_activities
    assert keys.other_agents | {keys.actor, keys.object_agent} >= keys.related_agents
    assert keys.actor not in keys.other_agents


@given(statements, st.lists(st.sampled_from(["en", "zh-CN", "fr"]), max_size=2))
def test_canonical_keeps_at_most_one_language_per_map(generated, languages):
    canonical = xapi.canonical_format(generated, languages)
    name = canonical["object"].get("definition", {}).get("name", {})
    assert len(name) <= 1
    assert set(name) <= set(generated["object"].get("definition", {}).get("name", {}))
