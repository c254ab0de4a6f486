import { findUnpairedSurrogate } from './json-body';

describe('findUnpairedSurrogate', () => {
  it('names the field holding an unpaired high or low surrogate', () => {
    expect(findUnpairedSurrogate({ reference: '\ud800' })).toBe('reference');
    expect(findUnpairedSurrogate({ items: [{ ok: 'x' }, { note: 'a\udc00b' }] })).toBe('items[1].note');
    expect(findUnpairedSurrogate({ mca: { signatory: { firstName: 'Ada\ud83d' } } })).toBe('mca.signatory.firstName');
    expect(findUnpairedSurrogate('\udfff')).toBe('body');
  });

  it('accepts paired surrogates (emoji, rare scripts) and other values', () => {
    expect(findUnpairedSurrogate({ name: 'Contoso 😀 𠀀', quantity: 5, nested: [true, null, { a: 'é' }] })).toBeNull();
  });

  it('refuses a field name holding an unpaired surrogate', () => {
    expect(findUnpairedSurrogate({ account: { ['\ud800']: 1 } })).toBe('account.(field name)');
  });
});
