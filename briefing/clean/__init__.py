"""Clean: ``Article -> CleanArticle`` (:func:`briefing.clean.cleaner.clean`).

Modules, each importing only those above it: ``characters`` (invisible characters, folding,
punctuation), ``items`` (the working copy of a block), ``rules`` (noise line rules, agencies,
e-mail, reader-comment signs), ``markup`` (Markdown structure and inline marks, flattened
tables), ``layout`` (hard wraps, title line, subheadings), ``cleaner`` (the passes in order);
``language`` checks that what is left is Arabic.
"""
