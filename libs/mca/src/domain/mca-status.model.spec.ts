import { mcaStatus } from './mca-status.model';

describe('mcaStatus', () => {
  it('is missing without agreements or a direct signature', () => {
    expect(mcaStatus([], false)).toBe('missing');
  });

  it('is valid with a direct signature and no agreement', () => {
    expect(mcaStatus([], true)).toBe('valid');
  });

  it('is stale when the newest agreement predates 2023-04-01', () => {
    expect(mcaStatus([{ dateAgreed: '2022-11-01T00:00:00Z' }], false)).toBe('stale');
    expect(mcaStatus([{ dateAgreed: '2023-03-31T23:59:59Z' }], true)).toBe('stale');
  });

  it('is valid when an agreement was accepted on or after 2023-04-01', () => {
    expect(mcaStatus([{ dateAgreed: '2022-01-01T00:00:00Z' }, { dateAgreed: '2023-04-01T00:00:00Z' }], false)).toBe('valid');
  });
});
