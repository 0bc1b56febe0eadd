"""Render tests/artifacts/reliability.json (written by tests/test_reliability.py) as Markdown."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    d = json.loads((ROOT / "tests" / "artifacts" / "reliability.json").read_text())
    s, f, i = d["soak"], d["flood"], d["injection"]
    print("| check | tried | result |\n|---|---|---|")
    print(f"| soak: {s['clients']} concurrent `gradio_client` sessions, {s['seconds']:.0f} s | "
          f"{s['requests']} questions | {s['errors']} errors, p50 {s['p50_s']:.2f} s, "
          f"p95 {s['p95_s']:.2f} s, server memory {s['server_rss_mb']:.0f} MB, "
          f"growth {s['rss_growth']:.1%} |")
    print(f"| flood: simultaneous requests on a queue of {f['queue_size']} | {f['requests']} | "
          f"{f['served']} served, {f['refused_busy']} refused with 'queue full', "
          "server still answers |")
    print(f"| prompt injection (model obeys the planted text) | {i['attempts']} | "
          f"{i['succeeded']} got past verification |")


if __name__ == "__main__":
    main()
