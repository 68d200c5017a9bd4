"""bench/RESULTS.md from the measured JSON objects (bench/run.py measure)."""

from __future__ import annotations

from pathlib import Path

GOALS = {
    "report_quarter": "ratio ≤ 2",
    "board_year": "ratio ≤ 2 (against an exact rollup's bound)",
    "save_day_page": "≥ 15% of hello rps, p99 < 50 ms",
    "save_log_page": "≥ 15% of hello rps, p99 < 50 ms",
    "pdf": "ratio ≤ 1.2",
    "xlsx": "ratio ≤ 1.2",
    "import_100k": "memory bounded (streaming)",
}


def _growth(values: list[tuple[int, float]]) -> str:
    """How a median grows with the data: the exponent between the smallest and largest size
    (0: flat, 1: linear), named."""
    if len(values) < 2:
        return "one size only"
    (n0, t0), (n1, t1) = values[0], values[-1]
    if t0 <= 0 or n1 == n0:
        return "-"
    import math

    exponent = math.log(t1 / t0) / math.log(n1 / n0)
    name = "flat" if exponent < 0.15 else "sub-linear" if exponent < 0.75 else "linear"
    if exponent > 1.25:
        name = "super-linear"
    return f"{name} (×{t1 / t0:.2f} for ×{n1 / n0:.0f} data)"


def write_results(path: Path, results: list[dict], machine: dict, sizes: dict) -> None:
    """Write ``path``: machine, date, sizes, then per operation and size the medians and the
    ratio to the same-run bound, with the growth over the sizes and the EXPLAIN plans."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py measure` (bench/README.md says what each operation and",
        "bound is). Ratios compare the product with its lower bound measured in the same run,",
        "interleaved, so the load of the shared machine weighs on both alike.",
        "",
        f"- Date: {machine['date']}",
        f"- Machine: {machine['cpus']} CPUs, {machine['platform']}, Python {machine['python']}",
        f"- Load average (1, 5, 15 min) before: {machine['load_average']}, after: "
        f"{machine.get('load_average_after')} (other sessions share the cores)",
        "- Sizes: "
        + "; ".join(
            f"{n:,} attendances ({', '.join(f'{k} {v:,}' for k, v in info['rows'].items())})"
            for n, info in sizes.items()
        ),
        "",
        "| operation | attendances | median ms | bound ms | ratio | rps | bound rps | p99 ms | "
        "other | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    named = {"operation", "attendances", "median_ms", "bound_median_ms", "ratio"}
    named |= {"rps", "bound_rps", "p99_ms"}
    for r in results:
        other = ", ".join(f"{k} {v}" for k, v in r.items() if k not in named)
        lines.append(
            f"| {r['operation']} | {r['attendances']:,} | {r['median_ms']:.1f} | "
            f"{r['bound_median_ms']:.1f} | {r['ratio']:.2f} | {r.get('rps', '')} | "
            f"{r.get('bound_rps', '')} | {r.get('p99_ms', '')} | {other} | "
            f"{GOALS.get(r['operation'], '')} |"
        )
    lines += ["", "## Growth", "", "| operation | product | bound |", "|---|---|---|"]
    for operation in dict.fromkeys(r["operation"] for r in results):
        rows = sorted(
            (r for r in results if r["operation"] == operation), key=lambda r: r["attendances"]
        )
        product = _growth([(r["attendances"], r["median_ms"]) for r in rows])
        bound = _growth([(r["attendances"], r["bound_median_ms"]) for r in rows])
        lines.append(f"| {operation} | {product} | {bound} |")
    lines += ["", "## EXPLAIN of the slowest query of each report operation", ""]
    for n, info in sizes.items():
        for key, plan in info.items():
            if key.startswith("plan_"):
                lines += [f"### {key[5:]} at {n:,} attendances", "", "```", *plan, "```", ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
