"""Pseudonymisation of everything that enters a project (docs/privacy.md says what is detected, and how well).

* :mod:`.pseudonymiser` — the orchestration: :class:`~.pseudonymiser.Pseudonymiser` and the process-wide
  :func:`~.pseudonymiser.get_pseudonymiser`; the passes over one interview are in :mod:`.passes`, the spans and
  their combination in :mod:`.spans` and :mod:`.filters`, the result type and error in :mod:`.result`;
* :mod:`.deduce_adapter` — the one module that knows deduce and docdeid: loading, caching, trie compaction,
  running (``tests/test_deduce_contract.py`` pins what it relies on);
* :mod:`.finders` — Kritische Blik's own finders: structured identifiers, known and unknown person names,
  institutions, public names that stay; :mod:`.invisible` looks through format characters;
  :mod:`.categories` names the placeholders.

``python -m kritischeblik.ingest.pseudonymisation --warm`` builds deduce's cache once per machine.
"""
