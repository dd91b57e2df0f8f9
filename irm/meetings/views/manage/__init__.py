"""The secretariat's pages: create and edit sessions and joint meetings, the agenda, the organization of work,
documents, lists of speakers and the requests and swaps received in writing, officers and observers.

Thin: a form parses, one service changes (validated, atomic, audited), and a refusal is shown on the form with
the input kept. Only the secretariat reaches these pages (`permissions.can_manage`); the services check it again.
"""
