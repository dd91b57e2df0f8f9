"""The demo's steps, one per data file: each reads its file and calls the services of the app that owns
the rows (see irm.demo.loader)."""
