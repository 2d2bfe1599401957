"""multipart/mixed bodies as xAPI uses them to carry attachments beside statements."""

import uuid


class MalformedMultipart(ValueError):
    pass


def _headers(block):
    headers = {}
    for line in block.split(b"\r\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise MalformedMultipart(f"part header line {line[:60]!r} has no colon")
        headers[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    return headers


def parse_multipart(body, boundary):
    """[(headers with lower-case names, content bytes)] of every part, in order."""
    delimiter = b"--" + boundary.encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise MalformedMultipart("the body holds no parts for its boundary")
    parts = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        elif chunk.startswith(b"\n"):
            chunk = chunk[1:]
        header_block, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            if chunk.startswith(b"\r\n"):
                header_block, content = b"", chunk[2:]
            else:
                raise MalformedMultipart("a part has no blank line after its headers")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        parts.append((_headers(header_block), content))
    else:
        raise MalformedMultipart("the body does not end with its closing boundary")
    return parts


def build_multipart(parts):
    """(body, boundary) for [(headers, content bytes)]."""
    boundary = uuid.uuid4().hex
    out = []
    for headers, content in parts:
        out.append(f"--{boundary}\r\n".encode())
        for name, value in headers.items():
            out.append(f"{name}: {value}\r\n".encode())
        out.append(b"\r\n")
        out.append(content)
        out.append(b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), boundary
