import { isPlainName } from './text-rules';

describe('isPlainName', () => {
  it.each(['Contoso \u202eLtd', 'Ada\u0007', 'Evil\u200f Corp', 'x\u2066y', 'tab\there', 'line\nbreak', 'nul\u0000'])(
    'refuses control and text-direction characters (%j)',
    (name) => {
      expect(isPlainName(name)).toBe(false);
    },
  );

  it.each(['Contoso Ltd', 'Müller & Söhne GmbH', 'Łódź Sp. z o.o.', '株式会社テスト', 'شركة', "O'Brien-Smith"])(
    'accepts names in any script (%s)',
    (name) => {
      expect(isPlainName(name)).toBe(true);
    },
  );
});
