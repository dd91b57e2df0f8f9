"""The demo of `irm serve --demo`: a believable mechanism, loaded from the data files of `irm/demo/data/`.

`irm.demo.loader` reads the files and runs one step per file (`irm.demo.steps`), each calling the
services of the app that owns the rows; `data/targets.yaml` lists the published figures the demo is
calibrated to. docs/ARCHITECTURE.md ("How to add … demo data") says how an app adds its own file.
"""

from __future__ import annotations

from irm.demo.loader import DEMO_LOGINS, STEPS, DemoDataError, Step, Writer, load_demo, read_data

__all__ = ["DEMO_LOGINS", "STEPS", "DemoDataError", "Step", "Writer", "load_demo", "read_data"]
