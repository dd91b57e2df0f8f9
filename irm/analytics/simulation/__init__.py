"""The proposal simulator (issue 22 §3 to §6): what the next phase of the mechanism would take.

Pure apart from its inputs: `config` reads and checks a proposal (JSON or YAML), `inputs` fills its
gaps from `Defaults` (read from the database by `irm.analytics.selectors.simulation_defaults`),
`draw` asks the lots engine whether a valid drawing of lots exists under the caps, `timing` runs the
Monte Carlo over the stage durations, `run` puts the result together. The same seed gives the same
result.
"""

from irm.analytics.simulation.config import (
    FIELDS,
    MAX_BYTES,
    MAX_RUNS,
    SIMULATED_STAGES,
    Proposal,
    from_stored,
    parse,
    validate,
)
from irm.analytics.simulation.inputs import Defaults, Inputs, resolve
from irm.analytics.simulation.run import simulate

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_RUNS",
    "SIMULATED_STAGES",
    "Defaults",
    "Inputs",
    "Proposal",
    "from_stored",
    "parse",
    "resolve",
    "simulate",
    "validate",
]
