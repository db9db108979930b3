"""Where the project's shared data lives: `shared/` beside the checkout (or one level up, for a
worktree). Tests find it only through here."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    for parent in REPO.parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared"
    raise FileNotFoundError(f"no shared/ folder beside {REPO}")
