"""Uploads are checked by size and by their real format, and a stash outlives only its task."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dovetail.core.errors import ServiceError
from dovetail.core.tasks import long_task, submit
from dovetail.core.tests.files import HTML, PNG, SVG
from dovetail.core.uploads import (
    DIARY,
    TABLE,
    UploadKind,
    check_bytes,
    check_upload,
    is_stash,
    stash_upload,
)


def test_an_upload_is_kept_under_a_unique_safe_name(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = stash_upload(SimpleUploadedFile("../adverts.csv", b"title,text\n"), TABLE)
    second = stash_upload(SimpleUploadedFile("../adverts.csv", b"other\n"), TABLE)
    assert first.parent == second.parent == tmp_path / "uploads"
    assert first != second and first.suffix == ".csv" and ".." not in first.name
    assert first.read_bytes() == b"title,text\n" and second.read_bytes() == b"other\n"


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
    return {"bytes": len(open(path, "rb").read())}


@pytest.mark.parametrize("fail", [False, True])
def test_a_stashed_upload_is_deleted_when_its_task_ends(settings, tmp_path, db, fail):
    settings.DATA_DIR = tmp_path
    path = stash_upload(SimpleUploadedFile("rows.csv", b"a,b\n1,2\n"), TABLE)
    assert is_stash(path)
    run = submit("test_read_stash", backend="inline", path=str(path), fail=fail)
    assert run.status == ("failed" if fail else "succeeded")
    assert not path.exists()


def test_a_file_outside_the_stash_is_never_deleted(settings, tmp_path, db):
    settings.DATA_DIR = tmp_path / "data"
    own = tmp_path / "mine.csv"
    own.write_bytes(b"a,b\n")
    submit("test_read_stash", backend="inline", path=str(own))
    assert own.exists()
