"""The plan's deliverables workflow (issue 7): deliverables and their reviewed updates, accounts and
roles, disclosure control for the public view, and the append-only audit trail.

Modules: ``status`` (the one rule for a deliverable's latest approved update, status and overdue
flag at a date), ``deliverables`` (tracking, drafting with revisions, approval), ``calendar`` (board
meetings), ``users`` (accounts, passwords, login throttling, sessions), ``roles``
(what each role may do), ``audit`` (``record_audit`` and the listing), ``disclosure`` (pure small-number
suppression), ``public`` (the aggregates the public view may show), ``settings``, ``oidc``.
"""
