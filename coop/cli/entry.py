"""coop's entry point: the command line imported with the garbage collector paused.

Starting coop is mostly importing typer and the standard modules it needs:
some 17,000 objects, all kept until the process ends. Left running, the
cyclic garbage collector walks them while they are created, and again at
exit when the interpreter tears the modules down. Paused during the imports,
then told these objects are permanent (``gc.freeze``), it resumes for the
command itself with nothing of them to revisit: about an eighth fewer
instructions for ``coop --help`` (issue 7). Forked workers share the frozen
objects' memory pages untouched, as ``gc.freeze`` intends.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    try:
        _start()
    except BaseException as exc:
        if not interrupted(exc):
            raise
        # Ctrl-C while coop starts: said as inside a command.
        raise SystemExit(say_interrupted()) from None


_said = False  # "interrupted" written


def say_interrupted() -> int:
    """Write ``interrupted`` once; the exit status that goes with it.

    Ctrl-C is ignored from here on: a second one (an impatient user) while
    coop ends would say it again, from the entry point's handler, or kill
    the interpreter as it shuts down (Python gives SIGINT back its default
    action then, unless it is ignored).
    """
    global _said
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _said:
        _said = True
        sys.stderr.write("interrupted\n")
    return 130  # EXIT_INTERRUPTED: coop.cli.errors imports typer


def interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` is Ctrl-C: a KeyboardInterrupt, or an error raised
    *from* one (its ``__cause__``) by code that wraps whatever it calls.

    Python 3.11 itself does so while it creates a class: a KeyboardInterrupt
    raised in a descriptor's ``__set_name__`` (a dataclass ``field()``, a
    ``functools.cached_property``) becomes ``RuntimeError: Error calling
    __set_name__ …`` (3.12 no longer wraps it). Coop creates classes as it
    imports a command's modules, so a Ctrl-C landing there read as an
    internal error (exit 3). An error merely raised *while* handling an
    interrupt (its ``__context__``) is another matter: a failing clean-up is
    a bug, still an internal error.
    """
    seen: set[int] = set()  # a chain of causes can loop
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__
    return False


def _start() -> None:
    likely_changed = False
    if sys.argv[1:2] in (["query"], ["validate"]):
        # The files' state, taken on the other processor while the CLI starts.
        from coop.load.prefetch import start

        likely_changed = start(sys.argv[2:], command=sys.argv[1])
    gc.disable()
    try:
        from coop.cli.app import main as run

        if likely_changed:  # while the state is taken: see coop.validate.hint
            from coop.validate.hint import import_checking

            import_checking()
    finally:
        gc.freeze()
        gc.enable()
    run()
