const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;
const MARKS = /\p{M}/gu;

/**
 * Splits text into the words the search matches, as SQLite FTS5's default `unicode61` tokenizer does:
 * runs of letters and digits, lower-cased, diacritics removed ("Café-Bar" -> ["cafe", "bar"]).
 * Used by MemoryLogStore so that it matches what SqliteLogStore matches.
 */
export function textTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((t) => t !== '');
}
