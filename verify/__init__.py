"""The machinery that turns test evidence into per-claim verdicts.

Data flows one way: claim tests record evidence through the ``evidence``
fixture (:mod:`verify.evidence`), the pytest plugin (:mod:`verify.plugin`)
collects it on the controller, :mod:`verify.verdicts` folds it into one
verdict per ledger claim (:mod:`verify.ledger`), and :mod:`verify.report`
renders ``results.json`` into markdown pages.
"""
