"""REFI-QDA interchange (standard 1.5, schemas 1.0), in and out. May import ``ingest`` and ``export.common``;
neither imports this package.

Out, to the path or stream the caller gives (the caller makes writing it safe with ``safefiles``):
``qdc_writer`` (the codebook as ``.qdc``, and the code tree both files share), ``qdpx_writer`` (the project as
``.qdpx``) with ``qdpx_cases`` (respondents as Cases with Variables) and ``xml_writer`` (streaming XML).

In: ``qdpx_archive`` (the archive read safely, with the checks of ``ingest.archive``), ``project_reader`` (a
``.qdpx`` into a project) with its parts ``codebook_reader`` (codes, and ``import_qdc``), ``sources_reader``,
``cases_reader``, ``selections_reader``, ``privacy`` (what pseudonymisation changes), ``xml_reader`` and
``report``.

Shared: ``vocabulary`` (namespaces, variable names, colours) and ``guids`` (stable GUIDs out, GUID maps in).
"""
