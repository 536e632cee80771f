"""A small transcript shared by the auto-coding tests (library and CLI): keyword hits in two codes and
interviewer questions."""

TRANSCRIPT = """---
id: test-01
omgeving: wijk
duo: [Marieke de Vries, Ahmed Benali]
respondent_rol: wijkverpleegkundige
datum: 2020-01-14
---

## Mooi voorbeeld

Marieke de Vries: Kun je een moment noemen waarop de samenwerking echt het verschil maakte?
Sandra: We samenwerkten goed met de school. Er was een wachtlijst van tien weken. Het weer was mooi.

## Vastloopmoment

Ahmed Benali: En waar liep het vast?
Sandra: Niemand was aan zet. Iedereen wachtte op elkaar, en de formulieren bleven liggen.
"""
