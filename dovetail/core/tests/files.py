"""Small real files for upload tests: what a browser would send, and what an attacker would."""

import io
import zipfile

# A 1×1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
HTML = b"<!doctype html><html><body><script>fetch('/api/people')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def png_upload(name="photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG, content_type="image/png")


def html_upload(name="page.png"):
    """Script-bearing HTML under an innocent name and type."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, HTML, content_type="image/png")


def zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()
