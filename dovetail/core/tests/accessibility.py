"""axe-core in the browser tests: every page a test visits is checked, in English and in
Simplified Chinese, and any serious or critical violation fails the test.

Pages are recorded as they load; before a page closes (or when its test ends) each URL it
showed is opened again in that page, once per language, and axe-core (installed from npm by
``./dev test``, injected by Playwright; nothing is fetched) reports what it finds.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[3] / ".venv" / "axe" / "node_modules" / "axe-core"
LANGUAGES = ("en", "zh-hans")
SERIOUS = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""

_open_pages: list = []


def axe_source() -> str:
    path = AXE / "axe.min.js"
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run ./dev test, which installs axe-core")
    return path.read_text(encoding="utf-8")


def watch(page):
    """Record the pages ``page`` shows, and check them all before it closes."""
    page.visited = []

    def remember(_frame=None):
        url = page.url
        if url.startswith("http") and url not in page.visited:
            page.visited.append(url)

    page.on("load", lambda: remember())
    close = page.close

    def close_after_audit(*args, **kwargs):
        problems = audit(page)
        close(*args, **kwargs)
        assert not problems, "\n".join(problems)

    page.close = close_after_audit
    _open_pages.append(page)
    return page


def audit(page) -> list[str]:
    """axe-core's serious and critical findings on every page ``page`` showed, both languages."""
    if page in _open_pages:
        _open_pages.remove(page)
    if page.is_closed():
        return []
    problems = []
    source = axe_source()
    for url in list(page.visited):
        for language in LANGUAGES:
            page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
            page.goto(url)
            page.add_script_tag(content=source)
            for violation in page.evaluate(RUN_AXE):
                problems.append(
                    f"{url} [{language}] {violation['impact']} {violation['id']}:"
                    f" {violation['help']} — {', '.join(violation['nodes'])}"
                )
    return problems


def audit_open_pages() -> list[str]:
    problems = []
    for page in list(_open_pages):
        problems += audit(page)
    return problems
