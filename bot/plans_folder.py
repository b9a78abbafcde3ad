"""The plans folder (PLANS_DIR): a Zalo bot receives no files, so plans are put in a
folder the bot watches. A file that has stopped changing is read in, then moved to
'da-nap/' (read) or 'loi/' (could not be read, with a .txt saying why), so a restart
never reads it twice and the folder shows what happened."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot import texts
from bot.service import Service

logger = logging.getLogger(__name__)

PLAN_SUFFIXES = (".docx", ".txt", ".md", ".pdf")
SCAN_SECONDS = 10
DONE_FOLDER = "da-nap"
FAILED_FOLDER = "loi"


def ready_files(folder: Path, seen: dict[Path, tuple[int, int]]) -> list[Path]:
    """Plan files whose size and time did not change since the last scan (a copy in progress
    is left for the next one). *seen* is updated."""
    ready, current = [], {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in PLAN_SUFFIXES or path.name.startswith("."):
            continue
        stat = path.stat()
        current[path] = (stat.st_size, stat.st_mtime_ns)
        if seen.get(path) == current[path]:
            ready.append(path)
    seen.clear()
    seen.update({path: mark for path, mark in current.items() if path not in ready})
    return ready


def ingest_ready(service: Service, folder: Path, seen: dict[Path, tuple[int, int]]) -> int:
    """One scan: read every settled file in; returns how many plans were stored."""
    from knowledge.ingest import ingest_file

    stored = 0
    for path in ready_files(folder, seen):
        result = ingest_file(service.db, path)
        target = folder / (DONE_FOLDER if result.ok else FAILED_FOLDER)
        target.mkdir(exist_ok=True)
        if result.ok:
            stored += 1
            logger.info("plan read from the plans folder: %s", path.name)
        else:
            (target / f"{path.name}.txt").write_text(texts.render_ingest_result(result), encoding="utf-8")
            logger.warning("plan in the plans folder could not be read: %s", path.name)
        path.replace(target / path.name)
    return stored


async def watch(service: Service, folder: Path, stop: asyncio.Event, every: float = SCAN_SECONDS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    seen: dict[Path, tuple[int, int]] = {}
    while not stop.is_set():
        await asyncio.to_thread(ingest_ready, service, folder, seen)
        try:
            await asyncio.wait_for(stop.wait(), every)
        except asyncio.TimeoutError:
            pass
