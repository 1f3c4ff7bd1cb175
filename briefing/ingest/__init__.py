"""Ingest: find the input files and read each into an Article (text, metadata).

Modules, each importing only those above it: ``readers`` (one per format) and ``textinput``
(text given in memory), ``inputs`` (suffixes, paths in messages, skip reasons), ``manifest``
(metadata manifests), ``own_output`` (briefing's own files), ``read`` (:func:`ingest`: one
file into an Article), ``discover`` (:func:`discover`: files, folders and manifests into the
files to read; it also re-exports the few names that pipeline and batch import with it:
:class:`~briefing.ingest.inputs.InputFile`, ``Limits``, ``display_path``, ``failure_reason``,
``skip_reason`` and :func:`~briefing.ingest.read.ingest`).
"""
