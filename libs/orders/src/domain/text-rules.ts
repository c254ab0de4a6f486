// Control characters and the invisible marks that reorder text (bidi overrides, isolates, LRM/RLM,
// ALM): in a name they forge what a person or an invoice shows ("Contoso \u202eLtd").
const FORBIDDEN_IN_NAMES = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const NAME_CHARACTERS_MESSAGE = 'Control characters and text-direction marks are not allowed in names';

/** True when a person's or a company's name holds only printable text. */
export function isPlainName(value: string): boolean {
  return !FORBIDDEN_IN_NAMES.test(value);
}
