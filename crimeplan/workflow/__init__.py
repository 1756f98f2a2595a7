"""The plan's deliverables workflow (issue 7): deliverables and their reviewed updates, accounts and
roles, disclosure control for the public view, and the append-only audit trail.

Modules: ``deliverables`` (tracking, drafting, approval, ``latest_approved``), ``calendar`` (board
meetings and due dates), ``users`` (accounts, passwords, login throttling, sessions), ``roles``
(what each role may do), ``audit`` (``record_audit`` and the listing), ``disclosure`` (pure small-number
suppression), ``public`` (the aggregates the public view may show), ``settings``, ``oidc``.
"""
