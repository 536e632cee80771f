"""REFI-QDA interchange (standard 1.5, schemas 1.0), in and out.

Out: ``qdc_writer`` (the codebook as ``.qdc``) and ``qdpx_writer`` (the project as ``.qdpx``, with
``qdpx_cases`` for the case variables); both write to the path or stream the caller gives them.
In: ``qdpx_archive`` (the archive read safely, on top of ``ingest.archive``), ``project_reader`` (a ``.qdpx``
into a project) with its parts ``codebook_reader``, ``sources_reader``, ``cases_reader``,
``selections_reader`` and ``privacy`` (what pseudonymisation changes), and ``report``.
Shared: ``vocabulary`` (namespaces, variable names) and ``guids`` (stable GUIDs out, GUID maps in).
"""
