"""Answer latency on synthetic knowledge bases (10k, 100k, 1M tasks) — a benchmark, not a test.

    .venv/bin/python scripts/bench_search.py [--sizes 10000 100000 1000000] [--questions 200]

Per size: one process builds the database (index build time) and times the naive
approach (rapidfuzz process.extract with WRatio over every task text); a fresh process
answers the fixed question mix (p50/p99 latency, and its peak RSS: the answerer's own);
start-up is import + open DB + catalog in a third. --keep DIR reuses built databases.
Tasks are made from the sample plans' own vocabulary, places, units and leaders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20261122
TASKS_PER_DOCUMENT = 500
NAIVE_SAMPLE = 20            # the naive scan is slow at 1M: time this many questions
TODAY = dt.date(2026, 6, 15)


def sample_plans():
    from knowledge.parser import parse_plan

    return [parse_plan(p.read_text(encoding="utf-8").splitlines(), p.name)
            for p in sorted((ROOT / "samples" / "plans").glob("*.txt"))]


def vocabulary(plans):
    contents = [t.content for doc in plans for t in doc.tasks]
    units = sorted({u for doc in plans for t in doc.tasks for u in t.lead_units})
    leaders = sorted({t.leader for doc in plans for t in doc.tasks if t.leader})
    words = sorted({w for c in contents for w in c.split() if len(w) > 1})
    return contents, units, leaders, words


def synthetic_documents(size: int, rng: random.Random):
    """Plans of TASKS_PER_DOCUMENT tasks each, in many invented wards."""
    from knowledge.models import PlanDocument, PlanPeriod, Source, Span, Task, TimeKind, When
    from knowledge.units import leader_name

    plans = sample_plans()
    contents, units, leaders, words = vocabulary(plans)
    syllables = ["Phú", "An", "Hòa", "Bình", "Tân", "Lợi", "Đông", "Sơn", "Minh", "Thành", "Hưng", "Lạc"]
    period = PlanPeriod("năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for number in range(0, size, TASKS_PER_DOCUMENT):
        place = f"phường {rng.choice(syllables)} {rng.choice(syllables)} {number // TASKS_PER_DOCUMENT}"
        doc = PlanDocument(file_name=f"synthetic-{number}.txt", sha256=f"s{number}", kind="KẾ HOẠCH",
                           title=f"Công tác năm 2026 số {number}", place=place, period=period)
        for index in range(min(TASKS_PER_DOCUMENT, size - number)):
            base = rng.choice(contents).split()
            extra = rng.sample(words, 3)
            content = " ".join(base[: rng.randint(4, 14)] + extra)
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            leader = rng.choice(leaders)
            doc.tasks.append(Task(
                content=content, lead_units=[rng.choice(units)], lead_raw="", leader=leader,
                leader_name=leader_name(leader),
                when=When(raw=day.strftime("%d/%m/%Y"), kind=TimeKind.DEADLINE, spans=(Span(day, day),)),
                layout="table", source=Source(doc.file_name, "", str(index + 1), index + 1)))
        doc.unit_aliases = {u: u for u in units}
        yield doc


def question_mix(rng: random.Random, count: int) -> list[str]:
    plans = sample_plans()
    contents, units, leaders, _ = vocabulary(plans)
    from knowledge.text import fold
    from knowledge.units import leader_name

    templates = [
        lambda: f"ai chủ trì {' '.join(rng.choice(contents).split()[:6])}",
        lambda: f"hạn {' '.join(rng.choice(contents).split()[:5])} ngày nào",
        lambda: fold(f"ai chu tri {' '.join(rng.choice(contents).split()[:5])}"),
        lambda: f"tháng {rng.randint(1, 12)} có những việc gì",
        lambda: f"{rng.choice(units)} tháng {rng.randint(1, 12)} làm gì",
        lambda: f"{leader_name(rng.choice(leaders))} chỉ đạo việc gì tháng {rng.randint(1, 12)}",
        lambda: "tuần này có hạn gì",
        lambda: rng.choice(["thời tiết ngày mai thế nào", "giá vàng hôm nay", "lịch thi đấu bóng chuyền"]),
    ]
    return [rng.choice(templates)() for _ in range(count)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(size: int, path: Path) -> dict:
    """Build the synthetic database at *path*; time the naive scan on the same tasks."""
    from knowledge.ingest import store_document
    from knowledge.database import open_db

    rng = random.Random(SEED)
    db = open_db(path)
    started = time.perf_counter()
    texts = []
    for doc in synthetic_documents(size, rng):
        store_document(db, doc)
        texts.extend(t.content for t in doc.tasks)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    build_s = time.perf_counter() - started
    asked = question_mix(random.Random(SEED + 1), NAIVE_SAMPLE)
    return {"build_s": round(build_s, 1), "naive_p50_ms": round(naive_latency(texts, asked), 1)}


def ask(path: Path, questions: int) -> dict:
    """Answer the question mix in this fresh process: its peak RSS is the answerer's own."""
    from knowledge.answer import Answerer
    from knowledge.database import open_db

    answerer = Answerer(open_db(path))
    asked = question_mix(random.Random(SEED + 1), questions)
    answerer.ask(asked[0], TODAY)        # underthesea's model loads here, not counted
    latencies = []
    for question in asked:
        t0 = time.perf_counter()
        answerer.ask(question, TODAY)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    return {"p50_ms": round(statistics.median(latencies), 1),
            "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
            "peak_rss_mb": round(peak_rss_mb())}


def run_size(size: int, questions: int, keep: Path | None) -> dict:
    folder = keep or Path(tempfile.mkdtemp())
    path = folder / f"bench-{size}.db"
    built = {}
    if not path.exists():
        built = _child("--build", size, "--path", path)
    answered = _child("--ask", size, "--path", path, "--questions", questions)
    result = {"tasks": size, "build_s": built.get("build_s", "cached"), "db_mb": round(path.stat().st_size / 2**20, 1),
              **answered, "naive_p50_ms": built.get("naive_p50_ms"), "startup_s": round(measure_startup(path), 2)}
    result["naive_ratio"] = round(result["naive_p50_ms"] / result["p50_ms"], 1) if result["naive_p50_ms"] else None
    if keep is None:
        path.unlink()
    return result


def _child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def naive_latency(texts: list[str], questions: list[str]) -> float:
    from rapidfuzz import fuzz, process, utils

    folded = [utils.default_process(t) for t in texts]
    times = []
    for question in questions:
        t0 = time.perf_counter()
        process.extract(utils.default_process(question), folded, scorer=fuzz.WRatio, limit=10,
                        processor=None)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure_startup(path: Path) -> float:
    code = ("import time; t=time.perf_counter(); from knowledge.answer import Answerer, warm_up; "
            "from knowledge.database import open_db; a=Answerer(open_db(%r)); a.catalog; "
            "print(time.perf_counter()-t)" % str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the built databases in this folder")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ask", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build(args.build, args.path)))
        return 0
    if args.ask:
        print(json.dumps(ask(args.path, args.questions)))
        return 0
    print(f"{'tasks':>9} {'build s':>8} {'db MB':>7} {'p50 ms':>7} {'p99 ms':>7} {'naive p50':>10} "
          f"{'ratio':>6} {'RSS MB':>7} {'start s':>8}")
    for size in args.sizes:
        try:
            r = run_size(size, args.questions, args.keep)
        except RuntimeError as error:
            print(f"{size:>9} failed: {error}")
            continue
        print(f"{r['tasks']:>9} {r['build_s']:>8} {r['db_mb']:>7} {r['p50_ms']:>7} {r['p99_ms']:>7} "
              f"{r['naive_p50_ms']!s:>10} {r['naive_ratio']!s:>6} {r['peak_rss_mb']:>7} {r['startup_s']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
