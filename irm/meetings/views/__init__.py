"""Pages of sessions, one module per section: thin — parse, call one service, render.

Objects come through `permissions`; `manage/` holds the secretariat's pages.
"""
