"""Uploads are checked by size and by their real format, and a stash outlives only its task."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dovetail.core.errors import ServiceError
from dovetail.core.models import StashedUpload
from dovetail.core.tasks import long_task, submit
from dovetail.core.tests.files import HTML, PNG, SVG
from dovetail.core.uploads import (
    DIARY,
    TABLE,
    UploadKind,
    check_bytes,
    check_upload,
    stash_upload,
)


def test_an_upload_is_kept_in_the_database_for_any_worker(db):
    first = stash_upload(SimpleUploadedFile("../adverts.csv", b"title,text\n"), TABLE)
    second = stash_upload(SimpleUploadedFile("../adverts.csv", b"other\n"), TABLE)
    assert first != second
    kept = StashedUpload.objects.get(pk=first)
    assert kept.name == "adverts.csv" and bytes(kept.content) == b"title,text\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.csv", HTML, "people.csv: the content is text/html, not what a .csv file holds"),
        ("photo.png", HTML, "photo.png: the content is text/html, not what a .png file holds"),
        ("logo.svg", SVG, "logo.svg: a diary file must be one of .jpg, .jpeg, .png"),
        ("page.html", HTML, "page.html: a diary file must be one of"),
        ("photo.jpg", PNG, "photo.jpg: the content is image/png, not what a .jpg file holds"),
    ],
)
def test_a_file_is_judged_by_its_bytes_not_its_name(name, content, message):
    kind = TABLE if name.endswith(".csv") else DIARY
    with pytest.raises(ServiceError, match=message.replace(".", r"\.")):
        check_bytes(name, content, kind)


def test_a_real_photo_passes_as_png():
    assert check_upload(SimpleUploadedFile("line.png", PNG), DIARY) == "png"


def test_an_oversized_upload_is_refused_before_it_is_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size was checked")

    small = UploadKind("list", ("csv",), 1024 * 1024)
    upload = Unreadable("big.csv", b"")
    upload.size = 2 * 1024 * 1024
    with pytest.raises(ServiceError, match="big.csv: a list may be at most 1 MB"):
        check_upload(upload, small)


@long_task("test_read_stash")
def _read_stash(progress, *, path, fail=False):
    if fail:
        raise ValueError("the file was bad")
    return {"bytes": len(Path(path).read_bytes()), "suffix": Path(path).suffix, "path": path}


@pytest.mark.parametrize("fail", [False, True])
def test_a_stashed_upload_reaches_its_task_as_a_file_and_is_deleted_when_it_ends(db, fail):
    stash = stash_upload(SimpleUploadedFile("rows.csv", b"a,b\n1,2\n"), TABLE)
    run = submit("test_read_stash", backend="inline", stash=stash, fail=fail)
    assert run.status == ("failed" if fail else "succeeded")
    assert not StashedUpload.objects.filter(pk=stash).exists()
    if not fail:
        assert run.result["bytes"] == 8 and run.result["suffix"] == ".csv"
        # the worker's private copy is gone too
        assert not Path(run.result["path"]).exists()


def test_a_file_of_the_cli_user_is_read_in_place_and_never_deleted(tmp_path, db):
    own = tmp_path / "mine.csv"
    own.write_bytes(b"a,b\n")
    run = submit("test_read_stash", backend="inline", path=str(own))
    assert run.result["bytes"] == 4 and own.exists()
