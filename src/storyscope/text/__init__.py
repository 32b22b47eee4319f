"""Plain-text helpers shared by every stage that reads words: the words around a match
(``scan``) and English number words (``numberwords``). No model, no state."""
