"""Benchmark: issuing and verifying Open Badges 3.0 credentials with eddsa-rdfc-2022 proofs,
Dovetail's engine beside the Digital Bazaar JavaScript stack on the same credential.

The JavaScript side runs `benchmarks/credentials_js.mjs` inside a copy of the independent
verifier (`../shared/tools/vc-verify/`, installed once into `.venv/vc-verify` with npm). A sample
of the credentials Dovetail issued is checked by that stack too (through
`.ci/vc-verify-status.mjs`, proofs only: the credentials carry status entries, which the shared
`verify.mjs` cannot check). Both sides sign and verify the same credential, as Dovetail issues
it: achievement, alignment, evidence and two status entries.

    python benchmarks/credentials.py           # 10,000 credentials each way
    python benchmarks/credentials.py --quick   # 1,000

The last line is JSON: issue_per_s, verify_per_s, js_issue_per_s, js_verify_per_s.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from dovetail.credentials.samples import open_badge  # noqa: E402
from dovetail.engines.credentials import KeyPair, sign, verify  # noqa: E402

VERIFIER = ROOT.parent / "shared" / "tools" / "vc-verify"
INSTALL = ROOT / ".venv" / "vc-verify"
SAMPLE = 50
TEMPLATE = open_badge(0, "")


def javascript_stack() -> Path | None:
    """The verifier's node_modules, installed once; None when node or npm is missing."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    if not (INSTALL / "node_modules").exists():
        shutil.copytree(VERIFIER, INSTALL, dirs_exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=INSTALL, check=True
        )
    shutil.copy(Path(__file__).with_name("credentials_js.mjs"), INSTALL)
    shutil.copy(ROOT / ".ci" / "vc-verify-status.mjs", INSTALL)
    return INSTALL


def ours(count: int):
    key = KeyPair.generate()
    started = time.perf_counter()
    issued = [
        sign(
            {**TEMPLATE, "id": f"urn:uuid:py-{i}", "issuer": key.did},
            key,
            created="2026-12-02T08:00:00Z",
        )
        for i in range(count)
    ]
    issue = count / (time.perf_counter() - started)
    started = time.perf_counter()
    failed = sum(not verify(credential).verified for credential in issued)
    return issued, issue, count / (time.perf_counter() - started), failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 credentials, not 10,000")
    args = parser.parse_args()
    count = 1_000 if args.quick else 10_000
    issued, issue, check, failed = ours(count)
    print(f"dovetail   {count:,} credentials: issue {issue:,.0f}/s, verify {check:,.0f}/s")
    figures = {"credentials": count, "issue_per_s": round(issue), "verify_per_s": round(check)}
    stack = javascript_stack()
    if stack is None:
        print("node/npm not found: the JavaScript side was not run")
    else:
        with tempfile.TemporaryDirectory() as folder:
            template = Path(folder) / "template.json"
            template.write_text(json.dumps(TEMPLATE))
            js = json.loads(
                subprocess.run(
                    ["node", "credentials_js.mjs", str(count), str(template)],
                    cwd=stack,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.splitlines()[-1]
            )
            sample = []
            for n, credential in enumerate(issued[:SAMPLE]):
                path = Path(folder) / f"credential-{n}.json"
                path.write_text(json.dumps(credential))
                sample.append(str(path))
            interop = subprocess.run(
                ["node", "vc-verify-status.mjs", "--ignore-status", *sample],
                cwd=stack,
                capture_output=True,
                text=True,
            )
        print(
            f"JavaScript {count:,} credentials: issue {js['issue_per_s']:,.0f}/s, "
            f"verify {js['verify_per_s']:,.0f}/s"
        )
        print(
            f"Dovetail's credentials in the JavaScript verifier: {interop.stdout.splitlines()[-1]}"
        )
        figures |= {
            "js_issue_per_s": round(js["issue_per_s"]),
            "js_verify_per_s": round(js["verify_per_s"]),
            "interop_failures": interop.returncode != 0,
        }
    figures["our_verify_failures"] = failed
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
