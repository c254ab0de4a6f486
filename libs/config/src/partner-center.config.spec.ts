import { EnvReader } from './env-reader';
import { readPartnerCenterConfig } from './partner-center.config';

describe('readPartnerCenterConfig', () => {
  it('refuses MCA_MODE=legacy with a message naming the retirement', () => {
    const env = new EnvReader({ MCA_MODE: 'legacy' });
    readPartnerCenterConfig(env);
    expect(env.problems).toEqual([expect.stringContaining('MCA_MODE: "legacy" is no longer supported')]);
  });

  it('accepts MCA_MODE unset or enhanced, and leaves the refresh-token seed empty by default', () => {
    for (const value of [{}, { MCA_MODE: 'enhanced' }]) {
      const env = new EnvReader(value);
      const config = readPartnerCenterConfig(env);
      expect(env.problems).toEqual([]);
      expect(config.refreshToken.isEmpty).toBe(true);
      expect(config.authRecheckMs).toBe(15_000);
    }
  });
});
