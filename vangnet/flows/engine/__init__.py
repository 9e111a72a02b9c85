"""The flows engine: `engine_run(corporation=..., as_of=..., report=...)` runs the phases of one day.

Phases, each in its own transaction: snapshot balances → classify → close paid → reroute (open dossiers
into a flow that takes them over) → enroll → holds → advance → close finished. A crash between phases leaves what was done; the next run finds it done and goes on,
because every insert is keyed (StepRun on enrollment and step, tasks on their source, costs on the
enrollment) and every update is a state transition.

The day as a whole (the monitors of arrangements, promises, claims and disputes first, then this engine,
then breach notices and the outbox) is composed by `vangnet.daily.services.run_day` and `day_run`: the CLI,
the scheduler and the back office's preview of tonight's run all go through there, and a dry run is the
daily's transaction rolled back.

Import the phases from their modules (`vangnet.flows.engine.run`, `.report`): this package re-exports
nothing, so importing a sink that uses `engine.context` (flows.holds) never loads the run, which imports
that sink back.
"""
