import { parseArgs } from 'node:util';
import { overview, usageOf } from './command-registry';
import { COMMANDS } from './commands';

describe('ops CLI commands', () => {
  it('lists every command in the overview and has a usage text naming each option', () => {
    const text = overview(COMMANDS);
    for (const command of COMMANDS) {
      expect(text).toContain(`  ${command.name} `);
      const usage = usageOf(command);
      expect(usage).toContain(`usage: npm run ops -- ${command.name}`);
      for (const option of Object.keys(command.options ?? {})) expect(usage).toContain(`--${option}`);
    }
    expect(new Set(COMMANDS.map((command) => command.name)).size).toBe(COMMANDS.length);
  });

  it('declares options node:util parseArgs accepts, with --help added by main', () => {
    for (const command of COMMANDS) {
      expect(() => parseArgs({ args: ['--help'], options: { ...command.options, help: { type: 'boolean' } } })).not.toThrow();
    }
  });
});
