"""Kritische Blik's own finders, complementing deduce: pure functions over one piece of text (plus deduce's word
lists where given), returning ``(start, end, category)`` spans.

* structured identifiers: :mod:`.identifiers` (combines :mod:`.identifier_numbers`, :mod:`.identifier_cases`,
  :mod:`.identifier_streets`, :mod:`.identifier_ages`);
* person names: :mod:`.names` (known in advance), :mod:`.name_cues` (given away by context), :mod:`.name_lists`
  (deduce's first names and surnames, vetting);
* institutions and places: :mod:`.institutions`, unknown capitalised words: :mod:`.unknown_names`, both on
  :mod:`.lexicon`; names that identify no one (countries, large cities, car brands): :mod:`.public_names`.
"""
