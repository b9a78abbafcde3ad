"""Ingest throughput — a benchmark, not a test.

    .venv/bin/python scripts/bench_ingest.py [--rounds 20] [--documents 1000]

1. The five sample plans ingested --rounds times into one database (each round
   replaces the previous versions, as a re-upload does).
2. A synthetic corpus of --documents plan files written from the samples with other
   place names, numbers and dates, ingested in one call.
Prints documents/s, tasks/s and peak RSS for each.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 7
PLACES = ["Phú Lãm", "An Hải", "Hòa Bình", "Tân Sơn", "Đông Hải", "Minh Khai", "Thành Tô", "Hưng Đạo"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_corpus(folder: Path, count: int) -> None:
    """Variants of the sample plans: another place, plan number and shifted days."""
    rng = random.Random(SEED)
    samples = [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "samples" / "plans").glob("*.txt"))]
    places = ["Phúc Lợi", "Bằng Lang", "Lê Ích Mộc", "Việt Hoà", "Hồng An"]
    for index in range(count):
        path, text = samples[index % len(samples)]
        new_place = f"{rng.choice(PLACES)} {index}"
        for place in places:
            text = text.replace(place, new_place)
        text = re.sub(r"Số: (\d*)/", f"Số: {index + 1}/", text, count=1)
        text = re.sub(r"\b(\d{1,2})/(\d{1,2})/2026\b",
                      lambda m: f"{min(28, int(m.group(1)) + rng.randint(0, 2)):02d}/{m.group(2)}/2026", text)
        (folder / f"{index:04d}-{path.name}").write_text(text, encoding="utf-8")


def timed_ingest(db, paths):
    from knowledge.ingest import ingest_paths

    started = time.perf_counter()
    report = ingest_paths(db, paths)
    return report, time.perf_counter() - started


def main() -> int:
    from knowledge.database import open_db

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "samples.db")
        documents = tasks = 0
        elapsed = 0.0
        for _ in range(args.rounds):
            report, seconds = timed_ingest(db, [ROOT / "samples" / "plans"])
            documents += len(report.results)
            tasks += report.task_count
            elapsed += seconds
        print(f"samples x{args.rounds}: {documents / elapsed:.1f} documents/s, {tasks / elapsed:.0f} tasks/s, "
              f"{db['tasks'].count} tasks stored (replaced each round), peak RSS {peak_rss_mb():.0f} MB")
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.documents)
        db = open_db(Path(tmp) / "corpus.db")
        report, seconds = timed_ingest(db, [corpus])
        print(f"corpus of {len(report.results)} files: {len(report.results) / seconds:.1f} documents/s, "
              f"{report.task_count / seconds:.0f} tasks/s, {len(report.failures)} failed, "
              f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
