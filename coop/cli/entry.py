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
    except KeyboardInterrupt:  # Ctrl-C while coop starts: said as inside a command
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None  # EXIT_INTERRUPTED: coop.cli.errors imports typer


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
