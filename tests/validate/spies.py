"""Record what a function of coop answers, while a test runs it for real."""

from __future__ import annotations

from typing import Any

import pytest


def answers_of(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[Any]:
    """The answers ``module.name`` gives from now on, in order; it still runs."""
    answers: list[Any] = []
    real = getattr(module, name)

    def spy(*args: object, **kwargs: object) -> object:
        answers.append(real(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(module, name, spy)
    return answers
