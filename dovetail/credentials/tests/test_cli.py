"""The command line: checking a credential file, and sending the surveys now due."""

import json

import pytest

from dovetail.cli import main
from dovetail.credentials.samples import write_sample

pytestmark = pytest.mark.django_db


def test_verify_prints_the_state_and_fails_a_tampered_file(tmp_path, capsys):
    write_sample(tmp_path, count=2, tampered=1)
    main(["credentials", "verify", str(tmp_path / "credential-1.json")])
    assert json.loads(capsys.readouterr().out)["state"] == "valid"
    with pytest.raises(SystemExit) as failed:
        main(
            [
                "credentials",
                "verify",
                str(tmp_path / "tampered" / "credential-0.json"),
                "--did-doc",
                str(tmp_path / "did-sample-college.json"),
            ]
        )
    assert failed.value.code == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["state"] == "tampered" and "proof.proofValue" in printed["reasons"][0]


def test_send_surveys_reports_what_it_sent(capsys):
    main(["careers", "send-surveys", "--today", "2099-01-01"])
    assert "invitations sent" in capsys.readouterr().out
